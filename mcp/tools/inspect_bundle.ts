/**
 * MCP tool `inspect_bundle`: the same {@linkcode Inspection} as `metablooms inspect`.
 *
 * @module
 */
import { z } from "zod";
import { inspectBundle } from "../../lib/bundle/inspect.ts";
import { renderInspection } from "../../lib/bundle/render.ts";
import { type Inspection, InspectionSchema } from "../../schemas/bundle.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `inspect_bundle`. */
export const InspectBundleInputSchema = z.object({
  path: z.string().min(1).describe("The bundle zip (inside the configured roots)."),
  entry: z.string().optional().describe(
    "An entry whose content to return, by exact name (e.g. boot_manifest.json).",
  ),
  max_bytes: z.number().int().min(1).max(16 << 20).optional().describe(
    "Cut the entry's content after this many bytes. Default 65536.",
  ),
});

/**
 * Registers `inspect_bundle` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (root confinement).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerInspectBundleTool(server, deps);
 * ```
 */
export function registerInspectBundleTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "inspect_bundle",
    title: "Inspect an OS bundle",
    description:
      "Lists a bundle zip's entries (name, sizes, method, CRC-32, mtime), shows its manifests (boot_manifest, boot_manifest_v1, build_manifest, boot_contract, VERSION_MANIFEST) and a MEEP summary, and with entry returns one file's content from inside the zip (UTF-8 text or base64, size-capped). Reads only what it shows; never extracts. Read-only.",
    hints: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: InspectBundleInputSchema,
    output: InspectionSchema,
    run: async (args, { signal, deps }) =>
      await inspectBundle(await deps.resolvePath(args.path), {
        signal,
        ...(args.entry === undefined ? {} : { entry: args.entry }),
        ...(args.max_bytes === undefined ? {} : { maxBytes: args.max_bytes }),
      }),
    render: (r) => {
      const text = renderInspection(r as Inspection);
      return text.length > 20_000 ? text.slice(0, 20_000) + "\n… (see structuredContent)" : text;
    },
  });
}
