/**
 * `metablooms rollback`: Swap ACTIVE and ROLLBACK (undo the last promotion), atomically.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms rollback
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { rollbackSlotOp } from "../ops/rollback_slot.ts";
import type { SlotChange } from "../schemas/boot.ts";

/** `metablooms rollback`: the `rollback_slot` operation. */
export const command: Command<SlotChange> = operationCommand(rollbackSlotOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
