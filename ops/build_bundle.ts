/**
 * `build_bundle` (`metablooms build`): a byte-for-byte reproducible OS bundle
 * zip with a MEEP inventory, a (signed) build receipt and a `.sha256` sidecar.
 *
 * @module
 */
import { join } from "node:path";
import { buildBundle } from "../lib/bundle/build.ts";
import { renderBuild } from "../lib/bundle/render.ts";
import { type BuildResult, BuildResultSchema } from "../schemas/bundle.ts";
import { type BuildBundleInput, BuildBundleInputSchema } from "../schemas/bundle_input.ts";
import { resolveOptionalPath } from "./context.ts";
import type { Operation } from "./operation.ts";

/** `build_bundle`. */
export const buildBundleOp: Operation<BuildBundleInput, BuildResult> = {
  name: "build_bundle",
  title: "Build an OS bundle",
  description:
    "Packs an OS source folder into a byte-for-byte reproducible bundle zip (sorted entries, fixed timestamps and attributes, no caches), with VERSION_MANIFEST.json and a MEEP-1.0 SHA-256 inventory inside, and BUILD_RECEIPT_<version>.json (optionally Ed25519-signed) and a <zip>.sha256 sidecar beside it; validates the result and returns its verdict. Overwrites an earlier build of the same version and date.",
  input: BuildBundleInputSchema,
  output: BuildResultSchema,
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    const output = await ctx.resolvePath(
      input.output_path ?? join(ctx.config.dataDir, "bundles", "built"),
    );
    const key = (await resolveOptionalPath(ctx, input.key_path)) ?? ctx.config.signingKeyPath;
    return await buildBundle(await ctx.resolvePath(input.path), {
      version: input.version,
      output,
      changelog: input.changelog ?? [],
      limits: ctx.config.bundleLimits,
      signal: ctx.signal,
      ...(key === undefined ? {} : { signingKey: key }),
      ...(input.date === undefined ? {} : { date: input.date }),
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: renderBuild,
  exitCode: (result) => (result.verdict.ok ? 0 : 1),
  mcp: {},
  cli: {
    name: "build",
    script: "build_bundle.ts",
    summary: "Build a reproducible OS bundle zip (+ receipt and sidecar) from a folder",
    usage: "<source-dir> --version V [--output DIR|FILE.zip] [--changelog TEXT]... [--key FILE]",
    description:
      "Entries are sorted, timestamps fixed (1980-01-01, or SOURCE_DATE_EPOCH), attributes fixed, " +
      "__pycache__/.git/.pytest_cache skipped; VERSION_MANIFEST.json and MEEP_Manifest.json are written " +
      "inside; BUILD_RECEIPT_<version>.json and <zip>.sha256 beside it. The same input gives the same " +
      "bytes. --key (or config signingKeyPath) signs the receipt with Ed25519; `metablooms keygen` " +
      "makes a key.",
    positionals: [{ field: "path", name: "<source-dir>" }],
    flags: {
      version: { valueName: "V", example: "v7.5.0" },
      output_path: {
        flag: "output",
        valueName: "PATH",
        description: "Output folder or .zip file. Default: <data-dir>/bundles/built.",
      },
      changelog: { valueName: "TEXT" },
      key_path: { flag: "key", valueName: "FILE" },
      date: { valueName: "YYYY-MM-DD" },
    },
    exitCodes: {
      0: "built and valid",
      1: "built, but the bundle does not validate (see the receipt)",
      2: "usage error, or the source cannot be read",
    },
  },
};
