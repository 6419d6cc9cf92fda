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
