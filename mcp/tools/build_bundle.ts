/**
 * MCP tool `build_bundle`: the same {@linkcode BuildResult} as `metablooms build`.
 *
 * @module
 */
import { z } from "zod";
import { buildBundle } from "../../lib/bundle/build.ts";
import { renderBuild } from "../../lib/bundle/render.ts";
import { BuildResultSchema } from "../../schemas/bundle.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `build_bundle`. */
export const BuildBundleInputSchema = z.object({
  path: z.string().min(1).describe("The OS source folder to pack (inside the configured roots)."),
  version: z.string().min(1).describe("Version to build, e.g. v7.5.0."),
  output_path: z.string().optional().describe(
    "Output folder or .zip file (inside the roots). Default: <data-dir>/bundles/built.",
  ),
  changelog: z.array(z.string()).optional().describe(
    "Changelog lines for VERSION_MANIFEST.json and the receipt.",
  ),
  key_path: z.string().optional().describe(
    "Ed25519 private JWK to sign the receipt with. Default: config signingKeyPath, if set.",
  ),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe(
    "Build date YYYY-MM-DD (part of the file name and manifests). Default: today (UTC) or SOURCE_DATE_EPOCH's date.",
  ),
});

/**
 * Registers `build_bundle` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (config, root confinement).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerBuildBundleTool(server, deps);
 * ```
 */
export function registerBuildBundleTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "build_bundle",
    title: "Build an OS bundle",
    description:
      "Packs an OS source folder into a byte-for-byte reproducible bundle zip (sorted entries, fixed timestamps and attributes, no caches), with VERSION_MANIFEST.json and a MEEP-1.0 SHA-256 inventory inside, and BUILD_RECEIPT_<version>.json (optionally Ed25519-signed) and a <zip>.sha256 sidecar beside it; validates the result and returns its verdict. Overwrites an earlier build of the same version and date.",
    hints: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: BuildBundleInputSchema,
    output: BuildResultSchema,
    run: async (args, { signal, progress, deps }) => {
      const output = await deps.resolvePath(
        args.output_path ?? `${deps.config.dataDir}/bundles/built`,
      );
      const key = args.key_path === undefined
        ? deps.config.signingKeyPath
        : await deps.resolvePath(args.key_path);
      return await buildBundle(await deps.resolvePath(args.path), {
        version: args.version,
        output,
        changelog: args.changelog ?? [],
        limits: deps.config.bundleLimits,
        signal,
        ...(key === undefined ? {} : { signingKey: key }),
        ...(args.date === undefined ? {} : { date: args.date }),
        ...(progress ? { progress } : {}),
      });
    },
    render: renderBuild,
  });
}
