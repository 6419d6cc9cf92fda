/**
 * `remember_files` (`metablooms remember <file|dir>`): put documents into the
 * knowledge catalog, chunked, with their path and sha256.
 *
 * @module
 */
import { configuredEmbedder } from "../lib/catalog/embedder.ts";
import { remember } from "../lib/catalog/remember.ts";
import { renderRemember } from "../lib/catalog/render.ts";
import { type RememberResult, RememberResultSchema } from "../schemas/catalog.ts";
import { type RememberInput, RememberInputSchema } from "../schemas/catalog_input.ts";
import type { Operation } from "./operation.ts";

/** `remember_files`. */
export const rememberOp: Operation<RememberInput, RememberResult> = {
  name: "remember_files",
  title: "Remember documents",
  description:
    "Adds a Markdown, text, JSON or MIPS delta file (or every such file under a folder) to the knowledge catalog: chunked by headings and paragraphs (JSON by top-level member; a delta keeps its module id, posture and hash status as metadata), with its path and sha256. An unchanged file is skipped; a changed one has its chunks replaced. When the configured embedding model (ollama.embedModel) answers, chunks are cut where the topic shifts and get vectors for search_memory's vector half; otherwise BM25 only, and the result says why. Errors: REMEMBER_NOT_FOUND.",
  input: RememberInputSchema,
  output: RememberResultSchema,
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(input, ctx) {
    return await remember(await ctx.store(), await ctx.resolvePath(input.path), {
      embedder: configuredEmbedder(ctx.config.ollama),
      clock: ctx.clock,
      signal: ctx.signal,
    });
  },
  render: renderRemember,
  mcp: {},
  cli: {
    name: "remember",
    script: "remember.ts",
    summary: "Remember a document or a folder of them in the knowledge catalog",
    usage: "<file|dir>",
    description:
      "Markdown (.md), text (.txt), JSON (.json) and MIPS deltas; a changed file replaces its chunks, " +
      "an unchanged one is skipped. Set MB_EMBED_MODEL=off to skip embeddings.",
    positionals: [{ field: "path", name: "<file|dir>" }],
    exitCodes: { 0: "remembered", 2: "usage error, or the path does not exist" },
  },
};
