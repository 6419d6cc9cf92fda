/**
 * The short human rendering of a ledger verdict, shared by the CLI and the
 * MCP tool's text content.
 *
 * @module
 */
import type { LedgerVerifyResult } from "../../schemas/state.ts";

/**
 * Renders a ledger verdict.
 *
 * @param r The verdict.
 * @returns One line, plus the first break (and a torn last line) when there is one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderLedger } from "./render.ts";
 * const ok = { path: "l", ok: true, kind: "event" as const, lines: 2, chained: 2, genesis_legacy: false };
 * assert(renderLedger(ok).startsWith("OK event ledger l: 2 line(s)"));
 * assert(renderLedger({ ...ok, torn_tail: { line: 3, bytes: 9 } }).includes("line 3 is torn"));
 * ```
 */
export function renderLedger(r: LedgerVerifyResult): string {
  const head = `${r.ok ? "OK" : "BROKEN"} ${r.kind} ledger ${r.path}: ${r.lines} line(s), ` +
    `${r.chained} chained` +
    (r.genesis_legacy ? " (genesis uses the older payload recipe)" : "");
  const torn = r.torn_tail
    ? `\n  line ${r.torn_tail.line} is torn (${r.torn_tail.bytes} bytes of a crashed write; ` +
      "the next append cuts it)"
    : "";
  if (!r.first_broken) return head + torn;
  const b = r.first_broken;
  return `${head}\n  line ${b.line}: ${b.reason} — ${b.message}` +
    (b.expected !== null || b.actual !== null
      ? `\n  expected ${b.expected ?? "null"}\n  actual   ${b.actual ?? "null"}`
      : "") +
    torn;
}
