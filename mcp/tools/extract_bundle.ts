/**
 * MCP tool `extract_bundle`: the same {@linkcode ExtractResult} as `metablooms extract`.
 *
 * @module
 */
import { z } from "zod";
import { extractBundle } from "../../lib/bundle/extract.ts";
import { renderExtract } from "../../lib/bundle/render.ts";
import { ExtractResultSchema } from "../../schemas/bundle.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `extract_bundle`. */
export const ExtractBundleInputSchema = z.object({
  path: z.string().min(1).describe("The bundle zip to extract (inside the configured roots)."),
  dest_path: z.string().min(1).describe(
    "Folder to create with the bundle's files (inside the roots).",
  ),
  replace: z.boolean().optional().describe(
    "Replace dest_path if it exists and is not empty (swapped out only after a verified extraction). Default false.",
  ),
  strict: z.boolean().optional().describe(
    "Also refuse bundles with integrity drift. Default false.",
  ),
});

/**
 * Registers `extract_bundle` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (config, root confinement).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerExtractBundleTool(server, deps);
 * ```
 */
export function registerExtractBundleTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "extract_bundle",
    title: "Extract an OS bundle",
    description:
      "Validates a bundle and, only if it has no errors, extracts it into a staging folder next to dest_path, verifies every file's size, CRC-32 and SHA-256 as written, and renames the staging folder onto dest_path. Nothing is written outside the staging folder; on failure or cancellation it is removed and dest_path is untouched.",
    hints: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    },
    input: ExtractBundleInputSchema,
    output: ExtractResultSchema,
    run: async (args, { signal, progress, deps }) =>
      await extractBundle(
        await deps.resolvePath(args.path),
        await deps.resolvePath(args.dest_path),
        {
          replace: args.replace ?? false,
          strict: args.strict ?? false,
          limits: deps.config.bundleLimits,
          signal,
          ...(progress ? { progress } : {}),
        },
      ),
    render: renderExtract,
  });
}
