/**
 * `audit_report` (`metablooms report`): the meta-analysis of the cycle log —
 * success rate per persona and mission type, where cycles fail, retries and
 * self-correction, latency per state, slowest missions, cycles over time —
 * optionally drawn as an SVG chart.
 *
 * @module
 */
import { auditChartSvg } from "../lib/audit/chart_svg.ts";
import { renderAuditReport } from "../lib/audit/render.ts";
import { buildAuditReport } from "../lib/audit/report.ts";
import { writeFileAtomic } from "../lib/fs/atomic_write.ts";
import { type AuditReport, AuditReportSchema } from "../schemas/audit.ts";
import { type AuditReportInput, AuditReportInputSchema } from "../schemas/audit_input.ts";
import { auditRecords } from "./_audit_source.ts";
import { resolveOptionalPath } from "./context.ts";
import type { Operation } from "./operation.ts";

/** `audit_report`. */
export const auditReportOp: Operation<AuditReportInput, AuditReport> = {
  name: "audit_report",
  title: "Cycle log report",
  description:
    "The meta-analysis of the living image's cycle log (the catalog's ingested records, or a log file): success rate per persona and per mission type, where cycles fail (state × cause), retries per mission and self-correction success (corrective cycles by attempt and parent), latency per PSM state from consecutive records, the slowest missions, and cycles over time (COMPLETE vs FAILED per bucket). Read-only unless svg is given, which writes the chart as an accessible SVG file.",
  input: AuditReportInputSchema,
  output: AuditReportSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  async run(input, ctx) {
    const svg = await resolveOptionalPath(ctx, input.svg);
    const source = await auditRecords(ctx, input.log);
    const report = await buildAuditReport(source.records, {
      since: input.since,
      until: input.until,
      top: input.top,
      bucket_ms: input.bucket_minutes === undefined ? undefined : input.bucket_minutes * 60_000,
      signal: ctx.signal,
    });
    report.source = { ...report.source, ...source.facts() };
    if (svg !== undefined) {
      await writeFileAtomic(svg, auditChartSvg(report));
      report.svg_path = svg;
    }
    return report;
  },
  render: renderAuditReport,
  changesState: (input) => input.svg !== undefined,
  mcp: {},
  cli: {
    name: "report",
    script: "audit_report.ts",
    summary: "Report on the cycle log: success rates, failures, retries, latency, slowest missions",
    usage: "[--log FILE] [--since TIME] [--until TIME] [--top N] [--svg FILE]",
    description:
      "Reads the catalog's ingested cycle-log records (metablooms audit-ingest), or --log FILE directly. " +
      "A cycle's persona is the one whose artifact decided it (the SYNTHESIZING author when the cycle got " +
      "that far); a mission is a first cycle with its corrective cycles. Latencies come from the " +
      "timestamps of consecutive records (whole seconds). --svg writes the chart of cycles over time and " +
      "success rate per persona, for a browser.",
    flags: {
      log: { valueName: "FILE" },
      since: { valueName: "TIME" },
      until: { valueName: "TIME" },
      bucket_minutes: { flag: "bucket", valueName: "MINUTES" },
      svg: { valueName: "FILE" },
    },
    exitCodes: { 0: "reported", 2: "usage error, or the log cannot be read" },
  },
};
