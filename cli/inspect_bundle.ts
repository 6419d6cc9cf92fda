/**
 * `metablooms inspect`: list a bundle's entries, show its manifests, or print
 * one file from inside it, without extracting.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms inspect os.zip --entry boot_manifest.json
 * ```
 *
 * @module
 */
import { type Command, numberFlag, requirePositional, runCommand, stringFlag } from "./_command.ts";
import { inspectBundle } from "../lib/bundle/inspect.ts";
import { renderInspection } from "../lib/bundle/render.ts";
import type { Inspection } from "../schemas/bundle.ts";
import { UsageError } from "../lib/errors.ts";

/** `metablooms inspect`. */
export const command: Command<Inspection> = {
  name: "inspect",
  script: "inspect_bundle.ts",
  summary: "List a bundle's entries and manifests, or print one file from inside it",
  usage: "<bundle.zip> [--entry NAME] [--max-bytes N]",
  description:
    "Reads the central directory and only the entries it shows: the entry table (size, packed size, " +
    "method, CRC-32, mtime), boot_manifest / boot_manifest_v1 / build_manifest / boot_contract / " +
    "VERSION_MANIFEST, a MEEP summary, and with --entry that file's content (cut at --max-bytes).",
  options: {
    entry: {
      type: "string",
      valueName: "NAME",
      description: "Print this entry's content (exact name)",
    },
    "max-bytes": {
      type: "string",
      valueName: "N",
      description: "Cut --entry content after N bytes (default 65536)",
    },
  },
  async run(ctx) {
    const entry = stringFlag(ctx, "entry");
    const maxBytes = numberFlag(ctx, "max-bytes");
    if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes < 1)) {
      throw new UsageError(`--max-bytes must be a positive integer, got ${maxBytes}`);
    }
    return await inspectBundle(requirePositional(ctx, 0, "<bundle.zip>"), {
      signal: ctx.signal,
      ...(entry === undefined ? {} : { entry }),
      ...(maxBytes === undefined ? {} : { maxBytes }),
    });
  },
  render: renderInspection,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
