/**
 * The audit capability: the meta-analysis report over the cycle log (success
 * rates, where cycles fail, retries and self-correction, latency per state,
 * slowest missions, cycles over time as an SVG chart), the fine-tuning export
 * of COMPLETE cycles' synthesis exchanges, and the learning-loop measure
 * (recall@k of session 1's memory for session 2's questions).
 *
 * @example A report over no records
 * ```ts
 * import assert from "node:assert/strict";
 * import { auditChartSvg, buildAuditReport } from "./mod.ts";
 * const report = await buildAuditReport((async function* () {})());
 * assert.equal(report.totals.cycles, 0);
 * assert.match(auditChartSvg(report), /No cycles in the records read/);
 * ```
 *
 * @module
 */
export * from "./chart_svg.ts";
export * from "./finetune.ts";
export * from "./learning.ts";
export * from "./learning_check.ts";
export * from "./read_log.ts";
export * from "./render.ts";
export * from "./report.ts";
export * from "./source.ts";
export * from "./system_prompt.ts";
