/**
 * The LTM capability's MCP tools, in the order they are listed.
 *
 * @module
 */
import type { ServerDeps } from "../_tool.ts";
import type { McpServer } from "../sdk.ts";
import { registerQueryMipsIndexTool } from "./query_mips_index.ts";
import { registerGetMipsDeltaTool } from "./get_mips_delta.ts";
import { registerReindexLtmTool } from "./reindex_ltm.ts";
import { registerLtmGraphTool } from "./ltm_graph.ts";
import { registerVerifyLedgerTool } from "./verify_ledger.ts";

/** `query_mips_index`, `get_mips_delta`, `reindex_ltm`, `ltm_graph`, `verify_ledger`. */
export const LTM_TOOL_REGISTRARS: ReadonlyArray<(server: McpServer, deps: ServerDeps) => unknown> =
  [
    registerQueryMipsIndexTool,
    registerGetMipsDeltaTool,
    registerReindexLtmTool,
    registerLtmGraphTool,
    registerVerifyLedgerTool,
  ];
