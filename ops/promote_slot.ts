/**
 * `promote_slot` (`metablooms promote`): CANDIDATE becomes ACTIVE, ACTIVE
 * becomes ROLLBACK, in one crash-safe step.
 *
 * @module
 */
import { renderSlotChange } from "../lib/boot/render.ts";
import { promoteSlot } from "../lib/boot/slots.ts";
import { type SlotChange, SlotChangeSchema } from "../schemas/boot.ts";
import { type SlotChangeInput, SlotChangeInputSchema } from "../schemas/boot_input.ts";
import type { Operation } from "./operation.ts";

/** `promote_slot`. */
export const promoteSlotOp: Operation<SlotChangeInput, SlotChange> = {
  name: "promote_slot",
  title: "Promote the CANDIDATE slot",
  description:
    "Makes the CANDIDATE bundle ACTIVE and the previous ACTIVE the ROLLBACK, in one atomic, crash-safe step under a cross-process lock, after checking the candidate's hash and boot receipt; appends a SLOT_PROMOTE audit event. Fails with NO_CANDIDATE when there is nothing to promote.",
  input: SlotChangeInputSchema,
  output: SlotChangeSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: false,
  },
  run: (_input, ctx) => promoteSlot(ctx.config, { signal: ctx.signal }),
  render: renderSlotChange,
  mcp: {},
  cli: {
    name: "promote",
    script: "promote_slot.ts",
    summary: "Promote CANDIDATE to ACTIVE (ACTIVE becomes ROLLBACK), atomically",
    usage: "",
    description:
      "Checks the candidate's bundle hash and receipt, then switches the slots with one atomic rename of <data-dir>/slots/state.json under a cross-process lock, and appends a SLOT_PROMOTE audit event. A crash at any point leaves exactly one ACTIVE; the next change settles an interrupted one.",
    exitCodes: {
      0: "done",
      1: "refused: NO_CANDIDATE, or the bundle fails its hash/receipt check (nothing changed)",
      2: "usage error, or the slots stayed locked (LOCKED)",
    },
  },
};
