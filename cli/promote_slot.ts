/**
 * `metablooms promote`: Promote CANDIDATE to ACTIVE (ACTIVE becomes ROLLBACK), atomically.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms promote
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { promoteSlotOp } from "../ops/promote_slot.ts";
import type { SlotChange } from "../schemas/boot.ts";

/** `metablooms promote`: the `promote_slot` operation. */
export const command: Command<SlotChange> = operationCommand(promoteSlotOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
