/**
 * MCP tool `rollback_slot`: roll back to the previous active; the same {@linkcode SlotChange} as `metablooms rollback`.
 *
 * @module
 */
import { z } from "zod";
import { rollbackSlot } from "../../lib/boot/slots.ts";
import { renderSlotChange } from "../../lib/boot/render.ts";
import { SlotChangeSchema } from "../../schemas/boot.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/**
 * Registers `rollback_slot` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (config).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerRollbackSlotTool(server, deps);
 * ```
 */
export function registerRollbackSlotTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "rollback_slot",
    title: "Roll back to the previous ACTIVE",
    description:
      "Swaps ACTIVE and ROLLBACK (undoing the last promotion) in one atomic, crash-safe step under a cross-process lock, after checking the rollback bundle's hash and boot receipt; appends a SLOT_ROLLBACK audit event. Fails with NO_ROLLBACK when there is nothing to roll back to.",
    hints: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    },
    input: z.object({}),
    output: SlotChangeSchema,
    run: async (_args, { signal, deps }) => await rollbackSlot(deps.config, { signal }),
    render: renderSlotChange,
  });
}
