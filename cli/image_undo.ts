/**
 * `metablooms undo`: the `image_undo` operation of the living image.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/image_undo --help
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { imageUndoOp } from "../ops/image_undo.ts";
import type { ImageUndoResult } from "../schemas/image.ts";

/** `metablooms undo`: the `image_undo` operation. */
export const command: Command<ImageUndoResult> = operationCommand(imageUndoOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
