/**
 * The progress and cancellation model shared by every long-running function:
 * the CLI turns `progress` into a terminal bar, the MCP layer into progress
 * notifications, and an MCP cancel into `signal`.
 *
 * @module
 */

/**
 * Reports how far a long task is.
 *
 * @param done Units done so far (bytes, files, entries).
 * @param total Units in all, when known.
 * @param note A short word on what is being done now.
 */
export type ProgressFn = (done: number, total?: number, note?: string) => void;

/** Options every long-running function takes. */
export interface LongWorkOptions {
  /** Aborts the work; the function throws the signal's reason. */
  signal?: AbortSignal;
  /** Called as the work advances. */
  progress?: ProgressFn;
}

/**
 * Wraps a progress callback so it reports at most every `everyMs` milliseconds
 * (and always the final step), keeping hot loops cheap.
 *
 * @param progress The callback to throttle (may be undefined).
 * @param everyMs Minimum milliseconds between two reports. @default {100}
 * @returns A callback safe to call on every unit of work.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { throttleProgress } from "./progress.ts";
 * const seen: number[] = [];
 * const p = throttleProgress((d) => seen.push(d), 1000);
 * for (let i = 1; i <= 5; i++) p(i, 5);
 * assert(seen.at(-1) === 5);
 * ```
 */
export function throttleProgress(progress: ProgressFn | undefined, everyMs = 100): ProgressFn {
  if (!progress) return () => {};
  let last = 0;
  return (done, total, note) => {
    const now = performance.now();
    if (now - last >= everyMs || (total !== undefined && done >= total)) {
      last = now;
      progress(done, total, note);
    }
  };
}
