/**
 * `validate_bundle` (`metablooms validate`): validate an OS bundle zip in one
 * streaming pass, without extracting it.
 *
 * @module
 */
import { renderVerdict } from "../lib/bundle/render.ts";
import { validateBundle, verdictExitCode } from "../lib/bundle/validate.ts";
import { type Verdict, VerdictSchema } from "../schemas/bundle.ts";
import { type ValidateBundleInput, ValidateBundleInputSchema } from "../schemas/bundle_input.ts";
import { resolveOptionalPath } from "./context.ts";
import type { Operation } from "./operation.ts";

/** `validate_bundle`. */
export const validateBundleOp: Operation<ValidateBundleInput, Verdict> = {
  name: "validate_bundle",
  title: "Validate an OS bundle",
  description:
    "Validates a MetaBlooms OS bundle zip in one streaming pass without extracting it: zip structure (CRC, sizes, headers, zip64, encryption, duplicates), unsafe paths, zip-bomb limits, the bundle generation (A/B/C) and its layout, boot manifest and contract, the MEEP SHA-256 inventory, .sha256 sidecars, and the build receipt's hash and Ed25519 signature. Returns ok, identity (name, version, sha256, size, generation, entries) and coded findings. Read-only.",
  input: ValidateBundleInputSchema,
  output: VerdictSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    const receipt = await resolveOptionalPath(ctx, input.receipt_path);
    const manifest = await resolveOptionalPath(ctx, input.manifest_path);
    return await validateBundle(await ctx.resolvePath(input.path), {
      strict: input.strict ?? false,
      limits: ctx.config.bundleLimits,
      signal: ctx.signal,
      ...(receipt === undefined ? {} : { receiptPath: receipt }),
      ...(manifest === undefined ? {} : { buildManifestPath: manifest }),
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: (verdict) => renderVerdict(verdict),
  exitCode: verdictExitCode,
  mcp: {},
  cli: {
    name: "validate",
    script: "validate_bundle.ts",
    summary: "Validate an OS bundle zip without extracting it",
    usage: "<bundle.zip> [--strict] [--receipt FILE] [--manifest FILE]",
    description:
      "Reads the central directory and streams every entry once: zip structure (CRC, sizes, headers, " +
      "zip64, encryption, duplicates), unsafe paths, zip-bomb limits (config bundleLimits), the " +
      "generation's layout (Gen A: same pass/fail as the original validate_os_bundle.py), boot manifest " +
      "and contract, the MEEP inventory, .sha256 sidecars, and a BUILD_RECEIPT next to the bundle " +
      "(hash and Ed25519 signature). Integrity drift is a warning, an error with --strict.",
    positionals: [{ field: "path", name: "<bundle.zip>" }],
    flags: {
      receipt_path: { flag: "receipt", valueName: "FILE" },
      manifest_path: { flag: "manifest", valueName: "FILE" },
    },
    exitCodes: {
      0: "the bundle is valid",
      1: "the bundle was read and has errors",
      2: "the file is not a readable zip (not a zip, LFS pointer, truncated, split), or usage error",
    },
  },
};
