/**
 * The SDK's `McpServer` keeps its tools, prompts, resources and templates in
 * plain objects looked up by the name a client sends, so `tools/call` for
 * `constructor` finds `Object.prototype.constructor` ("Tool constructor
 * disabled"). This gives those tables no prototype: every such name is
 * simply not found.
 *
 * @module
 */
import type { McpServer } from "./sdk.ts";

const TABLES = [
  "_registeredResources",
  "_registeredResourceTemplates",
  "_registeredTools",
  "_registeredPrompts",
] as const;

/**
 * Removes the prototype of the server's name tables; call right after `new McpServer`.
 *
 * @param server The server.
 * @returns The same server.
 * @throws {TypeError} When the SDK no longer has these tables (a changed SDK version).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { McpServer } from "./sdk.ts";
 * import { withoutPrototypeLookups } from "./_sdk_registries.ts";
 * const server = withoutPrototypeLookups(new McpServer({ name: "x", version: "1" }));
 * const tools = (server as unknown as { _registeredTools: object })._registeredTools;
 * assert.equal(Object.getPrototypeOf(tools), null);
 * ```
 */
export function withoutPrototypeLookups(server: McpServer): McpServer {
  const fields = server as unknown as Record<string, unknown>;
  for (const name of TABLES) {
    const table = fields[name];
    if (typeof table !== "object" || table === null) {
      throw new TypeError(`McpServer has no ${name} table: the MCP SDK changed`);
    }
    Object.setPrototypeOf(table, null);
  }
  return server;
}
