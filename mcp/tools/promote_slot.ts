/**
 * MCP tool `promote_slot`: promote the candidate slot; the same {@linkcode SlotChange} as `metablooms promote`.
 *
 * @module
 */
import { z } from "zod";
import { promoteSlot } from "../../lib/boot/slots.ts";
import { renderSlotChange } from "../../lib/boot/render.ts";
import { SlotChangeSchema } from "../../schemas/boot.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/**
 * Registers `promote_slot` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (config).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerPromoteSlotTool(server, deps);
 * ```
 */
export function registerPromoteSlotTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "promote_slot",
    title: "Promote the CANDIDATE slot",
    description:
      "Makes the CANDIDATE bundle ACTIVE and the previous ACTIVE the ROLLBACK, in one atomic, crash-safe step under a cross-process lock, after checking the candidate's hash and boot receipt; appends a SLOT_PROMOTE audit event. Fails with NO_CANDIDATE when there is nothing to promote.",
    hints: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    },
    input: z.object({}),
    output: SlotChangeSchema,
    run: async (_args, { signal, deps }) => await promoteSlot(deps.config, { signal }),
    render: renderSlotChange,
  });
}
