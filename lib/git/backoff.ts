/**
 * Exponential backoff for retried pushes (watcher.md §5: 5 s → 5 min).
 *
 * @module
 */

/** Backoff bounds. */
export interface BackoffOptions {
  /** Delay after the first failure. @default {5000} */
  initialMs?: number;
  /** Longest delay. @default {300000} */
  maxMs?: number;
  /** Growth per failure. @default {2} */
  factor?: number;
}

/**
 * The delay before the next attempt after `failures` consecutive failures.
 *
 * @param failures Consecutive failures so far (≥ 1).
 * @param options Bounds.
 * @returns Milliseconds to wait.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backoffDelay } from "./backoff.ts";
 * assert(backoffDelay(1) === 5000 && backoffDelay(2) === 10000 && backoffDelay(20) === 300000);
 * ```
 */
export function backoffDelay(failures: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 5000;
  const max = options.maxMs ?? 300_000;
  const factor = options.factor ?? 2;
  const n = Math.max(1, Math.floor(failures));
  return Math.min(max, initial * factor ** (n - 1));
}

/** A retry schedule: when the next attempt is due. */
export interface RetrySchedule {
  /** Consecutive failures. */
  failures: number;
  /** Time (ms since the epoch) from which the next attempt may run. */
  nextAt: number;
}

/**
 * Records an attempt's outcome in a schedule.
 *
 * @param schedule The schedule (updated in place).
 * @param ok Whether the attempt succeeded.
 * @param nowMs The current time.
 * @param options Backoff bounds.
 * @returns The same schedule.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordAttempt } from "./backoff.ts";
 * const s = { failures: 0, nextAt: 0 };
 * recordAttempt(s, false, 1000);
 * assert.deepEqual(s, { failures: 1, nextAt: 6000 });
 * recordAttempt(s, true, 7000);
 * assert.deepEqual(s, { failures: 0, nextAt: 7000 });
 * ```
 */
export function recordAttempt(
  schedule: RetrySchedule,
  ok: boolean,
  nowMs: number,
  options: BackoffOptions = {},
): RetrySchedule {
  if (ok) {
    schedule.failures = 0;
    schedule.nextAt = nowMs;
  } else {
    schedule.failures++;
    schedule.nextAt = nowMs + backoffDelay(schedule.failures, options);
  }
  return schedule;
}
