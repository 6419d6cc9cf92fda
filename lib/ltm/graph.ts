/**
 * The MIPS dependency graph (MIPS_GRAPH_CORE): modules as nodes, resolved
 * `parent_bundle`/`depends_on`/`supersedes` references as edges, topological
 * layers, orphans, cycles (strongly connected components) and the references
 * that resolve to nothing (dangling — listed, never a failure).
 *
 * @module
 */
import type { DanglingRef, MipsEdge, MipsGraph } from "../../schemas/ltm.ts";
import type { Store, Tx } from "../store/store.ts";
import * as repo from "./_repository.ts";
import { packGraph, unpackGraph } from "./_graph_pack.ts";
import { migrateLtm } from "./_repository.ts";
import { serialized } from "./_serial.ts";

/**
 * The graph of everything in the index. A reindex that changes the index
 * stores the graph of its new generation, packed (see
 * {@linkcode storeMipsGraph}), so this reads and unpacks it instead of
 * analysing 100,000 modules on the first request; the graph last read is
 * also kept in memory until the generation changes. An index whose stored
 * graph is missing or stale (written by an older kit) is analysed here.
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
  return await serialized(store, async () => {
    const known = await store.read((tx) => repo.getMeta(tx, "generation"));
    const hit = graphCache.get(store);
    if (known !== undefined && hit?.generation === known) return { ...hit.graph };
    const { generation, graph } = await store.read(async (tx) => {
      const generation = await repo.getMeta(tx, "generation");
      const stored = generation === undefined ? undefined : await repo.getGraph(tx);
      const unpacked = stored !== undefined && stored.generation === generation
        ? unpackGraph(stored.packed)
        : undefined;
      return { generation, graph: unpacked ?? graphOf(await repo.graphRows(tx)) };
    });
    if (generation !== undefined) graphCache.set(store, { generation, graph });
    return { ...graph };
  });
}

/**
 * Computes the graph of the index as it is inside a write transaction and
 * stores it, packed, as the graph of `generation` (a reindex calls this
 * when it starts a new generation).
 *
 * @param tx The reindex's write transaction.
 * @param generation The index generation the graph belongs to.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { migrateLtm, getGraph } from "./_repository.ts";
 * import { storeMipsGraph } from "./graph.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * await migrateLtm(store);
 * await store.transaction((tx) => storeMipsGraph(tx, "g1"));
 * assert.equal((await store.read((tx) => getGraph(tx)))?.generation, "g1");
 * ```
 */
export async function storeMipsGraph(tx: Tx, generation: string): Promise<void> {
  await repo.putGraph(tx, generation, packGraph(graphOf(await repo.graphRows(tx))));
}

const graphCache = new WeakMap<Store, { generation: string; graph: MipsGraph }>();

function graphOf({ files, keys, refs }: Awaited<ReturnType<typeof repo.graphRows>>): MipsGraph {
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
  const sorted = [...new Set(nodes)].sort(); // code-unit order, as cmp, without a JS callback
  const index = new Map(sorted.map((n, i) => [n, i]));
  const kept = edges.filter((e) => index.has(e.from) && index.has(e.to))
    .sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  // Most modules have no edges: they share one empty list and allocate nothing of their own.
  const out: number[][] = new Array(sorted.length).fill(NO_EDGES);
  const touched = new Uint8Array(sorted.length);
  const selfLoops = new Set<number>();
  for (const e of kept) {
    const a = index.get(e.from)!;
    const b = index.get(e.to)!;
    if (out[a] === NO_EDGES) out[a] = [];
    out[a]!.push(b);
    touched[a] = touched[b] = 1;
    if (a === b) selfLoops.add(a);
  }
  const comp = tarjan(out);
  let compCount = 0;
  for (const c of comp) compCount = Math.max(compCount, c + 1); // no spread: 100k+ nodes
  const size = new Int32Array(compCount);
  for (const c of comp) size[c]!++;
  const members = new Map<number, number[]>();
  comp.forEach((c, n) => {
    if (size[c]! === 1 && !selfLoops.has(n)) return;
    const list = members.get(c);
    if (list) list.push(n);
    else members.set(c, [n]);
  });
  // Condensation: a component's layer = 1 + the highest layer among the components it depends on.
  const deps = new Map<number, Set<number>>();
  out.forEach((targets, a) => {
    for (const b of targets) {
      if (comp[a] === comp[b]) continue;
      let set = deps.get(comp[a]!);
      if (!set) deps.set(comp[a]!, set = new Set());
      set.add(comp[b]!);
    }
  });
  const layerOf = new Int32Array(compCount);
  // Tarjan numbers components in reverse topological order: dependencies first.
  for (let c = 0; c < compCount; c++) {
    let layer = 0;
    for (const d of deps.get(c) ?? []) layer = Math.max(layer, layerOf[d]! + 1);
    layerOf[c] = layer;
  }
  const layers: string[][] = [];
  sorted.forEach((n, i) => {
    const l = layerOf[comp[i]!]!;
    (layers[l] ??= []).push(n);
  });
  const cycles = [...members.values()]
    .map((m) => m.map((i) => sorted[i]!).sort(cmp))
    .sort((a, b) => cmp(a[0]!, b[0]!));
  return {
    nodes: sorted,
    edges: kept,
    topo_layers: layers.filter((l) => l && l.length),
    orphans: sorted.filter((_, i) => touched[i] === 0),
    cycles,
    dangling: [...dangling],
  };
}

const NO_EDGES: number[] = [];

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
    if (out[s]!.length === 0) { // a module with no dependency is a component of its own
      idx[s] = counter++;
      comp[s] = comps++;
      continue;
    }
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
