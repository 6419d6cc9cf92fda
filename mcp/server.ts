/**
 * The MCP server factory: one `McpServer` with every kit tool, resource and
 * prompt registered from its own module. Transports (`stdio.ts`, `http.ts`)
 * are thin wrappers around it.
 *
 * @module
 */
import { McpServer } from "./sdk.ts";
import type { ServerDeps } from "./_tool.ts";
import { VERSION } from "../lib/version.ts";

/** A server and how to release what it holds. */
export interface CreatedServer {
  /** The MCP server, ready to connect to a transport. */
  server: McpServer;
  /** Releases resources owned by this server instance (not the shared deps). */
  cleanup: () => Promise<void>;
}

/**
 * Creates an MCP server with every kit tool registered.
 *
 * @param deps Configuration, store and path confinement shared by the tools.
 * @returns The server and its cleanup.
 *
 * @example
 * ```ts ignore
 * const { server, cleanup } = createServer(deps);
 * await server.connect(transport);
 * ```
 */
export function createServer(deps: ServerDeps): CreatedServer {
  const server = new McpServer(
    { name: "metablooms", title: "MetaBlooms kit", version: VERSION },
    {
      capabilities: { logging: {} },
      instructions:
        "Tools to validate, inspect, build and boot MetaBlooms OS bundles and to query the long-term memory (MIPS deltas). Paths must lie inside the configured roots.",
    },
  );
  for (const register of TOOL_REGISTRARS) register(server, deps);
  return { server, cleanup: () => server.close() };
}

/** Every tool module's register function, in the order tools are listed. */
const TOOL_REGISTRARS: ReadonlyArray<(server: McpServer, deps: ServerDeps) => unknown> = [];
