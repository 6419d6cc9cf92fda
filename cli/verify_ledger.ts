/**
 * `metablooms ledger-verify`: checks a hash-chained LTM ledger (the event
 * ledger `ledger/ledger.ndjson` or the ingest ledger `manifests/ledger.ndjson`)
 * and names the first broken link.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms ledger-verify ~/metablooms-ltm/ledger/ledger.ndjson
 * ```
 *
 * @module
 */
import { type Command, requirePositional, runCommand, stringFlag } from "./_command.ts";
import { UsageError } from "../lib/errors.ts";
import { verifyLedger } from "../lib/ledger/verify.ts";
import { renderLedger } from "../lib/ltm/render.ts";
import type { LedgerVerifyResult } from "../schemas/ltm.ts";

/** `metablooms ledger-verify`. */
export const command: Command<LedgerVerifyResult> = {
  name: "ledger-verify",
  script: "verify_ledger.ts",
  summary: "Verify a hash-chained LTM ledger and report the first broken link",
  usage: "<path> [--kind event|ingest] [--check-files]",
  description:
    "Event ledger: each line's sha256 = SHA-256 of the event without sha256 (sorted keys, compact, " +
    "ASCII-escaped), prev_sha256 = the previous line's sha256 (evt_000001 may use the older payload " +
    "recipe). Ingest ledger: {ts, path, sha256, bytes} lines, chained with prev_sha256/chain_sha256 " +
    "once chaining starts; --check-files also compares every file's size and sha256.",
  options: {
    kind: { type: "string", valueName: "K", description: "event or ingest (default: detected)" },
    "check-files": {
      type: "boolean",
      description: "Ingest ledger: check each file's bytes and sha256",
    },
  },
  exitCodes: {
    0: "every line verifies",
    1: "a line or link is broken",
    2: "usage error, or the ledger cannot be read",
  },
  async run(ctx) {
    const path = requirePositional(ctx, 0, "<path>");
    const kind = stringFlag(ctx, "kind");
    if (kind !== undefined && kind !== "event" && kind !== "ingest") {
      throw new UsageError(`--kind must be event or ingest, got "${kind}"`);
    }
    return await verifyLedger(path, {
      ...(kind === undefined ? {} : { kind }),
      checkFiles: ctx.values["check-files"] === true,
    });
  },
  render: renderLedger,
  exitCode: (r) => r.ok ? 0 : 1,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
