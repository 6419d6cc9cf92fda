/**
 * `metablooms ingest <path>`: the watcher's per-file pipeline for one file:
 * validate, dedupe, file into the LTM repo, ledger, manifests, reindex,
 * commit `ingest: <name>` and push. A file directly inside the watch folder
 * is moved (removed after filing, or quarantined when invalid); any other
 * file is copied and left where it is.
 *
 * @example Ingest a downloaded delta without pushing
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms ingest ~/Downloads/MB__03_DELTA__X_v1.mips.json --no-push
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { ingestDeltaOp } from "../ops/ingest_delta.ts";
import type { IngestResult } from "../schemas/watcher.ts";

/** `metablooms ingest`: the `ingest_delta` operation. */
export const command: Command<IngestResult> = operationCommand(ingestDeltaOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
