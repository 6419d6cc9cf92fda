/**
 * `boot_status` (`metablooms status`): the ACTIVE / ROLLBACK / CANDIDATE
 * slots, their subsystems and the last failure.
 *
 * @module
 */
import { renderBootStatus } from "../lib/boot/render.ts";
import { bootStatus } from "../lib/boot/status.ts";
import { type BootStatus, BootStatusSchema } from "../schemas/boot.ts";
import { type BootStatusInput, BootStatusInputSchema } from "../schemas/boot_input.ts";
import type { Operation } from "./operation.ts";
import { UI_VIEWS } from "./ui.ts";

/** `boot_status`. */
export const bootStatusOp: Operation<BootStatusInput, BootStatus> = {
  name: "boot_status",
  title: "Boot slots status",
  description:
    "Reports the ACTIVE, ROLLBACK and CANDIDATE slots (bundle, sha256, generation, boot time, subsystem table), whether each bundle and receipt is in place, the last failed boot, any change a crash interrupted, and which slot a boot would use. With verify, re-hashes and re-boots each slot's bundle in a temp folder (its own launcher runs when python3 is present). Read-only.",
  input: BootStatusInputSchema,
  output: BootStatusSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return await bootStatus(ctx.config, {
      verify: input.verify ?? false,
      signal: ctx.signal,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: renderBootStatus,
  exitCode: (status) => status.problems.length ? 1 : 0,
  mcp: { ui: UI_VIEWS.boot },
  cli: {
    name: "status",
    script: "boot_status.ts",
    summary: "Show the ACTIVE / ROLLBACK / CANDIDATE slots and the last boot failure",
    usage: "[--verify]",
    description:
      "Reads <data-dir>/slots/state.json (read-only, no lock) and checks that each slot's bundle " +
      "(<data-dir>/bundles/<sha256>.zip) and boot receipt exist. With --verify it also re-hashes each " +
      "bundle and boots it again in temp folders (its own launcher runs when python3 is present); a " +
      "boot would use ROLLBACK when ACTIVE fails that check.",
    exitCodes: {
      0: "no problem found (also when the slots are empty)",
      1: "a problem: missing bundle or receipt, hash mismatch, or a slot that no longer boots",
      2: "usage error, or the state file is unreadable",
    },
  },
};
