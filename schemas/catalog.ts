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
