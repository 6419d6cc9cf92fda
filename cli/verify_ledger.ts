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
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { verifyLedgerOp } from "../ops/verify_ledger.ts";
import type { LedgerVerifyResult } from "../schemas/state.ts";

/** `metablooms ledger-verify`: the `verify_ledger` operation. */
export const command: Command<LedgerVerifyResult> = operationCommand(verifyLedgerOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
