/**
 * `metablooms://mips/{module_id}`: one delta of the LTM index with its
 * record, header, body, dependencies and dependents (the get_mips_delta result).
 *
 * @module
 */
import { getMipsDelta } from "../../lib/ltm/get.ts";
import { queryMipsIndex } from "../../lib/ltm/query.ts";
import { registerKitResource } from "../_resource.ts";
import type { ServerDeps } from "../_tool.ts";
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
 * import { serverDeps } from "../_tool.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { openStore } from "../../lib/store/open.ts";
 * import { registerMipsResources } from "./mips.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const server = new McpServer({ name: "x", version: "1" });
 * registerMipsResources(server, serverDeps(await loadConfig({ env: {} }), store));
 * ```
 */
export function registerMipsResources(server: McpServer, deps: ServerDeps): void {
  registerKitResource(server, deps, {
    name: "mips_delta",
    template: "metablooms://mips/{module_id}",
    title: "MIPS delta",
    description:
      "One delta of the long-term memory index by module id: normalised record, header, body, posture, dependencies, dangling references and dependents.",
    list: async (d) =>
      (await queryMipsIndex(d.store, { limit: LIST_LIMIT })).results.map((hit) => ({
        vars: { module_id: hit.module_id },
        name: hit.module_id,
        description: `${hit.posture} ${hit.format}${hit.title ? `: ${hit.title}` : ""}`,
      })),
    read: (vars, d) => getMipsDelta(d.store, vars.module_id ?? ""),
  });
}
