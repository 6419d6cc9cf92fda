/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as it
 * aborts (the timer is cleared, so nothing keeps the process alive).
 *
 * @param ms Milliseconds to wait (negative counts as 0).
 * @param signal Aborts the wait.
 * @returns Resolves after `ms`.
 * @throws The signal's reason when it aborts.
 *
 * @example Wait, or stop early
 * ```ts
 * import assert from "node:assert/strict";
 * import { delay } from "./delay.ts";
 * await delay(1);
 * const controller = new AbortController();
 * const waiting = delay(60_000, controller.signal);
 * controller.abort(new Error("stop"));
 * await assert.rejects(waiting, { message: "stop" });
 * ```
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
