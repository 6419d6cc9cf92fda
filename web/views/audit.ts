/**
 * The view of the audit report (`audit_report`): totals, the success rate
 * per persona and the cycles over time as tables — the text a person (and a
 * screen reader) reads beside the audit capability's SVG chart.
 *
 * @module
 */
import { esc, facts, section } from "./html.ts";

/** Outcome counts of a group of cycles (the audit report's `OutcomeCounts`). */
export interface OutcomeCountsLike {
  cycles: number;
  complete: number;
  failed: number;
  unfinished: number;
  success_rate: number | null;
}

/** The fields of an `audit_report` result this view shows (unknown fields are ignored). */
export interface AuditReportLike {
  totals: OutcomeCountsLike;
  window: { first: string | null; last: string | null };
  by_persona: Array<OutcomeCountsLike & { persona: string }>;
  timeline: {
    bucket_ms: number;
    buckets: Array<{ start: string; complete: number; failed: number; unfinished: number }>;
  };
}

const pct = (rate: number | null) => rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`;

/**
 * The report's totals, success rate per persona and cycles over time.
 *
 * @param report What `audit_report` returns.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { auditTablesView } from "./audit.ts";
 * const rate = { cycles: 2, complete: 1, failed: 1, unfinished: 0, success_rate: 0.5 };
 * const html = auditTablesView({ totals: rate, window: { first: null, last: null },
 *   by_persona: [{ persona: "ROBIN", ...rate }],
 *   timeline: { bucket_ms: 60000, buckets: [{ start: "t", complete: 1, failed: 1, unfinished: 0 }] } });
 * assert(html.includes('data-count="cycles">2<') && html.includes("50%"));
 * ```
 */
export function auditTablesView(report: AuditReportLike): string {
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
  }</p>${facts([["first record", report.window.first], ["last record", report.window.last]])}${
    section(
      "Success rate per persona",
      `<table class="audit-personas"><caption>${report.by_persona.length} personas</caption><thead><tr><th scope="col">persona</th><th scope="col">cycles</th><th scope="col">complete</th><th scope="col">failed</th><th scope="col">success rate</th></tr></thead><tbody>${personas}</tbody></table>`,
    )
  }${
    section(
      "Cycles over time",
      `<table class="audit-timeline"><caption>${report.timeline.buckets.length} buckets of ${
        Math.round(report.timeline.bucket_ms / 60000)
      } minutes</caption><thead><tr><th scope="col">from (UTC)</th><th scope="col">complete</th><th scope="col">failed</th><th scope="col">unfinished</th></tr></thead><tbody>${buckets}</tbody></table>`,
    )
  }`;
}
