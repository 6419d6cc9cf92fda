/**
 * Stopping long-running commands (`serve`, `mcp`) on SIGTERM as well as on
 * Ctrl-C (which `runCommand` already turns into its signal).
 *
 * @module
 */

/** An abort signal that also fires on SIGTERM, and how to stop listening. */
export interface TerminationSignal extends Disposable {
  /** Aborted on SIGINT (through the parent signal) or SIGTERM. */
  signal: AbortSignal;
}

/**
 * Extends a command's signal with SIGTERM.
 *
 * @param parent The command's signal (aborted on Ctrl-C).
 * @returns The combined signal; dispose it to remove the SIGTERM listener.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { onTermination } from "./_signals.ts";
 * const parent = new AbortController();
 * using stop = onTermination(parent.signal);
 * parent.abort();
 * assert(stop.signal.aborted);
 * ```
 */
export function onTermination(parent: AbortSignal): TerminationSignal {
  const controller = new AbortController();
  const onTerm = () => controller.abort(new DOMException("Terminated", "AbortError"));
  let listening = false;
  if (Deno.build.os !== "windows") {
    Deno.addSignalListener("SIGTERM", onTerm);
    listening = true;
  }
  return {
    signal: AbortSignal.any([parent, controller.signal]),
    [Symbol.dispose]() {
      if (listening) Deno.removeSignalListener("SIGTERM", onTerm);
    },
  };
}
