/**
 * `metablooms graph`: the MIPS dependency graph of the LTM index — layers,
 * cycles, orphans and dangling references — optionally exported with the
 * registry as MIPS_GRAPH_CORE / MIPS_INDEX_CORE.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms graph --export ./out
 * ```
 *
 * @module
 */
import { type Command, runCommand, stringFlag } from "./_command.ts";
import { exportIndexFiles } from "../lib/ltm/export.ts";
import { buildMipsGraph } from "../lib/ltm/graph.ts";
import { renderGraph } from "../lib/ltm/render.ts";
import { openStore } from "../lib/store/open.ts";
import type { GraphRunResult } from "../schemas/ltm.ts";

/** `metablooms graph`. */
export const command: Command<GraphRunResult> = {
  name: "graph",
  script: "ltm_graph.ts",
  summary: "Show the MIPS dependency graph (layers, cycles, orphans, dangling references)",
  usage: "[--export DIR]",
  description:
    "Edges come from parent_bundle, depends_on (required) and links.supersedes (optional) references " +
    "that resolve to an indexed delta by id or file stem; the others are listed as dangling. --export " +
    "writes MIPS_INDEX_CORE.mips.json and MIPS_GRAPH_CORE.mips.json into DIR (fails closed with " +
    "INDEX_INCOMPLETE when the last index run could not index every file).",
  options: {
    export: { type: "string", valueName: "DIR", description: "Write the two index files into DIR" },
  },
  exitCodes: {
    0: "shown (and exported)",
    1: "INDEX_INCOMPLETE on --export",
    2: "usage error",
  },
  async run(ctx) {
    await using store = await openStore({ sqlite_path: ctx.config.dbPath });
    const graph: GraphRunResult = await buildMipsGraph(store);
    const out = stringFlag(ctx, "export");
    if (out !== undefined) graph.export = await exportIndexFiles(store, out);
    return graph;
  },
  render: renderGraph,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
