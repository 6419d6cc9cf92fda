/**
 * `image_undo` (`metablooms undo`): restore an object to an earlier version,
 * as a new version.
 *
 * @module
 */
import { undoObject } from "../lib/image/history.ts";
import { withImage } from "../lib/image/open.ts";
import { renderUndo } from "../lib/image/render.ts";
import { type ImageUndoResult, ImageUndoResultSchema } from "../schemas/image.ts";
import { type ImageUndoInput, ImageUndoInputSchema } from "../schemas/image_input.ts";
import type { Operation } from "./operation.ts";

/** `image_undo`. */
export const imageUndoOp: Operation<ImageUndoInput, ImageUndoResult> = {
  name: "image_undo",
  title: "Undo changes to a living-image object",
  description:
    "Restores an object's slots and parents to an earlier version (default: the one before the current) by committing a new version equal to it; nothing is deleted, so the undo itself can be undone. Returns the restored and new version numbers and what changed. Errors: IMAGE_NOT_FOUND, IMAGE_VERSION_NOT_FOUND, IMAGE_NOTHING_TO_UNDO, IMAGE_CONFLICT.",
  input: ImageUndoInputSchema,
  output: ImageUndoResultSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  async run(input, ctx) {
    return await withImage(
      ctx.config,
      { store: await ctx.store(), clock: ctx.clock },
      (image) => undoObject(image, input.object, input.version, ctx.signal),
    );
  },
  render: renderUndo,
  mcp: {},
  cli: {
    name: "undo",
    script: "image_undo.ts",
    summary: "Restore a living-image object to an earlier version (as a new version)",
    usage: "<object> [version]",
    positionals: [
      { field: "object", name: "<object>" },
      { field: "version", name: "[version]", json: true },
    ],
    exitCodes: {
      0: "restored",
      1: "nothing to undo, or a concurrent change (IMAGE_CONFLICT)",
      2: "usage error, or no such object or version",
    },
  },
};
