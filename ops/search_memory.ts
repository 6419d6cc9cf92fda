/**
 * `search_memory` (`metablooms search <text>`): hybrid search over the
 * knowledge catalog's cycle-log records and documents.
 *
 * @module
 */
import { configuredEmbedder, QUERY_EMBED_TIMEOUT_MS } from "../lib/catalog/embedder.ts";
import { renderSearch } from "../lib/catalog/render.ts";
import { searchMemory } from "../lib/catalog/search.ts";
import { type SearchMemoryResult, SearchMemoryResultSchema } from "../schemas/catalog.ts";
import { type SearchMemoryInput, SearchMemoryInputSchema } from "../schemas/catalog_input.ts";
import type { Operation } from "./operation.ts";

/** `search_memory`. */
export const searchMemoryOp: Operation<SearchMemoryInput, SearchMemoryResult> = {
  name: "search_memory",
  title: "Search memory",
  description:
    "Searches the knowledge catalog (ingested cycle-log records and remembered documents): BM25 full text always, plus vector similarity over document chunks when the configured embedding model answers, fused by reciprocal rank. Filters: cycle_id, persona, event_type, outcome (of the record's cycle), source (path contains), from/to (ISO time), kind (record or chunk). Paged with limit/offset; each hit has a [bracketed] snippet, its source and line. `ranking` says which halves ran and why one did not (e.g. Ollama unreachable). Read-only.",
  input: SearchMemoryInputSchema,
  output: SearchMemoryResultSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(input, ctx) {
    const query = Object.fromEntries(
      Object.entries(input).filter(([, v]) => v !== undefined),
    ) as SearchMemoryInput;
    return await searchMemory(await ctx.store(), query, {
      embedder: configuredEmbedder(ctx.config.ollama, { timeoutMs: QUERY_EMBED_TIMEOUT_MS }),
      noEmbedderReason: "the embedding model is off (ollama.embedModel / MB_EMBED_MODEL)",
      signal: ctx.signal,
    });
  },
  render: renderSearch,
  mcp: {},
  cli: {
    name: "search",
    script: "search_memory.ts",
    summary: "Search the knowledge catalog (BM25 + vectors when available, filters, paged)",
    usage:
      "<text...> [--cycle ID] [--persona P] [--event TYPE] [--outcome O] [--source S] [--from T] [--to T]",
    description:
      "Every word must match (--match any: any word); word* is a prefix. Ingest logs with " +
      "`metablooms audit-ingest` and documents with `metablooms remember` first.",
    positionals: [{ field: "text", name: "<text...>", rest: true }],
    flags: {
      cycle_id: { flag: "cycle", valueName: "ID" },
      persona: { valueName: "P" },
      event_type: { flag: "event", valueName: "TYPE" },
      outcome: { valueName: "O" },
      source: { valueName: "S" },
      from: { valueName: "T" },
      to: { valueName: "T" },
      kind: { valueName: "K" },
      match: { valueName: "M" },
    },
  },
};
