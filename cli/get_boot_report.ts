/**
 * `metablooms boot-report <boot_id>`: the report of one past boot (the
 * ten-subsystem table, the kit's and the original's verdicts).
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms boot-report boot_20260110T120000Z_103a7ea3980c_c4e5bd
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { getBootReportOp } from "../ops/get_boot_report.ts";
import type { BootReport } from "../schemas/boot.ts";

/** `metablooms boot-report`: the `get_boot_report` operation. */
export const command: Command<BootReport> = operationCommand(getBootReportOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
