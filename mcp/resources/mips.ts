/**
 * `metablooms://mips/{module_id}`: one delta of the LTM index with its
 * record, header, body, dependencies and dependents (the get_mips_delta result).
 *
 * @module
 */
import { getMipsDeltaOp } from "../../ops/get_mips_delta.ts";
import { queryMipsIndexOp } from "../../ops/query_mips_index.ts";
import { registerKitResource } from "../_resource.ts";
import type { OpContext } from "../../ops/context.ts";
import type { McpServer } from "../sdk.ts";

/** Most deltas listed (newest first); the index search reaches the rest. */
const LIST_LIMIT = 500;

/**
 * Registers the MIPS delta resources.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies.
 *
 * @example
 * ```ts
 * import { McpServer } from "../sdk.ts";
 * import { createContext } from "../../ops/context.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { registerMipsResources } from "./mips.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * registerMipsResources(server, createContext(await loadConfig({ env: {} }), { door: "mcp" }));
 * ```
 */
export function registerMipsResources(server: McpServer, deps: OpContext): void {
  registerKitResource(server, deps, {
    name: "mips_delta",
    template: "metablooms://mips/{module_id}",
    title: "MIPS delta",
    description:
      "One delta of the long-term memory index by module id: normalised record, header, body, posture, dependencies, dangling references and dependents.",
    list: async (d) =>
      (await queryMipsIndexOp.run({ limit: LIST_LIMIT }, d)).results.map((hit) => ({
        vars: { module_id: hit.module_id },
        name: hit.module_id,
        description: `${hit.posture} ${hit.format}${hit.title ? `: ${hit.title}` : ""}`,
      })),
    read: (vars, d) => getMipsDeltaOp.run({ id: vars.module_id ?? "" }, d),
  });
}
