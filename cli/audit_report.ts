/**
 * `metablooms report`: the `audit_report` operation.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/audit_report --help
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { auditReportOp } from "../ops/audit_report.ts";
import type { AuditReport } from "../schemas/audit.ts";

/** `metablooms report`: the `audit_report` operation. */
export const command: Command<AuditReport> = operationCommand(auditReportOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
