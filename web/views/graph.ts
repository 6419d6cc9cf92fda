/**
 * The MIPS module graph drawn as a layered SVG: one column per topological
 * layer (layer 0, the modules that depend on nothing, on the left; orphans in
 * a last column of their own), required
 * edges solid and optional ones dashed, orphans, cycle members and modules
 * with dangling references highlighted, dangling references drawn as ghost
 * nodes in a last column. Every module is a link to its delta (keyboard
 * focusable); the lists below repeat the highlights as text.
 *
 * @module
 */
import type { MipsGraph } from "../../schemas/ltm.ts";
import { badge, esc, section } from "./html.ts";

/** Options of {@linkcode graphView}. */
export interface GraphViewOptions {
  /** Most modules drawn; the rest are counted, not drawn. @default {400} */
  maxNodes?: number;
  /** Draw only this module and its neighbours (dependencies and dependents, two steps). */
  focus?: string | undefined;
  /** The module whose delta is shown beside the graph. */
  selected?: string | undefined;
}

const W = 250;
const H = 26;
const ROW = 36;
const GAP = 90;
const PAD = 16;
const LABEL = 32;

/**
 * Renders the graph, its summary counts and the lists of orphans, cycles and
 * dangling references.
 *
 * @param graph What `ltm_graph` returns.
 * @param options Limits, focus and selection.
 * @returns The HTML (an SVG inside a scrollable figure).
 *
 * @example Two modules, one edge
 * ```ts
 * import assert from "node:assert/strict";
 * import { graphView } from "./graph.ts";
 * const html = graphView({ nodes: ["a", "b"], edges: [{ from: "b", to: "a", required: true,
 *   kind: "depends_on" }], topo_layers: [["a"], ["b"]], orphans: [], cycles: [], dangling: [] });
 * assert.equal(html.match(/class="node[ "]/g)?.length, 2);
 * assert(html.includes('data-count="nodes">2<'));
 * ```
 */
export function graphView(graph: MipsGraph, options: GraphViewOptions = {}): string {
  const maxNodes = options.maxNodes ?? 400;
  // Only the drawn modules are looked at closely: a graph of 100k modules draws a few hundred.
  const layerOf = pickNodes(graph, maxNodes, options.focus);
  const shown = [...layerOf.keys()];
  const inCycle = new Set(graph.cycles.flat());
  const orphans = new Set(graph.orphans.filter((n) => layerOf.has(n)));
  const danglingFrom = new Map<string, string[]>();
  for (const d of graph.dangling) {
    if (!layerOf.has(d.from)) continue;
    const list = danglingFrom.get(d.from) ?? [];
    list.push(d.ref);
    danglingFrom.set(d.from, list);
  }
  // Orphans (no edges at all) get a column of their own, so the layers show the connected part.
  const columns: string[][] = [];
  const lonely: string[] = [];
  for (const n of shown) {
    if (orphans.has(n)) lonely.push(n);
    else (columns[layerOf.get(n) ?? 0] ??= []).push(n);
  }
  const dense = [...columns.filter((c) => c !== undefined), ...(lonely.length ? [lonely] : [])];
  const pos = new Map<string, { x: number; y: number }>();
  dense.forEach((col, ci) =>
    col.forEach((n, ri) => pos.set(n, { x: PAD + ci * (W + GAP), y: PAD + ri * ROW }))
  );
  const ghosts = [...new Set(graph.dangling.filter((d) => pos.has(d.from)).map((d) => d.ref))]
    .slice(0, 200);
  const ghostX = PAD + dense.length * (W + GAP);
  const ghostPos = new Map(ghosts.map((g, i) => [g, { x: ghostX, y: PAD + i * ROW }]));
  const rows = Math.max(1, ...dense.map((c) => c.length), ghosts.length);
  const width = PAD * 2 + (dense.length + (ghosts.length > 0 ? 1 : 0)) * (W + GAP) - GAP;
  const height = PAD * 2 + rows * ROW - (ROW - H);

  const edges = graph.edges.filter((e) => pos.has(e.from) && pos.has(e.to)).map((e) => {
    const cls = `edge${e.required ? "" : " optional"}${
      inCycle.has(e.from) && inCycle.has(e.to) ? " cyc" : ""
    }`;
    return `<path class="${cls}" d="${link(pos.get(e.from)!, pos.get(e.to)!)}"><title>${
      esc(`${e.from} → ${e.to} (${e.kind}${e.required ? ", required" : ""})`)
    }</title></path>`;
  }).join("");
  const danglingEdges = graph.dangling.filter((d) => pos.has(d.from) && ghostPos.has(d.ref))
    .map((d) =>
      `<path class="edge dangling" d="${link(pos.get(d.from)!, ghostPos.get(d.ref)!)}"><title>${
        esc(`${d.from} → ${d.ref} (${d.kind}, resolves to nothing)`)
      }</title></path>`
    ).join("");
  const nodes = [...pos].map(([n, p]) => {
    const cls = [
      "node",
      orphans.has(n) ? "orphan" : "",
      inCycle.has(n) ? "cycle" : "",
      danglingFrom.has(n) ? "dangling-from" : "",
      n === options.selected ? "selected" : "",
    ].filter(Boolean).join(" ");
    const notes = [
      `layer ${layerOf.get(n) ?? 0}`,
      orphans.has(n) ? "orphan" : "",
      inCycle.has(n) ? "in a cycle" : "",
      danglingFrom.has(n) ? `${danglingFrom.get(n)!.length} dangling reference(s)` : "",
    ].filter(Boolean).join(", ");
    return `<a class="${cls}" href="/delta/${encodeURIComponent(n)}" data-node="${
      esc(n)
    }" aria-label="${esc(`${n}: ${notes}`)}"${
      n === options.selected ? ' aria-current="true"' : ""
    }><title>${
      esc(`${n} (${notes})`)
    }</title><rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="5"/><text x="${
      p.x + 8
    }" y="${p.y + 17}">${esc(short(n))}</text></a>`;
  }).join("");
  const ghostNodes = [...ghostPos].map(([g, p]) =>
    `<g class="ghost"><title>${
      esc(`${g}: referenced, resolves to no delta`)
    }</title><rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="5"/><text x="${
      p.x + 8
    }" y="${p.y + 17}">? ${esc(short(g, LABEL - 2))}</text></g>`
  ).join("");

  const drawn = shown.length < graph.nodes.length
    ? `<p class="callout warn">Drawing ${shown.length} of ${graph.nodes.length} modules${
      options.focus ? ` around ${esc(options.focus)}` : ""
    }; name a module above to draw its neighbourhood.</p>`
    : "";
  const svg =
    `<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="Module graph: ${shown.length} modules drawn"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker></defs><g class="edges">${edges}${danglingEdges}</g><g class="nodes">${nodes}${ghostNodes}</g></svg>`;
  return `<div class="graph-view">${
    summary(graph)
  }${legend()}${drawn}<figure class="graph-scroll" tabindex="0" aria-label="Module graph, scrollable">${svg}</figure>${
    lists(graph)
  }</div>`;
}

function summary(g: MipsGraph): string {
  const n = (key: string, value: number, label: string) =>
    `<span><strong data-count="${key}">${value}</strong> ${label}</span>`;
  return `<p class="graph-summary">${n("nodes", g.nodes.length, "modules")} ${
    n("edges", g.edges.length, "edges")
  } ${n("layers", g.topo_layers.length, "layers")} ${n("orphans", g.orphans.length, "orphans")} ${
    n("cycles", g.cycles.length, "cycles")
  } ${n("dangling", g.dangling.length, "dangling references")}</p>`;
}

function legend(): string {
  const item = (cls: string, label: string) =>
    `<li><svg width="22" height="14" aria-hidden="true"><rect class="swatch ${cls}" x="1" y="1" width="20" height="12" rx="3"/></svg>${label}</li>`;
  return `<ul class="legend" aria-label="Legend">${item("node", "module")}${
    item("orphan", "orphan (no edges)")
  }${item("cycle", "in a cycle")}${item("dangling-from", "has dangling references")}${
    item("ghost", "dangling reference")
  }<li><svg width="30" height="10" aria-hidden="true"><line class="edge" x1="0" y1="5" x2="30" y2="5"/></svg>required</li><li><svg width="30" height="10" aria-hidden="true"><line class="edge optional" x1="0" y1="5" x2="30" y2="5"/></svg>optional</li></ul>`;
}

function lists(g: MipsGraph): string {
  const mod = (m: string) =>
    `<a href="/delta/${encodeURIComponent(m)}" data-node="${esc(m)}">${esc(m)}</a>`;
  const cap = <T>(xs: readonly T[], f: (x: T) => string) =>
    xs.length === 0
      ? `<p class="muted">None.</p>`
      : `<ul>${xs.slice(0, 100).map((x) => `<li>${f(x)}</li>`).join("")}</ul>${
        xs.length > 100 ? `<p class="muted">and ${xs.length - 100} more</p>` : ""
      }`;
  return `<div class="graph-lists">${
    section(`Cycles (${g.cycles.length})`, cap(g.cycles, (c) => c.map(mod).join(" → ")), 3)
  }${
    section(
      `Dangling references (${g.dangling.length})`,
      cap(
        g.dangling,
        (d) => `${mod(d.from)} → <code>${esc(d.ref)}</code> ${badge(d.kind, "muted")}`,
      ),
      3,
    )
  }${section(`Orphans (${g.orphans.length})`, cap(g.orphans, mod), 3)}</div>`;
}

/**
 * The modules to draw, each with its layer: all when few; else the focus and its neighbours
 * (two steps); else the modules with edges first, then the others in layer order.
 */
function pickNodes(graph: MipsGraph, max: number, focus: string | undefined): Map<string, number> {
  const wanted = new Set<string>();
  const fill = focus === undefined || !graph.nodes.includes(focus);
  if (!fill) {
    wanted.add(focus!);
    for (let step = 0; step < 2; step++) {
      const next: string[] = [];
      for (const e of graph.edges) {
        if (wanted.has(e.from) && !wanted.has(e.to)) next.push(e.to);
        else if (wanted.has(e.to) && !wanted.has(e.from)) next.push(e.from);
      }
      for (const n of next) if (wanted.size < max) wanted.add(n);
    }
  } else if (graph.nodes.length > max) {
    for (const e of graph.edges) {
      if (wanted.size >= max - 1) break;
      wanted.add(e.from).add(e.to);
    }
  }
  const picked = new Map<string, number>();
  const all = fill && graph.nodes.length <= max;
  graph.topo_layers.forEach((layer, i) => {
    for (const n of layer) if (all || wanted.has(n)) picked.set(n, i);
  });
  if (fill) {
    graph.topo_layers.forEach((layer, i) => {
      for (const n of layer) {
        if (picked.size >= max) return;
        if (!picked.has(n)) picked.set(n, i);
      }
    });
  }
  return picked;
}

/** A curve from the left side of `from` to the right side of `to` (dependencies sit left). */
function link(from: { x: number; y: number }, to: { x: number; y: number }): string {
  const y1 = from.y + H / 2;
  const y2 = to.y + H / 2;
  if (from.x === to.x) {
    const x = from.x;
    return `M${x} ${y1}C${x - 40} ${y1} ${x - 40} ${y2} ${x} ${y2}`;
  }
  const [x1, x2] = from.x > to.x ? [from.x, to.x + W] : [from.x + W, to.x];
  const mid = (x1 + x2) / 2;
  return `M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`;
}

function short(id: string, max = LABEL): string {
  return id.length <= max ? id : id.slice(0, max - 1) + "…";
}
