/**
 * `metablooms remember`: puts Markdown, text, JSON and MIPS deltas into the
 * knowledge catalog, chunked, with their path and sha256.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms remember ~/notes
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { rememberOp } from "../ops/remember.ts";
import type { RememberResult } from "../schemas/catalog.ts";

/** `metablooms remember`: the `remember` operation. */
export const command: Command<RememberResult> = operationCommand(rememberOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
