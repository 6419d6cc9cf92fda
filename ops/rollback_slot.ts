/**
 * `rollback_slot` (`metablooms rollback`): swap ACTIVE and ROLLBACK, undoing
 * the last promotion.
 *
 * @module
 */
import { renderSlotChange } from "../lib/boot/render.ts";
import { rollbackSlot } from "../lib/boot/slots.ts";
import { type SlotChange, SlotChangeSchema } from "../schemas/boot.ts";
import { type SlotChangeInput, SlotChangeInputSchema } from "../schemas/boot_input.ts";
import type { Operation } from "./operation.ts";

/** `rollback_slot`. */
export const rollbackSlotOp: Operation<SlotChangeInput, SlotChange> = {
  name: "rollback_slot",
  title: "Roll back to the previous ACTIVE",
  description:
    "Swaps ACTIVE and ROLLBACK (undoing the last promotion) in one atomic, crash-safe step under a cross-process lock, after checking the rollback bundle's hash and boot receipt; appends a SLOT_ROLLBACK audit event. Fails with NO_ROLLBACK when there is nothing to roll back to.",
  input: SlotChangeInputSchema,
  output: SlotChangeSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: false,
  },
  run: (_input, ctx) => rollbackSlot(ctx.config, { signal: ctx.signal }),
  render: renderSlotChange,
  mcp: {},
  cli: {
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
  },
};
