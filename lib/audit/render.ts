/**
 * Human renderings of the audit results (CLI output, MCP text): the report as
 * terminal tables, the export and the learning check as short summaries.
 *
 * @module
 */
import type { AuditReport, FinetuneExport, LearningCheck } from "../../schemas/audit.ts";

/**
 * Columns padded to their widest cell; numbers right-aligned.
 *
 * @param head The header cells.
 * @param rows The rows.
 * @returns The table's lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textTable } from "./render.ts";
 * assert.deepEqual(textTable(["a", "n"], [["xy", 3], ["z", 10]]), ["a    n", "xy   3", "z   10"]);
 * ```
 */
export function textTable(head: string[], rows: (string | number)[][]): string[] {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const numeric = head.map((_, i) =>
    rows.length > 0 && rows.every((r) => typeof r[i] === "number")
  );
  return cells.map((r) =>
    r.map((c, i) => numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)).join("  ")
      .trimEnd()
  );
}

function pct(rate: number | null): string {
  return rate === null ? "n/a" : `${(rate * 100).toFixed(1)}%`;
}

function secs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * The report as terminal tables.
 *
 * @param r The report.
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildAuditReport } from "./report.ts";
 * import { renderAuditReport } from "./render.ts";
 * const text = renderAuditReport(await buildAuditReport((async function* () {})()));
 * assert.match(text, /0 cycles/);
 * ```
 */
export function renderAuditReport(r: AuditReport): string {
  const t = r.totals;
  const lines = [
    `Cycle log report: ${r.source.records} records from ${r.source.kind} ${r.source.path}`
      .trimEnd(),
    `${t.cycles} cycles: ${t.complete} COMPLETE, ${t.failed} FAILED, ${t.unfinished} unfinished; ` +
    `success rate ${pct(t.success_rate)}` +
    (r.window.first ? ` (${r.window.first} .. ${r.window.last})` : ""),
  ];
  if (r.source.records === 0 && r.source.kind === "catalog") {
    lines.push("The catalog holds no cycle-log records yet: run `metablooms audit-ingest` first.");
  }
  if (r.source.skipped) {
    lines.push(`skipped ${r.source.skipped} lines: ${r.source.skipped_examples.join("; ")}`);
  }
  if (r.source.bad_timestamps) lines.push(`${r.source.bad_timestamps} records with bad timestamps`);
  const outcomeRow = (name: string, c: AuditReport["totals"]) => [
    name,
    c.cycles,
    c.complete,
    c.failed,
    c.unfinished,
    pct(c.success_rate),
  ];
  const outcomeHead = ["cycles", "complete", "failed", "unfinished", "success"];
  if (r.by_persona.length) {
    lines.push(
      "",
      "By persona",
      ...textTable(
        ["persona", ...outcomeHead],
        r.by_persona.map((p) => outcomeRow(p.persona, p)),
      ),
    );
  }
  if (r.by_mission_type.length) {
    lines.push(
      "",
      "By mission type",
      ...textTable(
        ["mission type", ...outcomeHead],
        r.by_mission_type.map((m) => outcomeRow(m.mission_type, m)),
      ),
    );
  }
  if (r.failures.length) {
    lines.push(
      "",
      "Where cycles fail",
      ...textTable(["state", "cause", "count"], r.failures.map((f) => [f.state, f.cause, f.count])),
    );
  }
  const x = r.retries;
  lines.push(
    "",
    `Retries: ${x.missions} missions, ${x.corrective_cycles} corrective cycles, ` +
      `mean ${
        x.mean_retries === null ? "n/a" : x.mean_retries.toFixed(2)
      } per mission, max ${x.max_retries}` +
      (x.distribution.length
        ? ` (${x.distribution.map((d) => `${d.retries}: ${d.missions}`).join(", ")})`
        : ""),
    `Self-correction: ${x.self_corrected_complete} of ${x.self_corrected_missions} corrected missions ` +
      `ended COMPLETE (${
        pct(x.self_correction_success_rate)
      }); ${x.corrections_initiated} initiated` +
      (x.orphan_corrective_cycles
        ? `; ${x.orphan_corrective_cycles} corrective cycles without their parent`
        : ""),
  );
  if (r.latency.length) {
    lines.push(
      "",
      "Latency per state",
      ...textTable(
        ["state", "samples", "mean", "p50", "p95", "max", "total"],
        r.latency.map((l) => [
          l.state,
          l.samples,
          secs(l.mean_ms),
          secs(l.p50_ms),
          secs(l.p95_ms),
          secs(l.max_ms),
          secs(l.total_ms),
        ]),
      ),
    );
  }
  if (r.slowest_missions.length) {
    lines.push(
      "",
      "Slowest missions",
      ...textTable(
        ["first cycle", "selector", "type", "cycles", "outcome", "duration", "started"],
        r.slowest_missions.map((m) => [
          m.root_cycle_id,
          m.selector ?? "?",
          m.mission_type,
          m.cycle_ids.length,
          m.outcome ?? "unfinished",
          secs(m.duration_ms),
          m.started,
        ]),
      ),
    );
  }
  if (r.svg_path) lines.push("", `chart: ${r.svg_path}`);
  return lines.join("\n");
}

/**
 * What the export wrote.
 *
 * @param r The export result.
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderFinetuneExport } from "./render.ts";
 * const text = renderFinetuneExport({ path: "/d/x.jsonl", format: "messages", count: 2, sha256: "ab",
 *   bytes: 10, complete_cycles: 3, filtered_out: 0, duplicates: 1, missing_artifact: 0,
 *   filters: { persona: null, mission_type: null },
 *   source: { kind: "log", path: "m", records: 9, skipped: 0, skipped_examples: [], bad_timestamps: 0 } });
 * assert.match(text, /^dataset with 2 examples ready for review: \/d\/x.jsonl/);
 * ```
 */
export function renderFinetuneExport(r: FinetuneExport): string {
  const filters = [
    r.filters.persona && `persona ${r.filters.persona}`,
    r.filters.mission_type && `mission type ${r.filters.mission_type}`,
  ].filter(Boolean);
  return [
    `dataset with ${r.count} examples ready for review: ${r.path}`,
    `  format ${r.format}, ${r.bytes} bytes, sha256 ${r.sha256}`,
    `  from ${r.complete_cycles} COMPLETE cycles (${r.source.records} records of ${r.source.kind} ${r.source.path})` +
    (filters.length ? `; filtered by ${filters.join(", ")}: ${r.filtered_out} left out` : ""),
    `  ${r.duplicates} duplicates dropped` +
    (r.missing_artifact
      ? `; ${r.missing_artifact} COMPLETE cycles without a synthesis artifact`
      : ""),
  ].join("\n");
}

/**
 * The learning check: recall@k and the evidence per question.
 *
 * @param r The result.
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderLearningCheck } from "./render.ts";
 * const text = renderLearningCheck({ k: 5, questions: 0, hits: 0, recall_at_k: null, mrr: null,
 *   ingested: { log_records: 0, documents: 0, catalog: "fresh" }, search_mode: "bm25", items: [] });
 * assert.match(text, /recall@5: n\/a/);
 * ```
 */
export function renderLearningCheck(r: LearningCheck): string {
  const lines = [
    `recall@${r.k}: ${pct(r.recall_at_k)} (${r.hits} of ${r.questions}), MRR ${
      r.mrr === null ? "n/a" : r.mrr.toFixed(3)
    }; search ${r.search_mode}; ingested ${r.ingested.log_records} log records and ` +
    `${r.ingested.documents} documents into the ${r.ingested.catalog} catalog`,
  ];
  for (const item of r.items) {
    const expected = [
      item.expected.id && `id ${item.expected.id}`,
      item.expected.text && `"${item.expected.text}"`,
    ]
      .filter(Boolean).join(" or ");
    lines.push(
      `${item.hit ? "HIT " : "MISS"} ${item.id}: ${item.question}`,
      `     expected ${expected}; ` +
        (item.hit
          ? `rank ${item.rank} in ${item.document_id}`
          : `not in the top ${r.k} (${item.results} results)`),
    );
    if (item.snippet) lines.push(`     ${item.snippet.replace(/\s+/g, " ").slice(0, 160)}`);
  }
  return lines.join("\n");
}
