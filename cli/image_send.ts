/**
 * `metablooms send`: the `image_send` operation of the living image.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/image_send --help
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { imageSendOp } from "../ops/image_send.ts";
import type { SendResult } from "../schemas/image.ts";

/** `metablooms send`: the `image_send` operation. */
export const command: Command<SendResult> = operationCommand(imageSendOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
