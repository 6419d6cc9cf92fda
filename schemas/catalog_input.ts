/**
 * Inputs of the knowledge catalog's operations: `ingest_audit_log`,
 * `remember`, `search_memory`.
 *
 * @module
 */
import { z } from "zod";

/** Input of `ingest_audit_log`. */
export interface IngestAuditLogInput {
  /** A cycle-log file to ingest; without it, the data directory's live log is ingested and rotated. */
  path?: string | undefined;
  /** Ingest the lines before a broken chain instead of refusing. */
  allow_broken?: boolean | undefined;
}

/** Schema of {@linkcode IngestAuditLogInput}. */
export const IngestAuditLogInputSchema: z.ZodType<IngestAuditLogInput> = z.object({
  path: z.string().min(1).optional().describe(
    "A cycle-log file (13-field JSONL, chained by its .chain sidecar when it has one); inside the roots. Omit to ingest the live log <data>/audit/metacognition.jsonl, then rotate and archive it.",
  ),
  allow_broken: z.boolean().optional().describe(
    "When the hash chain breaks, ingest the lines before the first bad one instead of refusing. Default false.",
  ),
});

/** Input of `remember`. */
export interface RememberInput {
  /** A file, or a folder of Markdown, text and JSON files. */
  path: string;
}

/** Schema of {@linkcode RememberInput}. */
export const RememberInputSchema: z.ZodType<RememberInput> = z.object({
  path: z.string().min(1).describe(
    "A Markdown, text, JSON or MIPS delta file, or a folder (every .md, .markdown, .txt, .text and .json file below it); inside the roots.",
  ),
});

/** A search over the catalog. */
export interface SearchMemoryInput {
  /** What to look for. */
  text: string;
  /** Only records of this cycle. */
  cycle_id?: string | undefined;
  /** Only records of this persona. */
  persona?: string | undefined;
  /** Only records of this event type. */
  event_type?: string | undefined;
  /** Only records of cycles that ended so. */
  outcome?: "COMPLETE" | "FAILED" | undefined;
  /** Only records from a log, or chunks from a document, whose path contains this. */
  source?: string | undefined;
  /** Only items at or after this time (ISO 8601). */
  from?: string | undefined;
  /** Only items before this time (ISO 8601). */
  to?: string | undefined;
  /** Only cycle-log records, or only document chunks. */
  kind?: "record" | "chunk" | undefined;
  /** `all`: every word must match (the default); `any`: any word may (ranked by how many). */
  match?: "all" | "any" | undefined;
  /** Page size. */
  limit?: number | undefined;
  /** Hits to skip. */
  offset?: number | undefined;
}

/** Schema of {@linkcode SearchMemoryInput}. */
export const SearchMemoryInputSchema: z.ZodType<SearchMemoryInput> = z.object({
  text: z.string().min(1).describe(
    "Words to look for (every word must match for BM25; `word*` is a prefix); also embedded for the vector half.",
  ),
  cycle_id: z.string().optional().describe("Only cycle-log records of this cycle."),
  persona: z.string().optional().describe("Only records whose active persona is this."),
  event_type: z.string().optional().describe(
    "Only records of this event type (STATE_TRANSITION, ARTIFACT_GENERATED, …).",
  ),
  outcome: z.enum(["COMPLETE", "FAILED"]).optional().describe(
    "Only records of cycles that ended so.",
  ),
  source: z.string().optional().describe(
    "Only records from a log, or chunks of a document, whose path contains this text.",
  ),
  from: z.string().optional().describe("Only items at or after this ISO 8601 time."),
  to: z.string().optional().describe("Only items before this ISO 8601 time."),
  kind: z.enum(["record", "chunk"]).optional().describe(
    "Only cycle-log records, or only document chunks.",
  ),
  match: z.enum(["all", "any"]).optional().describe(
    "BM25: `all` words must match (default), or `any` word (more matches rank higher).",
  ),
  limit: z.number().int().min(1).max(200).optional().describe("Page size. Default 10."),
  offset: z.number().int().min(0).max(10_000).optional().describe(
    "Hits to skip, for the next page. Default 0.",
  ),
});
