/**
 * `metablooms status`: what the ACTIVE, ROLLBACK and CANDIDATE slots hold,
 * the last failed boot, and any change a crash left unfinished; `--verify`
 * re-hashes and re-boots every slot's bundle (temp folders only).
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms status --verify
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { bootStatus } from "../lib/boot/status.ts";
import { renderBootStatus } from "../lib/boot/render.ts";
import type { BootStatus } from "../schemas/boot.ts";

/** `metablooms status`. */
export const command: Command<BootStatus> = {
  name: "status",
  script: "boot_status.ts",
  summary: "Show the ACTIVE / ROLLBACK / CANDIDATE slots and the last boot failure",
  usage: "[--verify]",
  description:
    "Reads <data-dir>/slots/state.json (read-only, no lock) and checks that each slot's bundle " +
    "(<data-dir>/bundles/<sha256>.zip) and boot receipt exist. With --verify it also re-hashes each " +
    "bundle and boots it again in simulation; a boot would use ROLLBACK when ACTIVE fails that check.",
  options: {
    verify: {
      type: "boolean",
      description:
        "Re-hash and re-boot every slot's bundle (its own runtime runs when python3 is present)",
    },
  },
  exitCodes: {
    0: "no problem found (also when the slots are empty)",
    1: "a problem: missing bundle or receipt, hash mismatch, or a slot that no longer boots",
    2: "usage error, or the state file is unreadable",
  },
  async run(ctx) {
    return await bootStatus(ctx.config, {
      verify: ctx.values.verify === true,
      signal: ctx.signal,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: renderBootStatus,
  exitCode: (status) => status.problems.length ? 1 : 0,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
