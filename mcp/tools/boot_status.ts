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
import { type BootStatus, BootStatusSchema } from "../../schemas/boot.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

type BootStatusShape = { [K in keyof BootStatus]-?: z.ZodType<BootStatus[K]> };

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
      "Reports the ACTIVE, ROLLBACK and CANDIDATE slots (bundle, sha256, generation, boot time, subsystem table), whether each bundle and receipt is in place, the last failed boot, any change a crash interrupted, and which slot a boot would use. With verify, re-hashes and re-boots (simulated) each slot's bundle. Read-only.",
    hints: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: BootStatusInputSchema,
    // A z.object at runtime; declared as ZodType<BootStatus> (JSR explicit types), so re-typed.
    output: BootStatusSchema as unknown as z.ZodObject<BootStatusShape>,
    run: async (args, { signal, progress, deps }) =>
      await bootStatus(deps.config, {
        verify: args.verify ?? false,
        signal,
        ...(progress ? { progress } : {}),
      }) as z.infer<z.ZodObject<BootStatusShape>>,
    render: (r) => renderBootStatus(r as BootStatus),
  });
}
