/**
 * `image_history` (`metablooms history`): every committed version of an object.
 *
 * @module
 */
import { objectHistory } from "../lib/image/history.ts";
import { withImage } from "../lib/image/open.ts";
import { renderHistory } from "../lib/image/render.ts";
import { type ImageHistory, ImageHistorySchema } from "../schemas/image.ts";
import { type ImageHistoryInput, ImageHistoryInputSchema } from "../schemas/image_input.ts";
import type { Operation } from "./operation.ts";

/** `image_history`. */
export const imageHistoryOp: Operation<ImageHistoryInput, ImageHistory> = {
  name: "image_history",
  title: "History of a living-image object",
  description:
    "Lists every committed version of an object, oldest first: version, transaction, kind (seed, commit, send, cycle, undo), note, cycle, time and the slots it changed. Read-only.",
  input: ImageHistoryInputSchema,
  output: ImageHistorySchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return await withImage(
      ctx.config,
      { store: await ctx.store() },
      (image) => objectHistory(image, input.object),
    );
  },
  render: renderHistory,
  mcp: {},
  cli: {
    name: "history",
    script: "image_history.ts",
    summary: "List every committed version of a living-image object",
    usage: "<object>",
    positionals: [{ field: "object", name: "<object>" }],
    exitCodes: { 0: "listed", 2: "usage error, or no such object" },
  },
};
