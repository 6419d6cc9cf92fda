/**
 * `verify_ledger` (`metablooms ledger-verify`): recompute a hash chain and
 * report the first broken link.
 *
 * @module
 */
import { verifyLedger } from "../lib/ledger/verify.ts";
import { renderLedger } from "../lib/ledger/render.ts";
import { type LedgerVerifyResult, LedgerVerifyResultSchema } from "../schemas/state.ts";
import { type VerifyLedgerInput, VerifyLedgerInputSchema } from "../schemas/ltm_input.ts";
import type { Operation } from "./operation.ts";

/** `verify_ledger`. */
export const verifyLedgerOp: Operation<VerifyLedgerInput, LedgerVerifyResult> = {
  name: "verify_ledger",
  title: "Verify an LTM ledger",
  description:
    "Verifies a hash-chained NDJSON ledger of the LTM repo line by line: event ledger (sha256 of each event, prev_sha256 links, genesis exception) or ingest ledger ({ts, path, sha256, bytes} lines, chained with prev_sha256/chain_sha256). Returns ok, the number of lines and the first broken link {line, reason, expected, actual}. Read-only.",
  input: VerifyLedgerInputSchema,
  output: LedgerVerifyResultSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return await verifyLedger(await ctx.resolvePath(input.path), {
      ...(input.kind === undefined ? {} : { kind: input.kind }),
      checkFiles: input.check_files ?? false,
    });
  },
  render: renderLedger,
  exitCode: (r) => r.ok ? 0 : 1,
  mcp: {},
  cli: {
    name: "ledger-verify",
    script: "verify_ledger.ts",
    summary: "Verify a hash-chained LTM ledger and report the first broken link",
    usage: "<path> [--kind event|ingest] [--check-files]",
    description:
      "Event ledger: each line's sha256 = SHA-256 of the event without sha256 (sorted keys, compact, " +
      "ASCII-escaped), prev_sha256 = the previous line's sha256 (evt_000001 may use the older payload " +
      "recipe). Ingest ledger: {ts, path, sha256, bytes} lines, chained with prev_sha256/chain_sha256 " +
      "once chaining starts; --check-files also compares every file's size and sha256.",
    positionals: [{ field: "path", name: "<path>" }],
    flags: { kind: { valueName: "K" } },
    exitCodes: {
      0: "every line verifies",
      1: "a line or link is broken",
      2: "usage error, or the ledger cannot be read",
    },
  },
};
