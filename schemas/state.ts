/**
 * Zod schemas of the shared state files: the cross-process lock record
 * (`lib/fs/lock.ts`), the sidecar hash chain of a record log and the rotation
 * journal (`lib/ledger/`).
 *
 * @module
 */
import { z } from "zod";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The content of a lock file: who holds the lock. */
export interface LockRecord {
  /** Process id of the holder. */
  pid: number;
  /** Host name of the holder. */
  host: string;
  /** When the holder took the lock (UTC ISO, whole seconds). */
  started_utc: string;
  /** What the lock was taken for (shown to a waiter). */
  purpose?: string | undefined;
  /** A random id of this acquisition, so a holder never releases a lock it no longer holds. */
  token?: string | undefined;
}

/** Schema of {@linkcode LockRecord}. */
export const LockRecordSchema: z.ZodType<LockRecord> = z.object({
  pid: z.number().int(),
  host: z.string(),
  started_utc: z.string(),
  purpose: z.string().optional(),
  token: z.string().optional(),
});

/**
 * One line of a sidecar chain (`<log>.chain`): the hash of log line `seq`
 * and the chain hash linking it to every line before it. `chain_sha256` is
 * the ledger recipe (mips.md §5) over this entry without `chain_sha256`:
 * SHA-256 of `{"line_sha256":…,"prev_sha256":…,"seq":…}` (keys sorted,
 * compact, ASCII-escaped).
 */
export interface ChainEntry {
  /** 1-based line number of the log line this entry covers. */
  seq: number;
  /** SHA-256 of the log line's UTF-8 bytes, without its newline. */
  line_sha256: string;
  /** The previous entry's `chain_sha256`; `null` for line 1. */
  prev_sha256: string | null;
  /** The chain hash of this entry. */
  chain_sha256: string;
}

/** Schema of {@linkcode ChainEntry}. */
export const ChainEntrySchema: z.ZodType<ChainEntry> = z.object({
  seq: z.number().int().min(1),
  line_sha256: hex64,
  prev_sha256: hex64.nullable(),
  chain_sha256: hex64,
});

/** A rotation in progress (`<log>.rotating`): where the log and its chain are going. */
export interface RotationJournal {
  /** The log being rotated. */
  from: string;
  /** Where it goes (its chain goes to `<to>.chain`). */
  to: string;
}

/** Schema of {@linkcode RotationJournal}. */
export const RotationJournalSchema: z.ZodType<RotationJournal> = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
});
