/**
 * The packed form of a MIPS graph, as the LTM store keeps it per index
 * generation (`ltm_graph`): module ids once, in order, and everything else
 * as positions into that list — edges as flat `[from, to, required, kind]`
 * quadruples, each module's layer, orphans and cycles as positions. JSON text,
 * so both store dialects keep it as plain text; unpacking is a few array
 * passes, no graph analysis.
 *
 * @module
 */
import type { DanglingRef, MipsEdge, MipsGraph } from "../../schemas/ltm.ts";

/** The format tag of a packed graph; anything else is not read. */
export const GRAPH_PACK_FORMAT = "mips-graph-packed/1";

interface PackedGraph {
  format: typeof GRAPH_PACK_FORMAT;
  nodes: string[];
  kinds: string[];
  /** `[from, to, required (0/1), kind]` per edge, flat. */
  edges: number[];
  /** The layer of each node (positions in `topo_layers`). */
  layer: number[];
  orphans: number[];
  cycles: number[][];
  /** `[from, ref, kind]` per dangling reference. */
  dangling: Array<[number, string, number]>;
}

/**
 * Packs a graph (nodes sorted and unique, as `analyzeGraph` makes them).
 *
 * @param graph The graph.
 * @returns JSON text.
 *
 * @example Packing and unpacking give the graph back
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeGraph } from "./graph.ts";
 * import { packGraph, unpackGraph } from "./_graph_pack.ts";
 * const graph = analyzeGraph(["a", "b", "c", "d"], [
 *   { from: "b", to: "a", required: true, kind: "depends_on" },
 *   { from: "c", to: "d", required: false, kind: "supersedes" },
 *   { from: "d", to: "c", required: true, kind: "depends_on" },
 * ], [{ from: "a", ref: "Ghost_v1", kind: "parent_bundle" }]);
 * assert.deepEqual(unpackGraph(packGraph(graph)), graph);
 * ```
 */
export function packGraph(graph: MipsGraph): string {
  const index = new Map(graph.nodes.map((n, i) => [n, i]));
  const kinds: string[] = [];
  const kindOf = (kind: string) => {
    let k = kinds.indexOf(kind);
    if (k < 0) k = kinds.push(kind) - 1;
    return k;
  };
  const at = (n: string) => index.get(n)!;
  const edges: number[] = [];
  for (const e of graph.edges) edges.push(at(e.from), at(e.to), e.required ? 1 : 0, kindOf(e.kind));
  const layer = new Array<number>(graph.nodes.length).fill(0);
  graph.topo_layers.forEach((nodes, l) => {
    for (const n of nodes) layer[at(n)] = l;
  });
  const packed: PackedGraph = {
    format: GRAPH_PACK_FORMAT,
    nodes: graph.nodes,
    kinds,
    edges,
    layer,
    orphans: graph.orphans.map(at),
    cycles: graph.cycles.map((c) => c.map(at)),
    dangling: graph.dangling.map((d) => [at(d.from), d.ref, kindOf(d.kind)]),
  };
  return JSON.stringify(packed);
}

/**
 * Unpacks a graph packed by {@linkcode packGraph}.
 *
 * @param text The packed JSON text.
 * @returns The graph, or `undefined` when the text is not a packed graph of this format.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unpackGraph } from "./_graph_pack.ts";
 * assert.equal(unpackGraph('{"format":"something-else"}'), undefined);
 * ```
 */
export function unpackGraph(text: string): MipsGraph | undefined {
  let packed: PackedGraph;
  try {
    packed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (packed?.format !== GRAPH_PACK_FORMAT) return undefined;
  const { nodes, kinds } = packed;
  const edges: MipsEdge[] = new Array(packed.edges.length / 4);
  for (let i = 0, j = 0; i < packed.edges.length; i += 4, j++) {
    edges[j] = {
      from: nodes[packed.edges[i]!]!,
      to: nodes[packed.edges[i + 1]!]!,
      required: packed.edges[i + 2] === 1,
      kind: kinds[packed.edges[i + 3]!] as MipsEdge["kind"],
    };
  }
  const layers: string[][] = [];
  packed.layer.forEach((l, i) => (layers[l] ??= []).push(nodes[i]!));
  return {
    nodes,
    edges,
    topo_layers: layers,
    orphans: packed.orphans.map((i) => nodes[i]!),
    cycles: packed.cycles.map((c) => c.map((i) => nodes[i]!)),
    dangling: packed.dangling.map(([from, ref, kind]): DanglingRef => ({
      from: nodes[from]!,
      ref,
      kind: kinds[kind] as DanglingRef["kind"],
    })),
  };
}
