/**
 * The watcher's notion of time, injectable so tests run deterministically:
 * the system clock for real runs, a manual clock whose `sleep` advances
 * virtual time at once (and can simulate a download growing meanwhile).
 *
 * @module
 */
import { delay } from "../delay.ts";

/** Time source and sleeper. */
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
 * A manual clock: `sleep(ms)` advances virtual time by `ms`, calls `onSleep`
 * (where a test can, say, append to a file being "downloaded") and resolves
 * at once.
 *
 * @param startMs Initial time (ms since the epoch). @default {Date.UTC(2026, 0, 10, 12)}
 * @param onSleep Called after each sleep with the new time.
 * @returns The clock.
 *
 * @example Sleeping advances virtual time only
 * ```ts
 * import assert from "node:assert/strict";
 * import { createManualClock } from "./clock.ts";
 * const clock = createManualClock(0);
 * await clock.sleep(60_000);
 * assert(clock.now() === 60_000 && clock.slept === 60_000);
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
 * A UTC ISO timestamp without milliseconds (`2026-01-10T12:00:00Z`), the
 * form the original watcher wrote.
 *
 * @param ms Milliseconds since the epoch.
 * @returns The timestamp.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isoUtc } from "./clock.ts";
 * assert(isoUtc(Date.UTC(2026, 0, 10, 12)) === "2026-01-10T12:00:00Z");
 * ```
 */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The UTC month folder name (`YYYY-MM`) of a time.
 *
 * @param ms Milliseconds since the epoch.
 * @returns `YYYY-MM`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { utcMonth } from "./clock.ts";
 * assert(utcMonth(Date.UTC(2025, 11, 31, 23, 59)) === "2025-12");
 * ```
 */
export function utcMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
