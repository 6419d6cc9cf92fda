/**
 * The audit report as one SVG chart a person opens in a browser: cycles over
 * time (COMPLETE and FAILED stacked per time bucket) and the success rate per
 * persona. A pure function of the report with no imports but types, so the web
 * dashboard and an MCP App view can draw the same chart in a browser.
 *
 * Accessible by construction: `role="img"` with a `<title>` and a `<desc>` that
 * states the numbers, every bar and axis labelled with text, text with at least
 * 4.5:1 contrast on the white background, and COMPLETE / FAILED told apart by
 * more than colour: a blue / dark-orange pair that colour-blind readers can
 * separate, FAILED hatched, and each bar labelled `complete/failed`.
 *
 * @module
 */
import type { AuditReport } from "../../schemas/audit.ts";

const WIDTH = 880;
const CHART_H = 260;
const ROW_H = 26;
const LEFT = 64;
const RIGHT = 24;
const INK = "#1f2328"; // 15.8:1 on white
const MUTED = "#57606a"; // 6.4:1
const COMPLETE = "#0072b2"; // 4.9:1 (Okabe-Ito blue)
const FAILED = "#b34700"; // 5.5:1 (dark orange), hatched
const FAILED_FILL = "url(#mb-audit-failed)";
const GRID = "#d0d7de";

/**
 * The chart of a report.
 *
 * @param report The audit report.
 * @returns A standalone SVG document.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { auditChartSvg } from "./chart_svg.ts";
 * const rate = { cycles: 2, complete: 1, failed: 1, unfinished: 0, success_rate: 0.5 };
 * const svg = auditChartSvg({
 *   source: { kind: "log", path: "m.jsonl", records: 9, skipped: 0, skipped_examples: [], bad_timestamps: 0 },
 *   window: { since: null, until: null, first: "2026-01-10T12:00:00.000Z", last: "2026-01-10T12:01:00.000Z" },
 *   totals: rate, event_types: {}, by_persona: [{ persona: "ROBIN", ...rate }], by_mission_type: [],
 *   failures: [], latency: [], slowest_missions: [],
 *   retries: { missions: 1, corrective_cycles: 1, mean_retries: 1, max_retries: 1, distribution: [],
 *     corrections_initiated: 1, self_corrected_missions: 1, self_corrected_complete: 1,
 *     self_correction_success_rate: 1, orphan_corrective_cycles: 0 },
 *   timeline: { bucket_ms: 60000, buckets: [{ start: "2026-01-10T12:00:00.000Z", complete: 1, failed: 1, unfinished: 0 }] },
 * });
 * assert.match(svg, /<title id="audit-title">Cognitive cycles over time/);
 * assert.match(svg, />ROBIN</);
 * assert.match(svg, />50%</);
 * ```
 */
export function auditChartSvg(report: AuditReport): string {
  const personas = report.by_persona;
  const personaTop = 40 + CHART_H + 64;
  const height = personaTop + 36 + Math.max(1, personas.length) * ROW_H + 24;
  const t = report.totals;
  const title = "Cognitive cycles over time and success rate per persona";
  const desc = `${t.cycles} cycles: ${t.complete} COMPLETE, ${t.failed} FAILED` +
    (t.unfinished ? `, ${t.unfinished} unfinished` : "") +
    `; success rate ${pct(t.success_rate)}. ` +
    (report.window.first ? `From ${report.window.first} to ${report.window.last}. ` : "") +
    personas.map((p) => `${p.persona}: ${pct(p.success_rate)} of ${p.cycles}`).join("; ") +
    (personas.length ? "." : "");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" ` +
    `viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="audit-title audit-desc" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="13">`,
    `<title id="audit-title">${esc(title)}</title>`,
    `<desc id="audit-desc">${esc(desc)}</desc>`,
    `<defs><pattern id="mb-audit-failed" width="6" height="6" patternUnits="userSpaceOnUse" ` +
    `patternTransform="rotate(45)"><rect width="6" height="6" fill="${FAILED}"/>` +
    `<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="1.5"/></pattern></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="24" font-size="16" font-weight="600" fill="${INK}">Cycles per ${
      esc(bucketName(report.timeline.bucket_ms))
    } (${t.cycles} cycles, success rate ${pct(t.success_rate)})</text>`,
    ...legend(WIDTH - RIGHT - 230, 14),
    ...timelineBars(report, 40),
    `<text x="${LEFT}" y="${personaTop + 16}" font-size="16" font-weight="600" fill="${INK}">` +
    `Success rate per persona</text>`,
    ...personaBars(report, personaTop + 36),
    `</svg>`,
  ].join("\n") + "\n";
}

function timelineBars(report: AuditReport, top: number): string[] {
  const buckets = report.timeline.buckets;
  const out: string[] = [];
  const plotW = WIDTH - LEFT - RIGHT;
  const max = Math.max(1, ...buckets.map((b) => b.complete + b.failed + b.unfinished));
  const ticks = niceTicks(max * 1.08); // headroom for the labels above the tallest bar
  const scale = CHART_H / ticks.at(-1)!;
  const bottom = top + CHART_H;
  out.push(`<g aria-hidden="true">`);
  for (const v of ticks) {
    const y = bottom - v * scale;
    out.push(
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y}" y2="${y}" stroke="${GRID}"/>`,
      `<text x="${LEFT - 8}" y="${y + 4}" text-anchor="end" fill="${MUTED}">${v}</text>`,
    );
  }
  out.push(`</g>`);
  out.push(
    `<text x="16" y="${top + CHART_H / 2}" transform="rotate(-90 16 ${
      top + CHART_H / 2
    })" text-anchor="middle" fill="${MUTED}">cycles</text>`,
  );
  if (!buckets.length) {
    out.push(
      `<text x="${LEFT + plotW / 2}" y="${
        top + CHART_H / 2
      }" text-anchor="middle" fill="${MUTED}">` +
        `No cycles in the records read</text>`,
    );
    return out;
  }
  const slot = plotW / buckets.length;
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const labelEvery = Math.ceil(buckets.length / Math.max(1, Math.floor(plotW / 90)));
  buckets.forEach((b, i) => {
    const x = LEFT + i * slot + (slot - barW) / 2;
    const hC = b.complete * scale;
    const hF = b.failed * scale;
    const hU = b.unfinished * scale;
    const label = `${b.start}: ${b.complete} COMPLETE, ${b.failed} FAILED` +
      (b.unfinished ? `, ${b.unfinished} unfinished` : "");
    out.push(`<g><title>${esc(label)}</title>`);
    if (hC) out.push(rect(x, bottom - hC, barW, hC, COMPLETE));
    if (hF) out.push(rect(x, bottom - hC - hF, barW, hF, FAILED_FILL));
    if (hU) {
      out.push(
        `<rect x="${r1(x)}" y="${r1(bottom - hC - hF - hU)}" width="${r1(barW)}" height="${
          r1(hU)
        }" fill="#ffffff" stroke="${MUTED}" stroke-dasharray="3 2"/>`,
      );
    }
    const total = b.complete + b.failed + b.unfinished;
    if (total && barW >= 14) {
      out.push(
        `<text x="${r1(x + barW / 2)}" y="${
          r1(bottom - total * scale - 4)
        }" text-anchor="middle" ` +
          `font-size="11" fill="${INK}">${b.complete}/${b.failed}</text>`,
      );
    }
    out.push(`</g>`);
    if (i % labelEvery === 0) {
      out.push(
        `<text x="${r1(x + barW / 2)}" y="${bottom + 18}" text-anchor="middle" font-size="11" ` +
          `fill="${MUTED}">${esc(shortTime(b.start, report.timeline.bucket_ms))}</text>`,
      );
    }
  });
  out.push(
    `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${bottom}" y2="${bottom}" stroke="${INK}"/>`,
    `<text x="${LEFT + plotW / 2}" y="${bottom + 40}" text-anchor="middle" fill="${MUTED}">` +
      `time (UTC), bars labelled COMPLETE/FAILED</text>`,
  );
  return out;
}

function personaBars(report: AuditReport, top: number): string[] {
  const out: string[] = [];
  const labelW = 140;
  const barX = LEFT + labelW;
  const barMax = WIDTH - RIGHT - barX - 170;
  if (!report.by_persona.length) {
    out.push(`<text x="${LEFT}" y="${top + 16}" fill="${MUTED}">No persona in the records</text>`);
  }
  report.by_persona.forEach((p, i) => {
    const y = top + i * ROW_H;
    const w = (p.success_rate ?? 0) * barMax;
    out.push(
      `<g><title>${
        esc(
          `${p.persona}: ${pct(p.success_rate)} (${p.complete} of ${
            p.complete + p.failed
          } finished cycles)`,
        )
      }</title>`,
      `<text x="${barX - 8}" y="${y + 15}" text-anchor="end" fill="${INK}">${
        esc(p.persona)
      }</text>`,
      `<rect x="${barX}" y="${
        y + 3
      }" width="${barMax}" height="16" fill="#f6f8fa" stroke="${GRID}"/>`,
      w ? rect(barX, y + 3, w, 16, COMPLETE) : "",
      `<text x="${barX + barMax + 8}" y="${y + 15}" fill="${INK}">${pct(p.success_rate)}</text>`,
      `<text x="${barX + barMax + 52}" y="${y + 15}" fill="${MUTED}">${p.complete} of ${
        p.complete + p.failed
      } finished</text>`,
      `</g>`,
    );
  });
  return out.filter((s) => s !== "");
}

function legend(x: number, y: number): string[] {
  return [
    rect(x, y, 12, 12, COMPLETE),
    `<text x="${x + 18}" y="${y + 11}" fill="${INK}">COMPLETE</text>`,
    rect(x + 100, y, 12, 12, FAILED_FILL),
    `<text x="${x + 118}" y="${y + 11}" fill="${INK}">FAILED</text>`,
  ];
}

function rect(x: number, y: number, w: number, h: number, fill: string): string {
  return `<rect x="${r1(x)}" y="${r1(y)}" width="${r1(w)}" height="${r1(h)}" fill="${fill}"/>`;
}

function r1(n: number): number {
  return Math.round(n * 10) / 10;
}

function niceTicks(max: number): number[] {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? mag * 10);
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

function pct(rate: number | null): string {
  return rate === null ? "n/a" : `${Math.round(rate * 100)}%`;
}

function bucketName(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 1440) return `${minutes / 60} h`;
  return `${minutes / 1440} d`;
}

function shortTime(iso: string, bucketMs: number): string {
  return bucketMs >= 86_400_000 ? iso.slice(0, 10) : iso.slice(5, 16).replace("T", " ");
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
