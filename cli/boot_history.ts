/**
 * `metablooms boots`: the newest boots and slot changes of the data
 * directory, from the hash-chained boot audit log.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms boots --limit 10
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { bootHistoryOp } from "../ops/boot_history.ts";
import type { BootHistory } from "../schemas/boot.ts";

/** `metablooms boots`: the `boot_history` operation. */
export const command: Command<BootHistory> = operationCommand(bootHistoryOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
