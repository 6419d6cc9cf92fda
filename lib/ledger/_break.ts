/**
 * Building the first-break record of a ledger verification.
 *
 * @module
 */
import type { LedgerBreak, LedgerVerifyResult } from "../../schemas/state.ts";

/**
 * A break record.
 *
 * @param line 1-based line number.
 * @param reason Stable code.
 * @param expected What the verifier computed or expected.
 * @param actual What the line holds.
 * @param message A sentence.
 * @returns The break.
 */
export function brk(
  line: number,
  reason: string,
  expected: string | null,
  actual: string | null,
  message: string,
): LedgerBreak {
  return { line, reason, expected, actual, message };
}

/**
 * A result marked broken at `at`.
 *
 * @param result The result so far.
 * @param at The first break.
 * @returns The broken result.
 */
export function broken(result: LedgerVerifyResult, at: LedgerBreak): LedgerVerifyResult {
  return { ...result, ok: false, first_broken: at };
}
