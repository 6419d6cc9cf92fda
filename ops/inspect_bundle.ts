/**
 * `inspect_bundle` (`metablooms inspect`): a bundle's entries, manifests and
 * MEEP summary, or one file from inside it.
 *
 * @module
 */
import { inspectBundle } from "../lib/bundle/inspect.ts";
import { renderInspection } from "../lib/bundle/render.ts";
import { type Inspection, InspectionSchema } from "../schemas/bundle.ts";
import { type InspectBundleInput, InspectBundleInputSchema } from "../schemas/bundle_input.ts";
import type { Operation } from "./operation.ts";

/** `inspect_bundle`. */
export const inspectBundleOp: Operation<InspectBundleInput, Inspection> = {
  name: "inspect_bundle",
  title: "Inspect an OS bundle",
  description:
    "Lists a bundle zip's entries (name, sizes, method, CRC-32, mtime), shows its manifests (boot_manifest, boot_manifest_v1, build_manifest, boot_contract, VERSION_MANIFEST) and a MEEP summary, and with entry returns one file's content from inside the zip (UTF-8 text or base64, size-capped). Reads only what it shows; never extracts. Read-only.",
  input: InspectBundleInputSchema,
  output: InspectionSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return await inspectBundle(await ctx.resolvePath(input.path), {
      signal: ctx.signal,
      ...(input.entry === undefined ? {} : { entry: input.entry }),
      ...(input.max_bytes === undefined ? {} : { maxBytes: input.max_bytes }),
    });
  },
  render: renderInspection,
  mcp: {},
  cli: {
    name: "inspect",
    script: "inspect_bundle.ts",
    summary: "List a bundle's entries and manifests, or print one file from inside it",
    usage: "<bundle.zip> [--entry NAME] [--max-bytes N]",
    description:
      "Reads the central directory and only the entries it shows: the entry table (size, packed size, " +
      "method, CRC-32, mtime), boot_manifest / boot_manifest_v1 / build_manifest / boot_contract / " +
      "VERSION_MANIFEST, a MEEP summary, and with --entry that file's content (cut at --max-bytes).",
    positionals: [{ field: "path", name: "<bundle.zip>" }],
    flags: { entry: { valueName: "NAME" } },
  },
};
