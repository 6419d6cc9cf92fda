/**
 * `metablooms index`: builds or refreshes the LTM index (SQLite + FTS5) of an
 * LTM folder — only changed files are re-read — and optionally exports
 * MIPS_INDEX_CORE / MIPS_GRAPH_CORE.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms index ~/metablooms-ltm --quarantine --export ~/metablooms-ltm
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { reindexLtmOp } from "../ops/reindex_ltm.ts";
import type { IndexRunResult } from "../schemas/ltm.ts";

/** `metablooms index`: the `reindex_ltm` operation. */
export const command: Command<IndexRunResult> = operationCommand(reindexLtmOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
