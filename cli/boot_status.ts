/**
 * `metablooms status`: what the ACTIVE, ROLLBACK and CANDIDATE slots hold,
 * the last failed boot, and any change a crash left unfinished; `--verify`
 * re-hashes and re-boots (in simulation) every slot's bundle.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms status --verify
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { bootStatusOp } from "../ops/boot_status.ts";
import type { BootStatus } from "../schemas/boot.ts";

/** `metablooms status`: the `boot_status` operation. */
export const command: Command<BootStatus> = operationCommand(bootStatusOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
