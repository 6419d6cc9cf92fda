/**
 * MCP tool `ltm_graph`: the MIPS dependency graph of the LTM index; the same
 * {@linkcode GraphRunResult} as `metablooms graph`.
 *
 * @module
 */
import { z } from "zod";
import { exportIndexFiles } from "../../lib/ltm/export.ts";
import { buildMipsGraph } from "../../lib/ltm/graph.ts";
import { renderGraph } from "../../lib/ltm/render.ts";
import { type GraphRunResult, GraphRunResultSchema } from "../../schemas/ltm.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import { UI } from "../resources/apps.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `ltm_graph`. */
export const LtmGraphInputSchema = z.object({
  export_path: z.string().optional().describe(
    "Also write MIPS_INDEX_CORE.mips.json and MIPS_GRAPH_CORE.mips.json into this folder (inside the roots); fails with INDEX_INCOMPLETE when the last reindex could not index every file.",
  ),
});

/**
 * Registers `ltm_graph` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (store, path confinement).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerLtmGraphTool(server, deps);
 * ```
 */
export function registerLtmGraphTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "ltm_graph",
    title: "Long-term memory dependency graph",
    description:
      "Builds the MIPS dependency graph from the LTM index: nodes (module ids), edges {from, to, required} from parent_bundle/depends_on (required) and links.supersedes (optional), topological layers, orphans, cycles (strongly connected components) and dangling references that resolve to no delta. Read-only unless export_path is given.",
    hints: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: LtmGraphInputSchema,
    output: GraphRunResultSchema,
    run: async (args, { deps }) => {
      const out = args.export_path === undefined
        ? undefined
        : await deps.resolvePath(args.export_path);
      const graph: GraphRunResult = await buildMipsGraph(deps.store);
      if (out !== undefined) graph.export = await exportIndexFiles(deps.store, out);
      return graph;
    },
    render: renderGraph,
    ui: UI.graph,
  });
}
