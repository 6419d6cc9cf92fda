/**
 * `image_get` (`metablooms show`): one object of the living image, current or
 * as of a version or a time.
 *
 * @module
 */
import { withImage } from "../lib/image/open.ts";
import { renderObject } from "../lib/image/render.ts";
import { showObject } from "../lib/image/views.ts";
import { type ImageObjectView, ImageObjectViewSchema } from "../schemas/image.ts";
import { type ImageGetInput, ImageGetInputSchema } from "../schemas/image_input.ts";
import type { Operation } from "./operation.ts";

/** `image_get`. */
export const imageGetOp: Operation<ImageGetInput, ImageObjectView> = {
  name: "image_get",
  title: "Read a living-image object",
  description:
    "Returns one object of the living image: its slots (methods as their stored records: source text, sha256, guardian verdict, cycle and persona), delegation parents, version and the transaction that committed it. With `version` or `at` (ISO 8601), the version committed then. Errors: IMAGE_NOT_FOUND, IMAGE_VERSION_NOT_FOUND. Read-only.",
  input: ImageGetInputSchema,
  output: ImageObjectViewSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return await withImage(
      ctx.config,
      { store: await ctx.store() },
      (image) => showObject(image, input.object, { version: input.version, time: input.at }),
    );
  },
  render: renderObject,
  mcp: {},
  cli: {
    name: "show",
    script: "image_get.ts",
    summary: "Show a living-image object (current, or --version N, or --at TIME)",
    usage: "<object> [--version N] [--at TIME]",
    positionals: [{ field: "object", name: "<object>" }],
    flags: { at: { valueName: "TIME" } },
    exitCodes: { 0: "shown", 2: "usage error, or no such object or version" },
  },
};
