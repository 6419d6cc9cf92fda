/**
 * The kit's one clock: a {@linkcode Clock} (milliseconds since the epoch and an
 * abortable sleep) that every capability takes as an option, so tests run on
 * virtual time, and the one way the kit writes a time: UTC ISO 8601 to the
 * **whole second**, `2026-01-10T12:00:00Z` ({@linkcode isoUtc}; milliseconds are
 * truncated, never rounded). That is the form of the original ledgers, feeds
 * and heartbeats; every `*_utc`, `ts` and `timestamp` the kit writes uses it.
 *
 * Times read from files keep their own precision (see `normalizeTimestamp` in
 * `lib/mips/`): only what the kit writes is made uniform here.
 *
 * @module
 */
import { delay } from "./delay.ts";

/** A time source and a sleeper. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Waits `ms` milliseconds.
   * @throws The signal's reason when it aborts.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `Date.now()` and a timer that an abort signal cuts short.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { systemClock } from "./clock.ts";
 * const t0 = systemClock.now();
 * await systemClock.sleep(1);
 * assert(systemClock.now() >= t0);
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: delay,
};

/** A clock tests drive by hand. */
export interface ManualClock extends Clock {
  /** Moves time forward without sleeping. */
  advance(ms: number): void;
  /** Total milliseconds slept so far. */
  readonly slept: number;
}

/**
 * A test clock: `sleep(ms)` advances virtual time by `ms`, calls `onSleep`
 * (where a test can, say, append to a file being "downloaded") and resolves
 * at once; time moves only by `sleep` and `advance`.
 *
 * @param startMs Initial time (ms since the epoch). @default {Date.UTC(2026, 0, 10, 12)}
 * @param onSleep Called after each sleep with the new time.
 * @returns The clock.
 *
 * @example Sleeping advances virtual time only
 * ```ts
 * import assert from "node:assert/strict";
 * import { createManualClock, isoUtc } from "./clock.ts";
 * const clock = createManualClock(0);
 * await clock.sleep(60_000);
 * assert.equal(clock.now(), 60_000);
 * assert.equal(clock.slept, 60_000);
 * assert.equal(isoUtc(clock.now()), "1970-01-01T00:01:00Z");
 * ```
 */
export function createManualClock(
  startMs: number = Date.UTC(2026, 0, 10, 12),
  onSleep?: (nowMs: number) => void | Promise<void>,
): ManualClock {
  let now = startMs;
  let slept = 0;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    get slept() {
      return slept;
    },
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      now += Math.max(0, ms);
      slept += Math.max(0, ms);
      await onSleep?.(now);
      signal?.throwIfAborted();
    },
  };
}

/**
 * A clock stopped at one instant: `now()` never changes and `sleep` resolves at
 * once (for deterministic timestamps in examples and tests).
 *
 * @param atMs The instant (ms since the epoch).
 * @returns The clock.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fixedClock, nowUtc } from "./clock.ts";
 * const clock = fixedClock(Date.UTC(2026, 0, 10, 12));
 * await clock.sleep(5_000);
 * assert.equal(nowUtc(clock), "2026-01-10T12:00:00Z");
 * ```
 */
export function fixedClock(atMs: number): Clock {
  return {
    now: () => atMs,
    sleep: (_ms, signal) => {
      signal?.throwIfAborted();
      return Promise.resolve();
    },
  };
}

/**
 * Formats a time the one way the kit writes times: UTC ISO 8601 to the whole
 * second (`2026-01-10T12:00:00Z`), milliseconds truncated.
 *
 * @param ms Milliseconds since the epoch (or a `Date`).
 * @returns The timestamp.
 * @throws {RangeError} When the time is not a valid date.
 *
 * @example Milliseconds are truncated
 * ```ts
 * import assert from "node:assert/strict";
 * import { isoUtc } from "./clock.ts";
 * assert.equal(isoUtc(Date.UTC(2026, 0, 10, 12, 0, 0, 999)), "2026-01-10T12:00:00Z");
 * assert.equal(isoUtc(new Date(0)), "1970-01-01T00:00:00Z");
 * ```
 */
export function isoUtc(ms: number | Date): string {
  const t = typeof ms === "number" ? ms : ms.getTime();
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * The current time of a clock, formatted by {@linkcode isoUtc}.
 *
 * @param clock The time source. @default {systemClock}
 * @returns `YYYY-MM-DDTHH:MM:SSZ`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nowUtc } from "./clock.ts";
 * assert.match(nowUtc(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
 * ```
 */
export function nowUtc(clock: Clock = systemClock): string {
  return isoUtc(clock.now());
}

/**
 * The UTC calendar date of a time (`YYYY-MM-DD`).
 *
 * @param ms Milliseconds since the epoch.
 * @returns `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { utcDate } from "./clock.ts";
 * assert.equal(utcDate(Date.UTC(2025, 11, 31, 23, 59)), "2025-12-31");
 * ```
 */
export function utcDate(ms: number): string {
  return isoUtc(ms).slice(0, 10);
}

/**
 * The UTC month of a time (`YYYY-MM`), the LTM's delta folder name.
 *
 * @param ms Milliseconds since the epoch.
 * @returns `YYYY-MM`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { utcMonth } from "./clock.ts";
 * assert.equal(utcMonth(Date.UTC(2025, 11, 31, 23, 59)), "2025-12");
 * ```
 */
export function utcMonth(ms: number): string {
  return isoUtc(ms).slice(0, 7);
}
