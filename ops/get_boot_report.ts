/**
 * `get_boot_report` (`metablooms boot-report <boot_id>`): the report (receipt)
 * of one past boot: the ten-subsystem table and the kit-vs-original verdicts.
 *
 * @module
 */
import { readBootReport } from "../lib/boot/history.ts";
import { renderBootReport } from "../lib/boot/render.ts";
import { type BootReport, BootReportSchema } from "../schemas/boot.ts";
import { type GetBootReportInput, GetBootReportInputSchema } from "../schemas/boot_input.ts";
import type { Operation } from "./operation.ts";
import { UI_VIEWS } from "./ui.ts";

/** `get_boot_report`. */
export const getBootReportOp: Operation<GetBootReportInput, BootReport> = {
  name: "get_boot_report",
  title: "Boot report of a past boot",
  description:
    "Returns the boot report a past boot wrote (its receipt): the kit's verdict, what the original launcher would have said and the failures it masks, the --exec verdict if run, the ten-subsystem table and the findings. Boot ids come from boot_status and boot_history. Read-only.",
  input: GetBootReportInputSchema,
  output: BootReportSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return await readBootReport(ctx.config, input.boot_id);
  },
  render: renderBootReport,
  exitCode: (report) => report.ok ? 0 : 1,
  mcp: { ui: UI_VIEWS.boot },
  cli: {
    name: "boot-report",
    script: "get_boot_report.ts",
    summary: "Show the report of a past boot (subsystems, kit vs original verdicts)",
    usage: "<boot_id>",
    description:
      "Reads <data-dir>/boots/<boot_id>/boot_report.json, the receipt the boot wrote. Boot ids are " +
      "listed by `status` and `boots`.",
    positionals: [{ field: "boot_id", name: "<boot_id>" }],
    exitCodes: {
      0: "the boot was BOOT_OK",
      1: "the boot was BOOT_FAILED, or BOOT_REPORT_NOT_FOUND / BOOT_REPORT_INVALID",
      2: "usage error",
    },
  },
};
