/**
 * `metablooms learning-check`: the `learning_check` operation.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/learning_check --help
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { learningCheckOp } from "../ops/learning_check.ts";
import type { LearningCheck } from "../schemas/audit.ts";

/** `metablooms learning-check`: the `learning_check` operation. */
export const command: Command<LearningCheck> = operationCommand(learningCheckOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
