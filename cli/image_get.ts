/**
 * `metablooms show`: the `image_get` operation of the living image.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/image_get --help
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { imageGetOp } from "../ops/image_get.ts";
import type { ImageObjectView } from "../schemas/image.ts";

/** `metablooms show`: the `image_get` operation. */
export const command: Command<ImageObjectView> = operationCommand(imageGetOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
