/**
 * `metablooms extract`: validate, extract into a staging folder, verify,
 * then promote onto the destination by an atomic rename.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms extract os.zip ./MetaBlooms
 * ```
 *
 * @module
 */
import { type Command, requirePositional, runCommand } from "./_command.ts";
import { extractBundle } from "../lib/bundle/extract.ts";
import { renderExtract } from "../lib/bundle/render.ts";
import type { ExtractResult } from "../schemas/bundle.ts";

/** `metablooms extract`. */
export const command: Command<ExtractResult> = {
  name: "extract",
  script: "extract_bundle.ts",
  summary: "Safely extract a validated bundle (staging folder, verified, atomic promotion)",
  usage: "<bundle.zip> <dest-dir> [--replace] [--strict]",
  description:
    "Refuses anything validate refuses (warnings alone do not block). Writes only inside a fresh " +
    "staging folder next to <dest-dir>, checks every file's size, CRC-32 and SHA-256 as written, then " +
    "renames it onto <dest-dir>. On failure or Ctrl-C the staging folder is removed and <dest-dir> is untouched.",
  options: {
    replace: {
      type: "boolean",
      description: "Replace a non-empty <dest-dir> (swapped out only after success)",
    },
    strict: { type: "boolean", description: "Also refuse bundles with integrity drift" },
  },
  exitCodes: {
    0: "extracted",
    1: "refused: the bundle does not validate, or verification failed",
    2: "usage error, unreadable bundle, or <dest-dir> exists",
  },
  async run(ctx) {
    return await extractBundle(
      requirePositional(ctx, 0, "<bundle.zip>"),
      requirePositional(ctx, 1, "<dest-dir>"),
      {
        replace: ctx.values.replace === true,
        strict: ctx.values.strict === true,
        limits: ctx.config.bundleLimits,
        signal: ctx.signal,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
      },
    );
  },
  render: renderExtract,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
