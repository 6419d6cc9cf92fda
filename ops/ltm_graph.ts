/**
 * `ltm_graph` (`metablooms graph`): the MIPS dependency graph with layers,
 * orphans, cycles and dangling references.
 *
 * @module
 */
import { exportIndexFiles } from "../lib/ltm/export.ts";
import { buildMipsGraph } from "../lib/ltm/graph.ts";
import { renderGraph } from "../lib/ltm/render.ts";
import { type GraphRunResult, GraphRunResultSchema } from "../schemas/ltm.ts";
import { type LtmGraphInput, LtmGraphInputSchema } from "../schemas/ltm_input.ts";
import { resolveOptionalPath } from "./context.ts";
import type { Operation } from "./operation.ts";
import { UI_VIEWS } from "./ui.ts";

/** `ltm_graph`. */
export const ltmGraphOp: Operation<LtmGraphInput, GraphRunResult> = {
  name: "ltm_graph",
  title: "Long-term memory dependency graph",
  description:
    "Builds the MIPS dependency graph from the LTM index: nodes (module ids), edges {from, to, required} from parent_bundle/depends_on (required) and links.supersedes (optional), topological layers, orphans, cycles (strongly connected components) and dangling references that resolve to no delta. Read-only unless export_path is given.",
  input: LtmGraphInputSchema,
  output: GraphRunResultSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  async run(input, ctx) {
    const out = await resolveOptionalPath(ctx, input.export_path);
    const store = await ctx.store();
    const graph: GraphRunResult = await buildMipsGraph(store);
    if (out !== undefined) graph.export = await exportIndexFiles(store, out);
    return graph;
  },
  render: renderGraph,
  changesState: (input) => input.export_path !== undefined,
  mcp: { ui: UI_VIEWS.graph },
  cli: {
    name: "graph",
    script: "ltm_graph.ts",
    summary: "Show the MIPS dependency graph (layers, cycles, orphans, dangling references)",
    usage: "[--export DIR]",
    description:
      "Edges come from parent_bundle, depends_on (required) and links.supersedes (optional) references " +
      "that resolve to an indexed delta by id or file stem; the others are listed as dangling. --export " +
      "writes MIPS_INDEX_CORE.mips.json and MIPS_GRAPH_CORE.mips.json into DIR (fails closed with " +
      "INDEX_INCOMPLETE when the last index run could not index every file).",
    flags: {
      export_path: {
        flag: "export",
        valueName: "DIR",
        description: "Write the two index files into DIR",
      },
    },
    exitCodes: {
      0: "shown (and exported)",
      1: "INDEX_INCOMPLETE on --export",
      2: "usage error",
    },
  },
};
