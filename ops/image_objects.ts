/**
 * `image_objects` (`metablooms objects`): every object of the living image.
 *
 * @module
 */
import { withImage } from "../lib/image/open.ts";
import { renderObjects } from "../lib/image/render.ts";
import { listObjects } from "../lib/image/views.ts";
import { type ImageObjectList, ImageObjectListSchema } from "../schemas/image.ts";
import { type ImageObjectsInput, ImageObjectsInputSchema } from "../schemas/image_input.ts";
import type { Operation } from "./operation.ts";

/** `image_objects`. */
export const imageObjectsOp: Operation<ImageObjectsInput, ImageObjectList> = {
  name: "image_objects",
  title: "List living-image objects",
  description:
    "Lists the objects of the living image: id, current version, delegation parents, data slot names and method names. Read-only.",
  input: ImageObjectsInputSchema,
  output: ImageObjectListSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return await withImage(
      ctx.config,
      { store: await ctx.store() },
      (image) => listObjects(image, input.prefix),
    );
  },
  render: renderObjects,
  mcp: {},
  cli: {
    name: "objects",
    script: "image_objects.ts",
    summary: "List the living image's objects",
    usage: "[--prefix P]",
    flags: { prefix: { valueName: "P" } },
  },
};
