/**
 * Schemas of the knowledge catalog's results: cycle-log ingest, remembered
 * documents, and memory search.
 *
 * @module
 */
import { z } from "zod";
import { type LedgerBreak, LedgerBreakSchema } from "./state.ts";

/** A line of a cycle log that is not a record (kept out of the catalog, named here). */
export interface MalformedLine {
  /** 1-based line number. */
  line: number;
  /** Why it is not a record. */
  error: string;
}

/** Schema of {@linkcode MalformedLine}. */
export const MalformedLineSchema: z.ZodType<MalformedLine> = z.object({
  line: z.number().int(),
  error: z.string(),
});

/** What ingesting one log file did. */
export interface IngestedFile {
  /** The file read. */
  path: string;
  /**
   * `verified`: its `.chain` sidecar verified every line ingested; `broken`: the chain breaks at
   * `first_broken` (ingested up to it only with `allow_broken`); `none`: no sidecar, not verifiable.
   */
  chain: "verified" | "broken" | "none";
  /** Non-blank lines in the file. */
  lines: number;
  /** Records read from it (before deduplication). */
  records: number;
  /** Records new to the catalog. */
  added: number;
  /** Records already in the catalog (same content hash). */
  duplicates: number;
  /** Lines that are not records, by line (at most the first 100 are listed). */
  malformed: MalformedLine[];
  /** How many lines are not records. */
  malformed_count: number;
  /** Records in the older VIII formatter shape, converted. */
  legacy: number;
  /** Lines after the last chain entry (a writer's pending lines): left for the next ingest. */
  unchained: number;
  /** The first line the chain does not vouch for. */
  first_broken?: LedgerBreak | undefined;
  /** A last line cut short by a crash (not ingested). */
  torn_tail?: { line: number; bytes: number } | undefined;
  /** Where the file went after its records committed (the live log's rotations). */
  archived_to?: string | undefined;
}

/** Schema of {@linkcode IngestedFile}. */
export const IngestedFileSchema: z.ZodType<IngestedFile> = z.object({
  path: z.string(),
  chain: z.enum(["verified", "broken", "none"]),
  lines: z.number().int(),
  records: z.number().int(),
  added: z.number().int(),
  duplicates: z.number().int(),
  malformed: z.array(MalformedLineSchema),
  malformed_count: z.number().int(),
  legacy: z.number().int(),
  unchained: z.number().int(),
  first_broken: LedgerBreakSchema.optional(),
  torn_tail: z.object({ line: z.number().int(), bytes: z.number().int() }).optional(),
  archived_to: z.string().optional(),
});

/** What `ingest_audit_log` did. */
export interface AuditIngestResult {
  /** `file` (a log given by path) or `live` (the image's cycle log, rotated after ingest). */
  mode: "file" | "live";
  /** Each file read, in order (a live ingest first finishes rotations a crash left behind). */
  files: IngestedFile[];
  /** Records new to the catalog. */
  added: number;
  /** Records that were already there. */
  duplicates: number;
  /** Lines that are not records. */
  malformed_count: number;
  /** Records in the catalog afterwards. */
  total_records: number;
  /** One sentence: what happened (`0 added: all 12 records were already in the catalog`). */
  message: string;
}

/** Schema of {@linkcode AuditIngestResult}. */
export const AuditIngestResultSchema: z.ZodType<AuditIngestResult> = z.object({
  mode: z.enum(["file", "live"]),
  files: z.array(IngestedFileSchema),
  added: z.number().int(),
  duplicates: z.number().int(),
  malformed_count: z.number().int(),
  total_records: z.number().int(),
  message: z.string(),
});

/** What happened to one file given to `remember`. */
export interface RememberedFile {
  /** The file. */
  path: string;
  /** `markdown`, `text`, `json`, `mips`, or `unknown` when skipped. */
  kind: string;
  /** `added`, `replaced` (its content changed), `unchanged` (same sha256) or `skipped`. */
  status: "added" | "replaced" | "unchanged" | "skipped";
  /** Chunks stored (0 when unchanged or skipped). */
  chunks: number;
  /** SHA-256 of its bytes. */
  sha256?: string | undefined;
  /** Why it was skipped. */
  reason?: string | undefined;
}

/** Schema of {@linkcode RememberedFile}. */
export const RememberedFileSchema: z.ZodType<RememberedFile> = z.object({
  path: z.string(),
  kind: z.string(),
  status: z.enum(["added", "replaced", "unchanged", "skipped"]),
  chunks: z.number().int(),
  sha256: z.string().optional(),
  reason: z.string().optional(),
});

/** Whether the embedding half took part, and why not. */
export interface EmbeddingUse {
  /** Whether vectors were computed (remember) or compared (search). */
  used: boolean;
  /** The embedding model, when one is configured. */
  model?: string | undefined;
  /** Why not, when not. */
  reason?: string | undefined;
}

/** Schema of {@linkcode EmbeddingUse}. */
export const EmbeddingUseSchema: z.ZodType<EmbeddingUse> = z.object({
  used: z.boolean(),
  model: z.string().optional(),
  reason: z.string().optional(),
});

/** What `remember` did. */
export interface RememberResult {
  /** Each file, in path order. */
  files: RememberedFile[];
  /** Files new to the catalog. */
  added: number;
  /** Files whose chunks were replaced. */
  replaced: number;
  /** Files already remembered as they are. */
  unchanged: number;
  /** Files that could not be read as a document. */
  skipped: number;
  /** Chunks stored. */
  chunks: number;
  /** Whether chunks got embeddings (and semantic chunking). */
  embeddings: EmbeddingUse;
}

/** Schema of {@linkcode RememberResult}. */
export const RememberResultSchema: z.ZodType<RememberResult> = z.object({
  files: z.array(RememberedFileSchema),
  added: z.number().int(),
  replaced: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  chunks: z.number().int(),
  embeddings: EmbeddingUseSchema,
});

/** One search hit. */
export interface MemoryHit {
  /** A stable id: `record:<content sha256>` or `chunk:<path>#<n>`. */
  id: string;
  /** `record` (a cycle-log record) or `chunk` (a piece of a document). */
  kind: "record" | "chunk";
  /** The fused score (reciprocal rank fusion; higher is better). */
  score: number;
  /** Its rank in the BM25 half (1-based), when it was found there. */
  bm25_rank?: number | undefined;
  /** Its rank in the vector half (1-based), when it was found there. */
  vector_rank?: number | undefined;
  /** What it is, in one line (`FAILED · VALIDATING · ALFRED · c-0042`, a heading path). */
  title: string;
  /** The best-matching passage, matched words in [brackets]. */
  snippet: string;
  /** Where it came from: the log or document path. */
  source: string;
  /** The record's line in its log, or the chunk's place in its document (1-based). */
  position: number;
  /** Its time (ISO 8601), when known. */
  time?: string | undefined;
  /** Records: the cycle. */
  cycle_id?: string | undefined;
  /** Records: the event type. */
  event_type?: string | undefined;
  /** Records: the persona. */
  persona?: string | undefined;
  /** Records: the state. */
  state?: string | undefined;
  /** Chunks: the document's kind and metadata (a delta's module id, posture, …). */
  document?: { kind: string; metadata: Record<string, unknown> } | undefined;
}

/** Schema of {@linkcode MemoryHit}. */
export const MemoryHitSchema: z.ZodType<MemoryHit> = z.object({
  id: z.string(),
  kind: z.enum(["record", "chunk"]),
  score: z.number(),
  bm25_rank: z.number().int().optional(),
  vector_rank: z.number().int().optional(),
  title: z.string(),
  snippet: z.string(),
  source: z.string(),
  position: z.number().int(),
  time: z.string().optional(),
  cycle_id: z.string().optional(),
  event_type: z.string().optional(),
  persona: z.string().optional(),
  state: z.string().optional(),
  document: z.object({ kind: z.string(), metadata: z.record(z.string(), z.unknown()) })
    .optional(),
});

/** Which halves of the ranking ran. */
export interface SearchRanking {
  /** Full text (FTS5 BM25): always, when the text has a searchable word. */
  bm25: boolean;
  /** Vector similarity over document chunks. */
  vector: boolean;
  /** The embedding model, when one is configured. */
  model?: string | undefined;
  /** Why a half did not run. */
  reason?: string | undefined;
  /**
   * Set when the BM25 half was bounded: the text matched so many records that only the newest
   * `bm25_window` records (and newest `bm25_window` document chunks) were ranked by BM25.
   */
  approximate?: boolean | undefined;
  /** How many of the newest matches BM25 ranked, when `approximate`. */
  bm25_window?: number | undefined;
}

/** Schema of {@linkcode SearchRanking}. */
export const SearchRankingSchema: z.ZodType<SearchRanking> = z.object({
  bm25: z.boolean(),
  vector: z.boolean(),
  model: z.string().optional(),
  reason: z.string().optional(),
  approximate: z.boolean().optional(),
  bm25_window: z.number().int().optional(),
});

/** What `search_memory` found. */
export interface SearchMemoryResult {
  /** The text searched for. */
  text: string;
  /** The hits of this page, best first. */
  hits: MemoryHit[];
  /** The page size. */
  limit: number;
  /** Hits skipped. */
  offset: number;
  /** Whether another page follows. */
  has_more: boolean;
  /** Which halves ran, and why one did not. */
  ranking: SearchRanking;
}

/** Schema of {@linkcode SearchMemoryResult}. */
export const SearchMemoryResultSchema: z.ZodType<SearchMemoryResult> = z.object({
  text: z.string(),
  hits: z.array(MemoryHitSchema),
  limit: z.number().int(),
  offset: z.number().int(),
  has_more: z.boolean(),
  ranking: SearchRankingSchema,
});
