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
import { rollbackSlot } from "../lib/boot/slots.ts";
import { renderSlotChange } from "../lib/boot/render.ts";
import type { SlotChange } from "../schemas/boot.ts";

/** `metablooms rollback`. */
export const command: Command<SlotChange> = {
  name: "rollback",
  script: "rollback_slot.ts",
  summary: "Swap ACTIVE and ROLLBACK (undo the last promotion), atomically",
  usage: "",
  description:
    "Checks the rollback bundle's hash and receipt, then swaps ACTIVE and ROLLBACK with one atomic rename of <data-dir>/slots/state.json under a cross-process lock, and appends a SLOT_ROLLBACK audit event. Running it twice restores the first state.",
  exitCodes: {
    0: "done",
    1: "refused: NO_ROLLBACK, or the bundle fails its hash/receipt check (nothing changed)",
    2: "usage error, or the slots stayed locked (LOCKED)",
  },
  async run(ctx) {
    return await rollbackSlot(ctx.config, { signal: ctx.signal });
  },
  render: renderSlotChange,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
