/**
 * The stability wait: a file is complete when N consecutive samples of its
 * `(size, mtime)`, `intervalMs` apart, are equal and its size is not zero.
 * All candidates are sampled together (one sleep per round), and the wait
 * is bounded: files still changing at the timeout are reported unstable and
 * left in place for a later loop.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import type { Candidate } from "./scan.ts";

/** Options of {@linkcode waitForStable}. */
export interface StabilityOptions {
  /** Equal consecutive samples needed (the scan's stat is the first). @default {2} */
  samples?: number;
  /** Time between samples. @default {1000} */
  intervalMs?: number;
  /** Give up after this long; the files still changing are unstable. @default {15000} */
  timeoutMs?: number;
  /** Time source and sleeper. @default {systemClock} */
  clock?: Clock;
  /** Aborts the wait. */
  signal?: AbortSignal;
}

/** The outcome of {@linkcode waitForStable}. */
export interface StabilityResult {
  /** Complete files, with their final size and mtime. */
  stable: Candidate[];
  /** Files still changing at the timeout. */
  unstable: Candidate[];
  /** Files that disappeared while being sampled. */
  vanished: Candidate[];
}

/**
 * Waits until each candidate is stable, or the timeout passes.
 *
 * @param candidates Files from a scan (their size/mtime is the first sample).
 * @param options Samples, interval, timeout, clock, signal.
 * @returns Stable, unstable and vanished files.
 * @throws The signal's reason when aborted.
 *
 * @example A file that does not change is stable after one interval
 * ```ts
 * import assert from "node:assert/strict";
 * import { waitForStable } from "./stability.ts";
 * import { createManualClock } from "../clock.ts";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "done");
 * const info = await Deno.stat(path);
 * const candidate = { path, name: "x", kind: "mips" as const, size: info.size, mtimeMs: info.mtime!.getTime() };
 * const result = await waitForStable([candidate], { clock: createManualClock() });
 * assert(result.stable.length === 1);
 * await Deno.remove(path);
 * ```
 */
export async function waitForStable(
  candidates: readonly Candidate[],
  options: StabilityOptions = {},
): Promise<StabilityResult> {
  const samples = Math.max(1, options.samples ?? 2);
  const intervalMs = options.intervalMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const clock = options.clock ?? systemClock;
  const start = clock.now();
  const result: StabilityResult = { stable: [], unstable: [], vanished: [] };
  let pending = candidates.map((c) => ({ candidate: { ...c }, equal: 1 }));
  for (;;) {
    options.signal?.throwIfAborted();
    const still: typeof pending = [];
    for (const p of pending) {
      if (p.equal >= samples && p.candidate.size > 0) result.stable.push(p.candidate);
      else still.push(p);
    }
    pending = still;
    if (pending.length === 0) break;
    if (clock.now() - start >= timeoutMs) {
      result.unstable.push(...pending.map((p) => p.candidate));
      break;
    }
    await clock.sleep(intervalMs, options.signal);
    const next: typeof pending = [];
    for (const p of pending) {
      let info: Deno.FileInfo;
      try {
        info = await Deno.lstat(p.candidate.path);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        result.vanished.push(p.candidate);
        continue;
      }
      const mtimeMs = info.mtime?.getTime() ?? 0;
      if (info.size === p.candidate.size && mtimeMs === p.candidate.mtimeMs) p.equal++;
      else {
        p.candidate = { ...p.candidate, size: info.size, mtimeMs };
        p.equal = 1;
      }
      next.push(p);
    }
    pending = next;
  }
  return result;
}
