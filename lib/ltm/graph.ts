/**
 * The MIPS dependency graph (MIPS_GRAPH_CORE): modules as nodes, resolved
 * `parent_bundle`/`depends_on`/`supersedes` references as edges, topological
 * layers, orphans, cycles (strongly connected components) and the references
 * that resolve to nothing (dangling — listed, never a failure).
 *
 * @module
 */
import type { DanglingRef, MipsEdge, MipsGraph } from "../../schemas/ltm.ts";
import type { Store } from "../store/store.ts";
import * as repo from "./_repository.ts";
import { migrateLtm } from "./_repository.ts";
import { serialized } from "./_serial.ts";

/**
 * Builds the graph of everything in the index.
 *
 * @param store The store holding the index.
 * @returns Nodes, edges, layers, orphans, cycles and dangling references.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { buildMipsGraph } from "./graph.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * assert((await buildMipsGraph(store)).nodes.length === 0);
 * ```
 */
export async function buildMipsGraph(store: Store): Promise<MipsGraph> {
  await migrateLtm(store);
  const { files, keys, refs } = await serialized(store, () => store.read(repo.graphRows));
  const moduleOf = new Map<number, string>();
  const pathOf = new Map<number, string>();
  for (const f of files) {
    moduleOf.set(f.id, f.module_id);
    pathOf.set(f.id, f.path);
  }
  // key → best file: lowest rank, then smallest path (as resolveKey does).
  const best = new Map<string, { id: number; rank: number; path: string }>();
  for (const k of keys) {
    const path = pathOf.get(k.file_id) ?? "";
    const cur = best.get(k.key);
    if (!cur || k.rank < cur.rank || (k.rank === cur.rank && path < cur.path)) {
      best.set(k.key, { id: k.file_id, rank: k.rank, path });
    }
  }
  const edges = new Map<string, MipsEdge>();
  const dangling: DanglingRef[] = [];
  for (const r of refs) {
    const from = moduleOf.get(r.file_id);
    if (from === undefined) continue;
    const kind = r.kind as MipsEdge["kind"];
    const target = best.get(r.key);
    if (!target) {
      dangling.push({ from, ref: r.ref, kind });
      continue;
    }
    if (target.id === r.file_id) continue; // a delta naming itself is not a dependency
    const to = moduleOf.get(target.id)!;
    const key = `${from}\u0000${to}`;
    const prev = edges.get(key);
    if (!prev) edges.set(key, { from, to, required: r.required, kind });
    else if (r.required && !prev.required) edges.set(key, { ...prev, required: true, kind });
  }
  dangling.sort((a, b) => cmp(a.from, b.from) || cmp(a.ref, b.ref));
  return analyzeGraph([...moduleOf.values()], [...edges.values()], dangling);
}

/**
 * Computes layers, orphans and cycles of a graph (`from` depends on `to`).
 *
 * @param nodes Module ids.
 * @param edges Edges between them (edges naming unknown nodes are ignored).
 * @param dangling Unresolved references, passed through.
 * @returns The graph with its analysis; layer 0 holds modules that depend on nothing.
 *
 * @example A chain and a cycle
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeGraph } from "./graph.ts";
 * const g = analyzeGraph(["a", "b", "c", "d", "e"], [
 *   { from: "b", to: "a", required: true, kind: "parent_bundle" },
 *   { from: "c", to: "d", required: true, kind: "depends_on" },
 *   { from: "d", to: "c", required: true, kind: "depends_on" },
 * ]);
 * assert(JSON.stringify(g.topo_layers) === '[["a","c","d","e"],["b"]]');
 * assert(JSON.stringify(g.cycles) === '[["c","d"]]' && JSON.stringify(g.orphans) === '["e"]');
 * ```
 */
export function analyzeGraph(
  nodes: readonly string[],
  edges: readonly MipsEdge[],
  dangling: readonly DanglingRef[] = [],
): MipsGraph {
  const sorted = [...new Set(nodes)].sort(cmp);
  const index = new Map(sorted.map((n, i) => [n, i]));
  const kept = edges.filter((e) => index.has(e.from) && index.has(e.to))
    .sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  const out: number[][] = sorted.map(() => []);
  const touched = new Set<number>();
  const selfLoops = new Set<number>();
  for (const e of kept) {
    const a = index.get(e.from)!;
    const b = index.get(e.to)!;
    out[a]!.push(b);
    touched.add(a).add(b);
    if (a === b) selfLoops.add(a);
  }
  const comp = tarjan(out);
  const compCount = Math.max(-1, ...comp) + 1;
  const members: number[][] = Array.from({ length: compCount }, () => []);
  comp.forEach((c, n) => members[c]!.push(n));
  // Condensation: a component's layer = 1 + the highest layer among the components it depends on.
  const deps: Array<Set<number>> = Array.from({ length: compCount }, () => new Set());
  out.forEach((targets, a) => {
    for (const b of targets) if (comp[a] !== comp[b]) deps[comp[a]!]!.add(comp[b]!);
  });
  const layerOf = new Array<number>(compCount).fill(-1);
  // Tarjan numbers components in reverse topological order: dependencies first.
  for (let c = 0; c < compCount; c++) {
    let layer = 0;
    for (const d of deps[c]!) layer = Math.max(layer, layerOf[d]! + 1);
    layerOf[c] = layer;
  }
  const layers: string[][] = [];
  sorted.forEach((n, i) => {
    const l = layerOf[comp[i]!]!;
    (layers[l] ??= []).push(n);
  });
  const cycles = members
    .filter((m) => m.length > 1 || selfLoops.has(m[0]!))
    .map((m) => m.map((i) => sorted[i]!).sort(cmp))
    .sort((a, b) => cmp(a[0]!, b[0]!));
  return {
    nodes: sorted,
    edges: kept,
    topo_layers: layers.filter((l) => l && l.length),
    orphans: sorted.filter((_, i) => !touched.has(i)),
    cycles,
    dangling: [...dangling],
  };
}

/** Iterative Tarjan: component number per node, numbered in reverse topological order. */
function tarjan(out: number[][]): number[] {
  const n = out.length;
  const idx = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const comp = new Array<number>(n).fill(-1);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  let counter = 0;
  let comps = 0;
  for (let s = 0; s < n; s++) {
    if (idx[s] !== -1) continue;
    const work: Array<[number, number]> = [[s, 0]];
    while (work.length) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      if (i === 0 && idx[v] === -1) {
        idx[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      const targets = out[v]!;
      if (i < targets.length) {
        frame[1] = i + 1;
        const w = targets[i]!;
        if (idx[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, idx[w]!);
        continue;
      }
      if (low[v] === idx[v]) {
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = false;
          comp[w] = comps;
          if (w === v) break;
        }
        comps++;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
    }
  }
  return comp;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
