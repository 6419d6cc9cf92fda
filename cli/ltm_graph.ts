/**
 * `metablooms graph`: the MIPS dependency graph of the LTM index — layers,
 * cycles, orphans and dangling references — optionally exported with the
 * registry as MIPS_GRAPH_CORE / MIPS_INDEX_CORE.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms graph --export ./out
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { ltmGraphOp } from "../ops/ltm_graph.ts";
import type { GraphRunResult } from "../schemas/ltm.ts";

/** `metablooms graph`: the `ltm_graph` operation. */
export const command: Command<GraphRunResult> = operationCommand(ltmGraphOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
