/**
 * MCP tool `get_mips_delta`: one delta from the LTM index; the same
 * {@linkcode MipsDelta} as `metablooms get`.
 *
 * @module
 */
import { z } from "zod";
import { getMipsDelta } from "../../lib/ltm/get.ts";
import { renderDelta } from "../../lib/ltm/render.ts";
import { MipsDeltaSchema } from "../../schemas/ltm.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `get_mips_delta`. */
export const GetMipsDeltaInputSchema = z.object({
  id: z.string().min(1).describe(
    "Module id (as query_mips_index returns it), artifact id, file stem, or the path relative to the LTM folder (e.g. deltas/2026-01/X.mips.json).",
  ),
});

/**
 * Registers `get_mips_delta` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (the store holds the index).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerGetMipsDeltaTool(server, deps);
 * ```
 */
export function registerGetMipsDeltaTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "get_mips_delta",
    title: "Read a long-term memory delta",
    description:
      "Returns one MIPS delta from the LTM index: its normalised record (format, module id, version, UTC timestamp, councils, status, self-hash verdict with recipe), the header as written, the body (JSON or text), resolved dependencies, dangling references and dependents. Error MIPS_NOT_FOUND when nothing matches. Read-only.",
    hints: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: GetMipsDeltaInputSchema,
    output: MipsDeltaSchema,
    run: (args, { deps }) => getMipsDelta(deps.store, args.id),
    render: renderDelta,
  });
}
