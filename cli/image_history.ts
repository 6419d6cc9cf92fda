/**
 * `metablooms history`: the `image_history` operation of the living image.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/image_history --help
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { imageHistoryOp } from "../ops/image_history.ts";
import type { ImageHistory } from "../schemas/image.ts";

/** `metablooms history`: the `image_history` operation. */
export const command: Command<ImageHistory> = operationCommand(imageHistoryOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
