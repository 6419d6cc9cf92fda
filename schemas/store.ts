/**
 * Zod schemas of the store's results: a database lease, and the report of
 * copying a store to another backend (`metablooms migrate-store`).
 *
 * @module
 */
import { z } from "zod";

/** A held database lease (`lib/store/lease.ts`). */
export interface LeaseRecord {
  /** What the lease guards. */
  name: string;
  /** Who holds it. */
  holder: string;
  /** The fencing token: larger for every new holder. */
  token: number;
  /** Expiry in ms since the epoch, on the database's clock. */
  expires_ms: number;
}

/** Schema of {@linkcode LeaseRecord}. */
export const LeaseRecordSchema: z.ZodType<LeaseRecord> = z.object({
  name: z.string(),
  holder: z.string(),
  token: z.number().int().positive(),
  expires_ms: z.number().int(),
});

/** One table of a store copy. */
export interface TableCopy {
  /** The table. */
  table: string;
  /** Rows in the source. */
  source_rows: number;
  /** Rows in the target after the copy. */
  target_rows: number;
  /** Rows this run copied (fewer than `target_rows` when it resumed an earlier run). */
  copied_rows: number;
  /** Order-independent SHA-256 over the source rows' values. */
  source_sha256: string;
  /** The same over the target rows. */
  target_sha256: string;
  /** Counts and hashes agree. */
  verified: boolean;
}

/** Schema of {@linkcode TableCopy}. */
export const TableCopySchema: z.ZodType<TableCopy> = z.object({
  table: z.string(),
  source_rows: z.number().int().min(0),
  target_rows: z.number().int().min(0),
  copied_rows: z.number().int().min(0),
  source_sha256: z.string(),
  target_sha256: z.string(),
  verified: z.boolean(),
});

/** One component of a store copy. */
export interface ComponentCopy {
  /** The component (`ltm`, `image`, …). */
  component: string;
  /** Its schema version on both sides. */
  version: number;
  /** Its tables, in copy order. */
  tables: TableCopy[];
}

/** Schema of {@linkcode ComponentCopy}. */
export const ComponentCopySchema: z.ZodType<ComponentCopy> = z.object({
  component: z.string(),
  version: z.number().int().min(0),
  tables: z.array(TableCopySchema),
});

/** A component found in the source that this kit cannot copy. */
export interface SkippedComponent {
  /** The component. */
  component: string;
  /** Why. */
  reason: string;
}

/** Schema of {@linkcode SkippedComponent}. */
export const SkippedComponentSchema: z.ZodType<SkippedComponent> = z.object({
  component: z.string(),
  reason: z.string(),
});

/** The result of `copyStore` / `metablooms migrate-store`. */
export interface StoreCopyReport {
  /** The source (a file path, or a URL without its password). */
  source: string;
  /** The target, likewise. */
  target: string;
  /** Whether this run continued an interrupted copy. */
  resumed: boolean;
  /** Every copied component. */
  components: ComponentCopy[];
  /** Components in the source without a copy spec in this kit (not copied). */
  skipped: SkippedComponent[];
  /** Rows this run wrote. */
  copied_rows: number;
  /** Every table verified and nothing skipped. */
  ok: boolean;
}

/** Schema of {@linkcode StoreCopyReport}. */
export const StoreCopyReportSchema: z.ZodType<StoreCopyReport> = z.object({
  source: z.string(),
  target: z.string(),
  resumed: z.boolean(),
  components: z.array(ComponentCopySchema),
  skipped: z.array(SkippedComponentSchema),
  copied_rows: z.number().int().min(0),
  ok: z.boolean(),
});

/** Input of `migrate_store` (`metablooms migrate-store`). */
export interface MigrateStoreInput {
  /** The target store: `sqlite:PATH` or a `postgres://` URL. */
  to: string;
  /** The source store; the configured one when omitted. */
  from?: string | undefined;
  /** Rows per batch. */
  batch_rows?: number | undefined;
}

/** Schema of {@linkcode MigrateStoreInput}. */
export const MigrateStoreInputSchema: z.ZodType<MigrateStoreInput> = z.object({
  to: z.string().min(1).describe(
    "The target store: sqlite:PATH (a SQLite file) or a postgres:// URL; empty, or an interrupted copy of the same source.",
  ),
  from: z.string().min(1).optional().describe(
    "The source store: sqlite:PATH or a postgres:// URL; default: the configured store (MB_DATABASE_URL, else the SQLite file).",
  ),
  batch_rows: z.number().int().positive().optional().describe(
    "Rows per batch, each committed with its progress. Default 1000.",
  ),
});
