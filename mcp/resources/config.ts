/**
 * `metablooms://config`: the configuration the server runs with, the MCP
 * token and the database password redacted.
 *
 * @module
 */
import type { Config } from "../../lib/config.ts";
import { redactUrl } from "../../lib/store/url.ts";
import { registerKitResource } from "../_resource.ts";
import type { ServerDeps } from "../_tool.ts";
import type { McpServer } from "../sdk.ts";

/**
 * The configuration with every secret replaced by `"[redacted]"`.
 *
 * @param config The configuration.
 * @returns A copy safe to show a client.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../../lib/config.ts";
 * import { redactConfig } from "./config.ts";
 * const config = await loadConfig({
 *   env: { MB_TOKEN: "0123456789abcdef", MB_DATABASE_URL: "postgres://kit:s3cret@db/kit" },
 * });
 * const shown = JSON.stringify(redactConfig(config));
 * assert(!shown.includes("0123456789abcdef") && !shown.includes("s3cret"));
 * assert(shown.includes("postgres://kit@db/kit"));
 * ```
 */
export function redactConfig(config: Config): Config {
  const { token, ...mcp } = config.mcp;
  const redacted = { ...config, mcp: token === undefined ? mcp : { ...mcp, token: "[redacted]" } };
  if (config.databaseUrl !== undefined) redacted.databaseUrl = redactUrl(config.databaseUrl);
  return redacted;
}

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
    read: (d: ServerDeps) => Promise.resolve(redactConfig(d.config)),
  });
}
