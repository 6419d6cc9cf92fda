/**
 * The MCP server factory: one `McpServer` with a tool per operation of the
 * registry (`ops/`), and every resource and prompt registered from its own module. Transports (`stdio.ts`, `http.ts`)
 * are thin wrappers around it.
 *
 * @module
 */
import { McpServer } from "./sdk.ts";
import type { OpContext } from "../ops/context.ts";
import { VERSION } from "../lib/version.ts";
import { installCompletions } from "./_completion.ts";
import { installLogging } from "./_logging.ts";
import { registerOperationTool } from "./_tool.ts";
import { OPERATIONS } from "../ops/registry.ts";
import { registerBootAndReportPrompt } from "./prompts/boot_and_report.ts";
import { registerWhatDoWeKnowAboutPrompt } from "./prompts/what_do_we_know_about.ts";
import { registerAppResources } from "./resources/apps.ts";
import { registerAuditResources } from "./resources/audit.ts";
import { registerBundleResources } from "./resources/bundles.ts";
import { registerConfigResource } from "./resources/config.ts";
import { registerMipsResources } from "./resources/mips.ts";
import { registerSlotResources } from "./resources/slots.ts";

/** A server and how to release what it holds. */
export interface CreatedServer {
  /** The MCP server, ready to connect to a transport. */
  server: McpServer;
  /** Releases resources owned by this server instance (not the shared context). */
  cleanup: () => Promise<void>;
}

/**
 * Creates an MCP server with every kit tool, resource and prompt registered,
 * `logging/setLevel` and `completion/complete` answered.
 *
 * @param ctx The server's context (door `mcp`): configuration, store, root-confined paths.
 * @returns The server and its cleanup.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createServer } from "./server.ts";
 * import { createContext } from "../ops/context.ts";
 * import { loadConfig } from "../lib/config.ts";
 * const { server, cleanup } = createServer(createContext(await loadConfig({ env: {} }), { door: "mcp" }));
 * assert(!server.isConnected()); // connect it to a transport (stdio.ts, http.ts)
 * await cleanup();
 * ```
 */
export function createServer(ctx: OpContext): CreatedServer {
  const server = new McpServer(
    { name: "metablooms", title: "MetaBlooms kit", version: VERSION },
    {
      capabilities: { logging: {}, tools: {}, resources: {}, prompts: {} },
      instructions:
        "Tools to validate, inspect, build and boot MetaBlooms OS bundles and to query the long-term memory (MIPS deltas). Paths must lie inside the configured roots.",
    },
  );
  installLogging(server);
  for (const op of OPERATIONS) if (op.mcp !== false) registerOperationTool(server, ctx, op);
  for (const register of RESOURCE_REGISTRARS) register(server, ctx);
  for (const register of PROMPT_REGISTRARS) register(server, ctx);
  installCompletions(server);
  return { server, cleanup: () => server.close() };
}

/** Every resource module's register function, in the order resources are listed. */
const RESOURCE_REGISTRARS: ReadonlyArray<(server: McpServer, deps: OpContext) => unknown> = [
  registerConfigResource,
  registerSlotResources,
  registerBundleResources,
  registerMipsResources,
  registerAuditResources,
  registerAppResources,
];

/** Every prompt module's register function, in the order prompts are listed. */
const PROMPT_REGISTRARS: ReadonlyArray<(server: McpServer, deps: OpContext) => unknown> = [
  registerBootAndReportPrompt,
  registerWhatDoWeKnowAboutPrompt,
];
