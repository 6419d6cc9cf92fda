/**
 * MCP tool `boot_image`: boot a bundle fail-closed and stage it as CANDIDATE
 * when it boots OK; the same {@linkcode BootReport} as `metablooms boot`.
 *
 * @module
 */
import { z } from "zod";
import { bootImage } from "../../lib/boot/boot_image.ts";
import { renderBootReport } from "../../lib/boot/render.ts";
import { BootReportSchema } from "../../schemas/boot.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `boot_image`. */
export const BootImageInputSchema = z.object({
  path: z.string().min(1).describe(
    "The OS bundle (.zip) to boot; must lie inside the configured roots.",
  ),
  exec: z.boolean().optional().describe(
    "Run the bundle's own launcher (python3, scratch copy, no network when possible, deadline): true requires it, false skips it; by default it runs whenever python3 is present.",
  ),
  exec_timeout_ms: z.number().int().positive().optional().describe(
    "Deadline of the exec run in milliseconds. Default 30000.",
  ),
  stage: z.boolean().optional().describe(
    "Put a bundle that boots OK into slot CANDIDATE. Default true.",
  ),
  promote: z.boolean().optional().describe(
    "Put it straight into ACTIVE (previous ACTIVE becomes ROLLBACK). Default false.",
  ),
});

/**
 * Registers `boot_image` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (config, path confinement).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerBootImageTool(server, deps);
 * ```
 */
export function registerBootImageTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "boot_image",
    title: "Boot an OS bundle",
    description:
      "Boots a MetaBlooms OS bundle fail-closed: validates it, extracts it into staging, runs the bundle's own launcher for its generation (A–G; python3, scratch copy, no network) and reads its real success signals (exit codes lie in several generations) as the compat verdict; for Gen A also activates the ten subsystems (any required one in ERROR gives BOOT_FAILED: ACTIVATION_GATE_FAILED) and writes the activation status, smoke and chat-capture receipts. Appends an audit event and stages the bundle as CANDIDATE when it boots OK. Without python3 the result says plainly that the runtime could not be run.",
    hints: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    input: BootImageInputSchema,
    output: BootReportSchema,
    run: async (args, { signal, progress, deps }) =>
      await bootImage(deps.config, await deps.resolvePath(args.path), {
        exec: args.exec ?? "auto",
        stage: args.stage ?? true,
        promote: args.promote ?? false,
        ...(args.exec_timeout_ms === undefined ? {} : { execTimeoutMs: args.exec_timeout_ms }),
        signal,
        ...(progress ? { progress } : {}),
      }),
    render: renderBootReport,
  });
}
