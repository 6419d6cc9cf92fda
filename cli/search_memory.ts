/**
 * `metablooms search`: hybrid search (BM25, plus vectors when an embedding
 * model answers) over the knowledge catalog.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms search "green tea" --kind chunk --limit 5
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { searchMemoryOp } from "../ops/search_memory.ts";
import type { SearchMemoryResult } from "../schemas/catalog.ts";

/** `metablooms search`: the `search_memory` operation. */
export const command: Command<SearchMemoryResult> = operationCommand(searchMemoryOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
