/**
 * A one-line terminal progress bar on stderr.
 *
 * @module
 */
import type { ProgressFn } from "../lib/progress.ts";

/** A live progress bar. */
export interface ProgressBar {
  /** Redraws the bar (throttled). */
  update: ProgressFn;
  /** Clears the line. */
  done: () => void;
}

/**
 * Creates a progress bar that draws on stderr at most ten times a second.
 *
 * @param label Shown before the bar.
 * @returns The bar.
 *
 * @example
 * ```ts
 * import { createProgressBar } from "./_progress.ts";
 * const bar = createProgressBar("validate");
 * bar.done();
 * ```
 */
export function createProgressBar(label: string): ProgressBar {
  const encoder = new TextEncoder();
  let last = 0;
  let drawn = false;
  const update: ProgressFn = (done, total, note) => {
    const now = performance.now();
    if (now - last < 100 && !(total !== undefined && done >= total)) return;
    last = now;
    const width = 30;
    const ratio = total ? Math.min(1, done / total) : 0;
    const bar = total
      ? `[${"#".repeat(Math.round(ratio * width)).padEnd(width, ".")}] ${(ratio * 100).toFixed(0)}%`
      : `${done}`;
    const line = `\r\x1b[2K${label} ${bar}${note ? ` ${note}` : ""}`.slice(0, 200);
    Deno.stderr.writeSync(encoder.encode(line));
    drawn = true;
  };
  return {
    update,
    done: () => {
      if (drawn) Deno.stderr.writeSync(encoder.encode("\r\x1b[2K"));
    },
  };
}
