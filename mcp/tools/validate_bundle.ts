/**
 * MCP tool `validate_bundle`: the same {@linkcode Verdict} as `metablooms validate`.
 *
 * @module
 */
import { z } from "zod";
import { validateBundle } from "../../lib/bundle/validate.ts";
import { renderVerdict } from "../../lib/bundle/render.ts";
import { type Verdict, VerdictSchema } from "../../schemas/bundle.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `validate_bundle`. */
export const ValidateBundleInputSchema = z.object({
  path: z.string().min(1).describe("The bundle zip to validate (inside the configured roots)."),
  strict: z.boolean().optional().describe(
    "Treat integrity drift (stale/partial MEEP, contract mismatches, stale sidecars, receipt hash) as errors. Default false.",
  ),
  receipt_path: z.string().optional().describe(
    "Build receipt to verify; default: a BUILD_RECEIPT_*.json next to the bundle that names it.",
  ),
  manifest_path: z.string().optional().describe(
    "A build_manifest.json to check the Gen-A layout against; default: the bundle's own scripts/build_manifest.json, else the embedded Gen-A one.",
  ),
});

/**
 * Registers `validate_bundle` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (config, root confinement).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerValidateBundleTool(server, deps);
 * ```
 */
export function registerValidateBundleTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "validate_bundle",
    title: "Validate an OS bundle",
    description:
      "Validates a MetaBlooms OS bundle zip in one streaming pass without extracting it: zip structure (CRC, sizes, headers, zip64, encryption, duplicates), unsafe paths, zip-bomb limits, the bundle generation (A/B/C) and its layout, boot manifest and contract, the MEEP SHA-256 inventory, .sha256 sidecars, and the build receipt's hash and Ed25519 signature. Returns ok, identity (name, version, sha256, size, generation, entries) and coded findings. Read-only.",
    hints: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: ValidateBundleInputSchema,
    output: VerdictSchema,
    run: async (args, { signal, progress, deps }) => {
      const verdict = await validateBundle(await deps.resolvePath(args.path), {
        strict: args.strict ?? false,
        limits: deps.config.bundleLimits,
        signal,
        ...(args.receipt_path === undefined
          ? {}
          : { receiptPath: await deps.resolvePath(args.receipt_path) }),
        ...(args.manifest_path === undefined
          ? {}
          : { buildManifestPath: await deps.resolvePath(args.manifest_path) }),
        ...(progress ? { progress } : {}),
      });
      return verdict;
    },
    render: (r) => renderVerdict(r as Verdict, 25),
  });
}
