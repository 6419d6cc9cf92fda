/**
 * MCP tool `boot_status`: the ACTIVE / ROLLBACK / CANDIDATE slots, the last
 * failed boot and any unfinished change; the same {@linkcode BootStatus} as
 * `metablooms status`.
 *
 * @module
 */
import { z } from "zod";
import { bootStatus } from "../../lib/boot/status.ts";
import { renderBootStatus } from "../../lib/boot/render.ts";
import { BootStatusSchema } from "../../schemas/boot.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `boot_status`. */
export const BootStatusInputSchema = z.object({
  verify: z.boolean().optional().describe(
    "Re-hash every slot's bundle and boot it again in simulation. Default false.",
  ),
});

/**
 * Registers `boot_status` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (config).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerBootStatusTool(server, deps);
 * ```
 */
export function registerBootStatusTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "boot_status",
    title: "Boot slots status",
    description:
      "Reports the ACTIVE, ROLLBACK and CANDIDATE slots (bundle, sha256, generation, boot time, subsystem table), whether each bundle and receipt is in place, the last failed boot, any change a crash interrupted, and which slot a boot would use. With verify, re-hashes and re-boots each slot's bundle in a temp folder (its own launcher runs when python3 is present). Read-only.",
    hints: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: BootStatusInputSchema,
    output: BootStatusSchema,
    run: async (args, { signal, progress, deps }) =>
      await bootStatus(deps.config, {
        verify: args.verify ?? false,
        signal,
        ...(progress ? { progress } : {}),
      }),
    render: renderBootStatus,
  });
}
