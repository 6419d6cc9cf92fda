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
import { promoteSlot } from "../lib/boot/slots.ts";
import { renderSlotChange } from "../lib/boot/render.ts";
import type { SlotChange } from "../schemas/boot.ts";

/** `metablooms promote`. */
export const command: Command<SlotChange> = {
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
  async run(ctx) {
    return await promoteSlot(ctx.config, { signal: ctx.signal });
  },
  render: renderSlotChange,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
