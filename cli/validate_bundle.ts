/**
 * `metablooms validate`: validate an OS bundle zip in one streaming pass,
 * without extracting it.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms validate MetaBlooms_OS_CANONICAL_v7_4_1.zip --strict
 * ```
 *
 * @module
 */
import { type Command, requirePositional, runCommand, stringFlag } from "./_command.ts";
import { validateBundle, verdictExitCode } from "../lib/bundle/validate.ts";
import { renderVerdict } from "../lib/bundle/render.ts";
import type { Verdict } from "../schemas/bundle.ts";

/** `metablooms validate`. */
export const command: Command<Verdict> = {
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
  options: {
    strict: {
      type: "boolean",
      description: "Treat integrity drift (MEEP, contract, sidecars, receipt hash) as errors",
    },
    receipt: {
      type: "string",
      valueName: "FILE",
      description: "Build receipt to verify (default: BUILD_RECEIPT_*.json beside the bundle)",
    },
    manifest: {
      type: "string",
      valueName: "FILE",
      description: "build_manifest.json to check the Gen-A layout against",
    },
  },
  exitCodes: {
    0: "the bundle is valid",
    1: "the bundle was read and has errors",
    2: "the file is not a readable zip (not a zip, LFS pointer, truncated, split), or usage error",
  },
  async run(ctx) {
    const receipt = stringFlag(ctx, "receipt");
    const manifest = stringFlag(ctx, "manifest");
    return await validateBundle(requirePositional(ctx, 0, "<bundle.zip>"), {
      strict: ctx.values.strict === true,
      limits: ctx.config.bundleLimits,
      signal: ctx.signal,
      ...(receipt === undefined ? {} : { receiptPath: receipt }),
      ...(manifest === undefined ? {} : { buildManifestPath: manifest }),
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: (verdict) => renderVerdict(verdict),
  exitCode: verdictExitCode,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
