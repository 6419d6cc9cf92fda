/**
 * `metablooms extract`: validate, extract into a staging folder, verify,
 * then promote onto the destination by an atomic rename.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms extract os.zip ./MetaBlooms
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { extractBundleOp } from "../ops/extract_bundle.ts";
import type { ExtractResult } from "../schemas/bundle.ts";

/** `metablooms extract`: the `extract_bundle` operation. */
export const command: Command<ExtractResult> = operationCommand(extractBundleOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
