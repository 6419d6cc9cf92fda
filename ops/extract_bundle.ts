/**
 * `extract_bundle` (`metablooms extract`): extract a validated bundle through
 * a staging folder, verified, promoted by an atomic rename.
 *
 * @module
 */
import { extractBundle } from "../lib/bundle/extract.ts";
import { renderExtract } from "../lib/bundle/render.ts";
import { type ExtractResult, ExtractResultSchema } from "../schemas/bundle.ts";
import { type ExtractBundleInput, ExtractBundleInputSchema } from "../schemas/bundle_input.ts";
import type { Operation } from "./operation.ts";

/** `extract_bundle`. */
export const extractBundleOp: Operation<ExtractBundleInput, ExtractResult> = {
  name: "extract_bundle",
  title: "Extract an OS bundle",
  description:
    "Validates a bundle and, only if it has no errors, extracts it into a staging folder next to dest_path, verifies every file's size, CRC-32 and SHA-256 as written, and renames the staging folder onto dest_path. Nothing is written outside the staging folder; on failure or cancellation it is removed and dest_path is untouched.",
  input: ExtractBundleInputSchema,
  output: ExtractResultSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: false,
  },
  async run(input, ctx) {
    return await extractBundle(
      await ctx.resolvePath(input.path),
      await ctx.resolvePath(input.dest_path),
      {
        replace: input.replace ?? false,
        strict: input.strict ?? false,
        limits: ctx.config.bundleLimits,
        signal: ctx.signal,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
      },
    );
  },
  render: renderExtract,
  mcp: {},
  cli: {
    name: "extract",
    script: "extract_bundle.ts",
    summary: "Safely extract a validated bundle (staging folder, verified, atomic promotion)",
    usage: "<bundle.zip> <dest-dir> [--replace] [--strict]",
    description:
      "Refuses anything validate refuses (warnings alone do not block). Writes only inside a fresh " +
      "staging folder next to <dest-dir>, checks every file's size, CRC-32 and SHA-256 as written, then " +
      "renames it onto <dest-dir>. On failure or Ctrl-C the staging folder is removed and <dest-dir> is untouched.",
    positionals: [{ field: "path", name: "<bundle.zip>" }, {
      field: "dest_path",
      name: "<dest-dir>",
    }],
    flags: {
      replace: {
        description:
          "Replace a non-empty <dest-dir> (swapped out only after a verified extraction). Default false.",
      },
    },
    exitCodes: {
      0: "extracted",
      1: "refused: the bundle does not validate, or verification failed",
      2: "usage error, unreadable bundle, or <dest-dir> exists",
    },
  },
};
