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
import { LTM_TOOL_REGISTRARS } from "./tools/_ltm_tools.ts";
import { BOOT_TOOL_REGISTRARS } from "./tools/_boot_tools.ts";
import { BUNDLE_TOOL_REGISTRARS } from "./tools/_bundle_tools.ts";
import { installCompletions } from "./_completion.ts";
import { installLogging } from "./_logging.ts";
import { registerBootAndReportPrompt } from "./prompts/boot_and_report.ts";
import { registerWhatDoWeKnowAboutPrompt } from "./prompts/what_do_we_know_about.ts";
import { registerAuditResources } from "./resources/audit.ts";
import { registerBundleResources } from "./resources/bundles.ts";
import { registerConfigResource } from "./resources/config.ts";
import { registerMipsResources } from "./resources/mips.ts";
import { registerSlotResources } from "./resources/slots.ts";
import { registerLlmStatusTool } from "./tools/llm_status.ts";
import { registerIngestDeltaTool } from "./tools/ingest_delta.ts";

/** A server and how to release what it holds. */
export interface CreatedServer {
  /** The MCP server, ready to connect to a transport. */
  server: McpServer;
  /** Releases resources owned by this server instance (not the shared deps). */
  cleanup: () => Promise<void>;
}

/**
 * Creates an MCP server with every kit tool, resource and prompt registered,
 * `logging/setLevel` and `completion/complete` answered.
 *
 * @param deps Configuration, store and path confinement shared by the tools.
 * @returns The server and its cleanup.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createServer } from "./server.ts";
 * import { serverDeps } from "./_tool.ts";
 * import { loadConfig } from "../lib/config.ts";
 * import { openStore } from "../lib/store/open.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const { server, cleanup } = createServer(serverDeps(await loadConfig({ env: {} }), store));
 * assert(!server.isConnected()); // connect it to a transport (stdio.ts, http.ts)
 * await cleanup();
 * ```
 */
export function createServer(deps: ServerDeps): CreatedServer {
  const server = new McpServer(
    { name: "metablooms", title: "MetaBlooms kit", version: VERSION },
    {
      capabilities: { logging: {}, tools: {}, resources: {}, prompts: {} },
      instructions:
        "Tools to validate, inspect, build and boot MetaBlooms OS bundles and to query the long-term memory (MIPS deltas). Paths must lie inside the configured roots.",
    },
  );
  installLogging(server);
  for (const register of TOOL_REGISTRARS) register(server, deps);
  for (const register of RESOURCE_REGISTRARS) register(server, deps);
  for (const register of PROMPT_REGISTRARS) register(server, deps);
  installCompletions(server);
  return { server, cleanup: () => server.close() };
}

/** Every tool module's register function, in the order tools are listed. */
const TOOL_REGISTRARS: ReadonlyArray<(server: McpServer, deps: ServerDeps) => unknown> = [
  // bundle
  ...BUNDLE_TOOL_REGISTRARS,
  // boot
  ...BOOT_TOOL_REGISTRARS,
  // ltm
  ...LTM_TOOL_REGISTRARS,
  // watcher
  registerIngestDeltaTool,
  // llm
  registerLlmStatusTool,
  // mcp
];

/** Every resource module's register function, in the order resources are listed. */
const RESOURCE_REGISTRARS: ReadonlyArray<(server: McpServer, deps: ServerDeps) => unknown> = [
  registerConfigResource,
  registerSlotResources,
  registerBundleResources,
  registerMipsResources,
  registerAuditResources,
];

/** Every prompt module's register function, in the order prompts are listed. */
const PROMPT_REGISTRARS: ReadonlyArray<(server: McpServer, deps: ServerDeps) => unknown> = [
  registerBootAndReportPrompt,
  registerWhatDoWeKnowAboutPrompt,
];
