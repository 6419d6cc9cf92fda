/**
 * Runs the learning-loop measure against a catalog: ingest session 1's cycle
 * log (and remember its documents), then ask session 2's questions through the
 * catalog's hybrid search and score them (`learning.ts`).
 *
 * Questions are natural language, so the search matches any of their words
 * (BM25 ranks results matching more of them higher; the vector half, when an
 * embedding model answers, ranks by meaning). A result is identified by its
 * catalog id (`record:<sha256>`, `chunk:<path>#<n>`), its cycle id, its source
 * path (or a `/`-suffix of it) and its document's metadata values (a delta's
 * module id); its text is its title, snippet and whole text.
 *
 * @module
 */
import type { Store } from "../store/store.ts";
import { ingestAuditLog } from "../catalog/ingest.ts";
import { remember } from "../catalog/remember.ts";
import { searchCatalog } from "../catalog/search.ts";
import type { Embedder } from "../catalog/embedder.ts";
import type { MemoryHit } from "../../schemas/catalog.ts";
import type { LearningCheck } from "../../schemas/audit.ts";
import { type LearningQuestion, type RetrievedChunk, scoreQuestions } from "./learning.ts";

/** Options of {@linkcode runLearningCheck}. */
export interface LearningCheckOptions {
  /** Session 1's cycle log (absolute). */
  log: string;
  /** Session 1's documents (absolute files or folders). */
  documents?: readonly string[] | undefined;
  /** Session 2's questions. */
  questions: LearningQuestion[];
  /** k of recall@k. @default {5} */
  k?: number | undefined;
  /** `fresh` (a new, temporary catalog) or `configured` (the kit's own). */
  catalog: "fresh" | "configured";
  /** The embedding half of remember and search. @default {none: BM25 only} */
  embedder?: Embedder | undefined;
  /** Stops the work. */
  signal?: AbortSignal | undefined;
}

/**
 * Ingests session 1 into `store`, then asks session 2's questions.
 *
 * @param store The catalog's store (fresh or configured).
 * @param options Log, documents, questions, k.
 * @returns recall@k, MRR and the evidence per question.
 * @throws {KitError} From the ingest (`AUDIT_LOG_BROKEN`, `AUDIT_LOG_NOT_FOUND`) or remember.
 */
export async function runLearningCheck(
  store: Store,
  options: LearningCheckOptions,
): Promise<LearningCheck> {
  const k = options.k ?? 5;
  const ingest = await ingestAuditLog(store, { file: options.log, signal: options.signal });
  let documents = 0;
  for (const path of options.documents ?? []) {
    const done = await remember(store, path, {
      embedder: options.embedder,
      signal: options.signal,
    });
    documents += done.files.length - done.skipped;
  }
  return await scoreQuestions(
    options.questions,
    async (question, limit) => {
      const { result, texts } = await searchCatalog(
        store,
        { text: question, match: "any", limit },
        { embedder: options.embedder, signal: options.signal },
      );
      const mode = result.ranking.bm25 && result.ranking.vector
        ? "bm25+vector"
        : result.ranking.vector
        ? "vector"
        : result.ranking.bm25
        ? "bm25"
        : "none";
      return { results: result.hits.map((h, i) => retrieved(h, texts[i] ?? "")), mode };
    },
    k,
    {
      log_records: ingest.added + ingest.duplicates,
      documents,
      catalog: options.catalog,
    },
  );
}

function retrieved(hit: MemoryHit, text: string): RetrievedChunk {
  const meta = Object.values(hit.document?.metadata ?? {}).filter((v): v is string =>
    typeof v === "string"
  );
  return {
    document_id: hit.id,
    ids: [hit.id, hit.source, ...(hit.cycle_id ? [hit.cycle_id] : []), ...meta],
    text: [hit.title, hit.snippet.replace(/[[\]]/g, ""), text].join("\n"),
    snippet: hit.snippet,
  };
}
