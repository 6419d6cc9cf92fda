/**
 * `image_send` (`metablooms send`): send a message to an object of the living
 * image; a message it does not understand runs cognitive cycles that write
 * the method.
 *
 * @module
 */
import { configuredEmbedder, QUERY_EMBED_TIMEOUT_MS } from "../lib/catalog/embedder.ts";
import { migrateCatalog } from "../lib/catalog/repository.ts";
import { catalogRetriever } from "../lib/catalog/retriever.ts";
import { sendMessage } from "../lib/cycle/open.ts";
import { renderSend } from "../lib/image/render.ts";
import { type SendResult, SendResultSchema } from "../schemas/image.ts";
import { type ImageSendInput, ImageSendInputSchema } from "../schemas/image_input.ts";
import type { Operation } from "./operation.ts";

/** `image_send`. */
export const imageSendOp: Operation<ImageSendInput, SendResult> = {
  name: "image_send",
  title: "Send a message to a living-image object",
  description:
    "Sends `selector` with `args` (a JSON array) to `object` in the living image. The method is found by delegation (own slot, then each parent depth-first) and runs in a zero-permission sandbox on a copy of the object's slots; the slots it changes are committed with the call as a new version (undo restores). A message nobody understands starts a cognitive cycle (IDLE, DECOMPOSING, DELEGATING, SYNTHESIZING, VALIDATING, COMPLETE or FAILED; progress per state) in which the personas write the method through the configured Ollama models (DELEGATING retrieves from the knowledge catalog: see search_memory), the guardians and a trial run judge it, and only a valid method is installed; a failed validation is followed by corrective cycles. Returns the answer, where it was found, what changed and the cycles run. Errors: IMAGE_NOT_FOUND, CYCLE_FAILED, SANDBOX_*, LLM_*, CANCELLED.",
  input: ImageSendInputSchema,
  output: SendResultSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async run(input, ctx) {
    const store = await ctx.store();
    // Migrated before the cycle's transaction opens, so a rolled-back cycle cannot take the tables with it.
    await migrateCatalog(store);
    return await sendMessage(ctx.config, input, {
      store,
      retriever: catalogRetriever(store, {
        embedder: configuredEmbedder(ctx.config.ollama, { timeoutMs: QUERY_EMBED_TIMEOUT_MS }),
      }),
      llm: ctx.llm(),
      clock: ctx.clock,
      signal: ctx.signal,
      progress: ctx.progress,
    });
  },
  render: renderSend,
  mcp: {},
  cli: {
    name: "send",
    script: "image_send.ts",
    summary: "Send a message to a living-image object (learns the method when it is missing)",
    usage: "<object> <selector> [args...]",
    description:
      "Each argument is read as JSON when it parses (42, true, [1,2], '\"text\"'), else as text. " +
      "A message the object does not understand runs cognitive cycles (needs Ollama); each step is " +
      "logged to <data>/audit/metacognition.jsonl.",
    positionals: [
      { field: "object", name: "<object>" },
      { field: "selector", name: "<selector>" },
      { field: "args", name: "[args...]", list: true, json: true },
    ],
    exitCodes: {
      0: "answered",
      1: "the method failed or could not be learned (CYCLE_FAILED, SANDBOX_*, LLM_*)",
      2: "usage error, or no such object",
    },
  },
};
