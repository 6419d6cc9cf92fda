/**
 * `metablooms objects`: the `image_objects` operation of the living image.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/image_objects --help
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { imageObjectsOp } from "../ops/image_objects.ts";
import type { ImageObjectList } from "../schemas/image.ts";

/** `metablooms objects`: the `image_objects` operation. */
export const command: Command<ImageObjectList> = operationCommand(imageObjectsOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
