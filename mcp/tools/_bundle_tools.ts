/**
 * The bundle capability's MCP tools, in the order `tools/list` shows them.
 *
 * @module
 */
import type { ServerDeps } from "../_tool.ts";
import type { McpServer } from "../sdk.ts";
import { registerBuildBundleTool } from "./build_bundle.ts";
import { registerExtractBundleTool } from "./extract_bundle.ts";
import { registerInspectBundleTool } from "./inspect_bundle.ts";
import { registerValidateBundleTool } from "./validate_bundle.ts";

/** `validate_bundle`, `inspect_bundle`, `build_bundle`, `extract_bundle`. */
export const BUNDLE_TOOL_REGISTRARS: ReadonlyArray<
  (server: McpServer, deps: ServerDeps) => unknown
> = [
  registerValidateBundleTool,
  registerInspectBundleTool,
  registerBuildBundleTool,
  registerExtractBundleTool,
];
