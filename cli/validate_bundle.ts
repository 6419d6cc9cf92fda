/**
 * `metablooms validate`: validate an OS bundle zip in one streaming pass,
 * without extracting it.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms validate MetaBlooms_OS_CANONICAL_v7_4_1.zip --strict
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { validateBundleOp } from "../ops/validate_bundle.ts";
import type { Verdict } from "../schemas/bundle.ts";

/** `metablooms validate`: the `validate_bundle` operation. */
export const command: Command<Verdict> = operationCommand(validateBundleOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
