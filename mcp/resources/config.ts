/**
 * `metablooms://config`: the configuration the server runs with, as a
 * snake_case result object (`ConfigView`), the MCP token and the database password redacted.
 *
 * @module
 */
import { configView } from "../../lib/config_view.ts";
import { registerKitResource } from "../_resource.ts";
import type { OpContext } from "../../ops/context.ts";
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
 * import { createContext } from "../../ops/context.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { registerConfigResource } from "./config.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * registerConfigResource(server, createContext(await loadConfig({ env: {} }), { door: "mcp" }));
 * ```
 */
export function registerConfigResource(server: McpServer, deps: OpContext): void {
  registerKitResource(server, deps, {
    name: "config",
    uri: "metablooms://config",
    title: "Kit configuration",
    description:
      "The configuration this server runs with: data directory, roots, Ollama and MCP settings (token redacted).",
    read: (d: OpContext) => Promise.resolve(configView(d.config)),
  });
}
