/**
 * The view of the audit report (`audit_report`): the chart the audit
 * capability draws (cycles over time, success rate per persona), then the
 * totals and the same numbers as tables — the text a person (and a screen
 * reader) can read and search beside the chart.
 *
 * @module
 */
import type { AuditReport } from "../../schemas/audit.ts";
import { esc, facts, section } from "./html.ts";

const pct = (rate: number | null) => rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`;

/**
 * The report's chart, totals, success rate per persona and cycles over time.
 *
 * @param report What `audit_report` returns.
 * @param chart The report's SVG chart (`auditChartSvg(report)`), drawn first.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { auditView } from "./audit.ts";
 * const rate = { cycles: 2, complete: 1, failed: 1, unfinished: 0, success_rate: 0.5 };
 * const html = auditView({ totals: rate, window: { since: null, until: null, first: null, last: null },
 *   by_persona: [{ persona: "ROBIN", ...rate }],
 *   timeline: { bucket_ms: 60000, buckets: [{ start: "t", complete: 1, failed: 1, unfinished: 0 }] },
 * } as never, "<svg></svg>");
 * assert(html.includes('data-count="cycles">2<') && html.includes("50%") && html.includes("<svg>"));
 * ```
 */
export function auditView(report: AuditReport, chart: string): string {
  const t = report.totals;
  const personas = report.by_persona.map((p) =>
    `<tr><th scope="row">${
      esc(p.persona)
    }</th><td>${p.cycles}</td><td>${p.complete}</td><td>${p.failed}</td><td>${
      pct(p.success_rate)
    }</td></tr>`
  ).join("");
  const buckets = report.timeline.buckets.map((b) =>
    `<tr><th scope="row">${
      esc(b.start)
    }</th><td>${b.complete}</td><td>${b.failed}</td><td>${b.unfinished}</td></tr>`
  ).join("");
  return `<p><strong data-count="cycles">${t.cycles}</strong> cycles: ${t.complete} complete, ${t.failed} failed, ${t.unfinished} unfinished — success rate ${
    pct(t.success_rate)
  }</p>${
    facts([["first record", report.window.first], ["last record", report.window.last]])
  }<figure class="chart">${chart}</figure>${
    section(
      "Success rate per persona",
      `<table class="audit-personas"><caption>${report.by_persona.length} personas</caption><thead><tr><th scope="col">persona</th><th scope="col">cycles</th><th scope="col">complete</th><th scope="col">failed</th><th scope="col">success rate</th></tr></thead><tbody>${personas}</tbody></table>`,
    )
  }${
    section(
      "Cycles over time",
      `<table class="audit-timeline"><caption>cycles per ${
        Math.round(report.timeline.bucket_ms / 60000)
      }-minute bucket</caption><thead><tr><th scope="col">from (UTC)</th><th scope="col">complete</th><th scope="col">failed</th><th scope="col">unfinished</th></tr></thead><tbody>${buckets}</tbody></table>`,
    )
  }`;
}
