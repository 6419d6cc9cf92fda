/**
 * `metablooms://config`: the configuration the server runs with, as a
 * snake_case result object (`ConfigView`), the MCP token redacted.
 *
 * @module
 */
import { configView } from "../../lib/config_view.ts";
import { registerKitResource } from "../_resource.ts";
import type { ServerDeps } from "../_tool.ts";
import type { McpServer } from "../sdk.ts";

/**
 * Registers `metablooms://config`.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies.
 *
 * @example
 * ```ts
 * import { McpServer } from "../sdk.ts";
 * import { serverDeps } from "../_tool.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { SyncStore as Store } from "../../lib/store/_sync_store.ts";
 * import { registerConfigResource } from "./config.ts";
 * using store = await Store.open(":memory:");
 * const server = new McpServer({ name: "x", version: "1" });
 * registerConfigResource(server, serverDeps(await loadConfig({ env: {} }), store));
 * ```
 */
export function registerConfigResource(server: McpServer, deps: ServerDeps): void {
  registerKitResource(server, deps, {
    name: "config",
    uri: "metablooms://config",
    title: "Kit configuration",
    description:
      "The configuration this server runs with: data directory, roots, Ollama and MCP settings (token redacted).",
    read: (d: ServerDeps) => Promise.resolve(configView(d.config)),
  });
}
