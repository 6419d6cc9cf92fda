/**
 * Short human renderings of the LTM results, shared by the CLI and the MCP
 * tools' text content.
 *
 * @module
 */
import type {
  GraphRunResult,
  IndexRunResult,
  MipsDelta,
  MipsQueryResult,
} from "../../schemas/ltm.ts";

/**
 * Renders a reindex report.
 *
 * @param r The report (with the export, when one was written).
 * @returns A few lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderReindex } from "./render.ts";
 * const text = renderReindex({ ltm_dir: "/ltm", mode: "full", scanned: 3, added: 1, updated: 0, removed: 0, unchanged: 2, reread: 1, quarantined: [], modules: 3, duration_ms: 4 });
 * assert(text.includes("3 file(s) scanned"));
 * ```
 */
export function renderReindex(r: IndexRunResult): string {
  const lines = [
    `Indexed ${r.ltm_dir} (${r.mode}): ${r.scanned} file(s) scanned, ${r.added} added, ${r.updated} updated, ` +
    `${r.removed} removed, ${r.unchanged} unchanged, ${r.reread} re-read — ${r.modules} module(s) in ${r.duration_ms} ms`,
  ];
  for (const q of r.quarantined) lines.push(`  QUARANTINED ${q.path}: ${q.reason}`);
  if (r.export) lines.push(`Exported ${r.export.index_path} and ${r.export.graph_path}`);
  return lines.join("\n");
}

/**
 * Renders a page of search results.
 *
 * @param r The results.
 * @returns One block per hit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderQuery } from "./render.ts";
 * assert(renderQuery({ total: 0, offset: 0, limit: 20, results: [] }).startsWith("0 match"));
 * ```
 */
export function renderQuery(r: MipsQueryResult): string {
  const end = r.offset + r.results.length;
  const lines = [
    r.results.length
      ? `${r.total} match(es), showing ${r.offset + 1}–${end}`
      : `${r.total} match(es)`,
  ];
  for (const h of r.results) {
    const hash = h.hash_recipe ? `VERIFIED(${h.hash_recipe})` : h.hash_status;
    lines.push(
      `${h.module_id}  [${h.posture}, ${h.format}, ${hash}${
        h.timestamp_utc ? `, ${h.timestamp_utc}` : ""
      }${h.score ? `, score ${h.score}` : ""}]`,
      `  ${h.path}`,
    );
    if (h.snippet) lines.push(`  ${h.snippet.replace(/\s+/g, " ")}`);
  }
  if (end < r.total) lines.push(`(more: --offset ${end})`);
  return lines.join("\n");
}

/**
 * Renders one delta: facts, dependencies, then the body.
 *
 * @param d The delta.
 * @returns Text.
 *
 * @example
 * ```ts ignore
 * console.log(renderDelta(getMipsDelta(store, "MB__X_v1")));
 * ```
 */
export function renderDelta(d: MipsDelta): string {
  const r = d.record;
  const hash = r.hash_recipe
    ? `VERIFIED(${r.hash_recipe}, ${r.hash_encoding}) via ${r.hash_field}`
    : `${r.hash_status}${r.hash_field ? ` (${r.hash_field})` : ""}`;
  const lines = [
    `${d.module_id}  ${d.posture}${d.quarantine_reason ? ` — ${d.quarantine_reason}` : ""}`,
    `  path        ${d.path}`,
    `  format      ${r.format}${r.shape ? ` (${r.shape})` : ""}`,
    ...(r.title ? [`  title       ${r.title}`] : []),
    ...(r.version ? [`  version     ${r.version}`] : []),
    ...(r.timestamp_utc
      ? [`  timestamp   ${r.timestamp_utc}${r.timestamp_flag ? ` (${r.timestamp_flag})` : ""}`]
      : []),
    ...(r.status ? [`  status      ${r.status}`] : []),
    `  self-hash   ${hash}`,
    `  sha256      ${r.sha256} (${r.bytes} bytes)`,
    ...d.dependencies.map((x) =>
      `  depends on  ${x.module_id} (${x.kind}${x.required ? ", required" : ""})`
    ),
    ...d.dangling.map((x) => `  dangling    ${x}`),
    ...(d.dependents.length ? [`  used by     ${d.dependents.join(", ")}`] : []),
    ...r.warnings.map((w) => `  warning     ${w}`),
    "",
  ];
  if (d.body.kind === "text") lines.push(d.body.text);
  else if (d.body.kind === "json") lines.push(JSON.stringify(d.body.value, null, 2));
  return lines.join("\n");
}

/**
 * Renders the graph: layers, cycles, orphans, dangling references.
 *
 * @param g The graph (with the export, when one was written).
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderGraph } from "./render.ts";
 * const text = renderGraph({ nodes: ["a"], edges: [], topo_layers: [["a"]], orphans: ["a"], cycles: [], dangling: [] });
 * assert(text.startsWith("1 module(s), 0 edge(s), 1 layer(s)"));
 * assert(text.includes("orphans: a"));
 * ```
 */
export function renderGraph(g: GraphRunResult): string {
  const lines = [
    `${g.nodes.length} module(s), ${g.edges.length} edge(s), ${g.topo_layers.length} layer(s), ` +
    `${g.cycles.length} cycle(s), ${g.orphans.length} orphan(s), ${g.dangling.length} dangling reference(s)`,
  ];
  const deps = new Map<string, string[]>();
  for (const e of g.edges) {
    deps.set(e.from, [...(deps.get(e.from) ?? []), `${e.to}${e.required ? "" : " (optional)"}`]);
  }
  g.topo_layers.forEach((layer, i) => {
    const linked = layer.filter((n) => !g.orphans.includes(n));
    if (!linked.length) return;
    lines.push(`layer ${i}: ${linked.join(", ")}`);
    for (const n of linked) for (const d of deps.get(n) ?? []) lines.push(`  ${n} → ${d}`);
  });
  for (const c of g.cycles) lines.push(`cycle: ${c.join(" ↔ ")}`);
  if (g.orphans.length) lines.push(`orphans: ${g.orphans.join(", ")}`);
  for (const d of g.dangling) lines.push(`dangling: ${d.from} → ${d.ref} (${d.kind})`);
  if (g.export) lines.push(`Exported ${g.export.index_path} and ${g.export.graph_path}`);
  return lines.join("\n");
}
