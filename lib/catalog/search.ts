/**
 * Searching the catalog (`search_memory`, `metablooms search <text>`): BM25
 * over records and chunks always; vector similarity over chunks when an
 * embedding model answers; the two fused by reciprocal rank. Filters, paging
 * and snippets; the result says which halves ran and why one did not.
 *
 * @module
 */
import { isoUtc } from "../clock.ts";
import { ftsQuery } from "../ltm/query.ts";
import type { Store } from "../store/store.ts";
import type { MemoryHit, SearchMemoryResult, SearchRanking } from "../../schemas/catalog.ts";
import type { SearchMemoryInput } from "../../schemas/catalog_input.ts";
import { cosine } from "./chunk.ts";
import { type Embedder, embedFailure, fromBlob } from "./embedder.ts";
import {
  bm25Search,
  chunksById,
  hasVectors,
  migrateCatalog,
  recordsById,
  type SearchFilter,
  type StoredChunk,
  type StoredRecord,
  vectorsOf,
} from "./repository.ts";
import { matchCount, queryWords, snippetOf } from "./snippet.ts";

/** Options of {@linkcode searchMemory}. */
export interface SearchMemoryOptions {
  /** The vector half's embedder. @default {none: BM25 only} */
  embedder?: Embedder | undefined;
  /** Why there is no embedder (said in the result). @default {"no embedding model configured"} */
  noEmbedderReason?: string | undefined;
  /** Aborts the query embedding. */
  signal?: AbortSignal | undefined;
}

/** The reciprocal-rank-fusion constant (Cormack et al.). */
export const RRF_K = 60;
const VECTOR_DEPTH = 50;

/**
 * Searches records and documents. An unfiltered text matching more than `BM25_WINDOW` rows
 * (a word in most records) is ranked by BM25 over its newest matches only, and
 * `ranking.approximate` / `ranking.bm25_window` say so; fewer matches are ranked exactly.
 *
 * @param store The store.
 * @param input Text, filters, page.
 * @param options The embedder for the vector half.
 * @returns The page of hits, and which halves ran.
 * @throws {RangeError} When `from` / `to` is not a time.
 *
 * @example BM25 alone, and it says so
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "../store/sqlite_store.ts";
 * import { remember } from "./remember.ts";
 * import { searchMemory } from "./search.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/tea.md`, "# Tea\nSteep green tea for two minutes.");
 * await using store = await openSqliteStore(":memory:");
 * await remember(store, dir);
 * const found = await searchMemory(store, { text: "green tea" });
 * assert.equal(found.hits[0]?.snippet, "Steep [green] [tea] for two minutes.");
 * assert.deepEqual([found.ranking.bm25, found.ranking.vector], [true, false]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function searchMemory(
  store: Store,
  input: SearchMemoryInput,
  options: SearchMemoryOptions = {},
): Promise<SearchMemoryResult> {
  return (await searchCatalog(store, input, options)).result;
}

/** A search result with the whole text of each hit (what a cycle's retrieval hands the model). */
export interface CatalogSearch {
  /** The result. */
  result: SearchMemoryResult;
  /** Per hit, in order: a chunk's heading and whole text, or a record's best passage. */
  texts: string[];
}

/**
 * Searches like {@linkcode searchMemory}, also returning each hit's whole text.
 *
 * @param store The store.
 * @param input Text, filters, page.
 * @param options The embedder for the vector half.
 * @returns The result and the hits' texts.
 * @throws {RangeError} When `from` / `to` is not a time.
 */
export async function searchCatalog(
  store: Store,
  input: SearchMemoryInput,
  options: SearchMemoryOptions = {},
): Promise<CatalogSearch> {
  await migrateCatalog(store);
  const limit = input.limit ?? 10;
  const offset = input.offset ?? 0;
  const filter: SearchFilter = {
    cycle_id: input.cycle_id,
    persona: input.persona,
    event_type: input.event_type,
    outcome: input.outcome,
    source: input.source,
    since: input.from,
    until: input.to,
    kind: input.kind,
  };
  const all = ftsQuery(input.text);
  // `any`: the same quoted phrases, joined by OR (FTS5 ranks rows matching more of them higher).
  const match = input.match === "any" ? all?.match(/"[^"]*"\*?/g)?.join(" OR ") : all;
  const ranking: SearchRanking = { bm25: match !== undefined, vector: false };
  const depth = offset + limit + 1;
  const found = match === undefined
    ? { rowids: [] }
    : await store.read((tx) => bm25Search(tx, match, filter, depth));
  const bm25 = found.rowids;
  if (found.window !== undefined) {
    ranking.approximate = true;
    ranking.bm25_window = found.window;
  }
  let vector: number[] = [];
  const embedder = options.embedder;
  if (embedder && !(await store.read((tx) => hasVectors(tx, embedder.model)))) {
    // Nothing to compare with: the query is not embedded (no call to a model that may be down).
    ranking.model = embedder.model;
    ranking.reason = `no document chunk has an embedding from ${embedder.model} yet`;
  } else if (embedder) {
    ranking.model = embedder.model;
    try {
      const [query] = await embedder.embed([input.text], options.signal);
      vector = await nearest(store, embedder.model, filter, query!, Math.max(depth, VECTOR_DEPTH));
      ranking.vector = true;
    } catch (error) {
      if ((error as { code?: unknown }).code === "CANCELLED") throw error;
      ranking.reason = embedFailure(embedder.model, error);
    }
  } else {
    ranking.reason = options.noEmbedderReason ?? "no embedding model configured";
  }
  if (match === undefined) {
    ranking.reason = [ranking.reason, "the text has no searchable word for BM25"]
      .filter(Boolean).join("; ");
  }
  const fused = fuse(bm25, vector);
  const page = fused.slice(offset, offset + limit);
  const { hits, texts } = await materialize(store, page, queryWords(input.text));
  const result = {
    text: input.text,
    hits,
    limit,
    offset,
    has_more: fused.length > offset + limit,
    ranking,
  };
  return { result, texts };
}

/** Chunk rowids (`-id`) of the stored vectors nearest to `query`, best first. */
async function nearest(
  store: Store,
  model: string,
  filter: SearchFilter,
  query: Float32Array,
  k: number,
): Promise<number[]> {
  const stored = await store.read((tx) => vectorsOf(tx, model, filter));
  return stored
    .map((v) => ({ rowid: -v.chunk_id, sim: cosine(query, fromBlob(v.vector)) }))
    .sort((a, b) => b.sim - a.sim || a.rowid - b.rowid)
    .slice(0, k)
    .map((v) => v.rowid);
}

interface Fused {
  rowid: number;
  score: number;
  bm25_rank?: number;
  vector_rank?: number;
}

/**
 * Reciprocal rank fusion of two rankings (either may be empty).
 *
 * @param bm25 BM25 order.
 * @param vector Vector order.
 * @returns The fused order, best first.
 */
function fuse(bm25: readonly number[], vector: readonly number[]): Fused[] {
  const byRow = new Map<number, Fused>();
  const add = (list: readonly number[], key: "bm25_rank" | "vector_rank") => {
    list.forEach((rowid, i) => {
      const f = byRow.get(rowid) ?? { rowid, score: 0 };
      f[key] = i + 1;
      f.score += 1 / (RRF_K + i + 1);
      byRow.set(rowid, f);
    });
  };
  add(bm25, "bm25_rank");
  add(vector, "vector_rank");
  return [...byRow.values()].sort((a, b) =>
    b.score - a.score || (a.bm25_rank ?? Infinity) - (b.bm25_rank ?? Infinity)
  );
}

async function materialize(
  store: Store,
  page: readonly Fused[],
  words: readonly string[],
): Promise<{ hits: MemoryHit[]; texts: string[] }> {
  const [records, chunks] = await store.read(async (tx) =>
    [
      await recordsById(tx, page.filter((f) => f.rowid > 0).map((f) => f.rowid)),
      await chunksById(tx, page.filter((f) => f.rowid < 0).map((f) => -f.rowid)),
    ] as const
  );
  const hits: MemoryHit[] = [];
  const texts: string[] = [];
  for (const f of page) {
    const ranks = {
      score: Math.round(f.score * 1e6) / 1e6,
      ...(f.bm25_rank === undefined ? {} : { bm25_rank: f.bm25_rank }),
      ...(f.vector_rank === undefined ? {} : { vector_rank: f.vector_rank }),
    };
    if (f.rowid > 0) {
      const r = records.get(f.rowid);
      if (!r) continue;
      const hit = { ...recordHit(r, words), ...ranks };
      hits.push(hit);
      texts.push(`${hit.title}: ${hit.snippet.replace(/[[\]]/g, "")}`);
    } else {
      const c = chunks.get(-f.rowid);
      if (!c) continue;
      hits.push({ ...chunkHit(c, words), ...ranks });
      texts.push(c.heading ? `${c.heading}\n${c.text}` : c.text);
    }
  }
  return { hits, texts };
}

function recordHit(stored: StoredRecord, words: readonly string[]): Omit<MemoryHit, "score"> {
  const r = stored.record;
  const title = [r.final_outcome, r.event_type, r.current_state, r.active_persona, r.cycle_id]
    .filter(Boolean).join(" · ");
  const fields = [
    r.llm_response_raw,
    r.llm_prompt,
    r.validation_result === null ? null : JSON.stringify(r.validation_result),
  ].filter((t): t is string => typeof t === "string" && t !== "");
  const best = fields.reduce<string | undefined>(
    (a, t) => a === undefined || matchCount(t, words) > matchCount(a, words) ? t : a,
    undefined,
  );
  return {
    id: `record:${stored.content_sha256}`,
    kind: "record",
    title,
    snippet: snippetOf(best ?? title, words),
    source: stored.source_log,
    position: stored.source_line,
    time: r.timestamp,
    cycle_id: r.cycle_id,
    event_type: r.event_type,
    ...(r.active_persona === null ? {} : { persona: r.active_persona }),
    state: r.current_state,
  };
}

function chunkHit(c: StoredChunk, words: readonly string[]): Omit<MemoryHit, "score"> {
  return {
    id: `chunk:${c.path}#${c.seq + 1}`,
    kind: "chunk",
    title: c.heading || c.path,
    snippet: snippetOf(c.text, words),
    source: c.path,
    position: c.seq + 1,
    ...(c.ts_ms === null ? {} : { time: isoUtc(c.ts_ms) }),
    document: { kind: c.kind, metadata: c.metadata },
  };
}
