/**
 * `metablooms query`: full-text search of the LTM index with filters, ranked
 * by bm25, paged, with snippets.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms query "blue widgets" --posture ACTIVE --limit 5
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { queryMipsIndexOp } from "../ops/query_mips_index.ts";
import type { MipsQueryResult } from "../schemas/ltm.ts";

/** `metablooms query`: the `query_mips_index` operation. */
export const command: Command<MipsQueryResult> = operationCommand(queryMipsIndexOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
