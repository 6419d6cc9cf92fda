/**
 * The boot capability's MCP tools, in the order `tools/list` shows them.
 *
 * @module
 */
import type { ServerDeps } from "../_tool.ts";
import type { McpServer } from "../sdk.ts";
import { registerBootImageTool } from "./boot_image.ts";
import { registerBootStatusTool } from "./boot_status.ts";
import { registerPromoteSlotTool } from "./promote_slot.ts";
import { registerRollbackSlotTool } from "./rollback_slot.ts";

/** `boot_image`, `boot_status`, `promote_slot`, `rollback_slot`. */
export const BOOT_TOOL_REGISTRARS: ReadonlyArray<(server: McpServer, deps: ServerDeps) => unknown> =
  [
    registerBootImageTool,
    registerBootStatusTool,
    registerPromoteSlotTool,
    registerRollbackSlotTool,
  ];
