/**
 * A test seam for crash-safety tests: slot changes call {@linkcode slotsStep}
 * between their steps; a test child process installs a hook that pauses (and
 * gets SIGKILLed) at a chosen step. Without a hook it does nothing.
 *
 * @module
 */

/** Called with the name of the step just completed. */
export type SlotsHook = (step: string) => Promise<void> | void;

let hook: SlotsHook | undefined;

/** Installs (or removes, with `undefined`) the hook. */
export function setSlotsHook(fn: SlotsHook | undefined): void {
  hook = fn;
}

/** Marks a step. */
export async function slotsStep(step: string): Promise<void> {
  if (hook) await hook(step);
}
