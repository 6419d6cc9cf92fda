/**
 * Zod schemas of the shared state files: the kit's hash-chained ledgers
 * (`lib/ledger/`: an event ledger line, the verifier's verdict and first
 * break, a sidecar chain entry, the rotation journal) and the cross-process
 * lock record (`lib/fs/lock.ts`).
 *
 * @module
 */
import { z } from "zod";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** A line of an event ledger (`ledger/ledger.ndjson`, `audit/boot_events.ndjson`). */
export interface LedgerEvent {
  /** `evt_000001`, … */
  event_id: string;
  /** UTC ISO time. */
  ts_utc: string;
  /** Event type (`SYSTEM_INIT`, `INDEX_UPDATE`, …). */
  event_type: string;
  /** Event data. */
  payload: Record<string, unknown>;
  /** Chain hash of this event. */
  sha256: string;
  /** The previous event's `sha256`; null on the first. */
  prev_sha256: string | null;
}

/** Schema of {@linkcode LedgerEvent}. */
export const LedgerEventSchema: z.ZodType<LedgerEvent> = z.object({
  event_id: z.string(),
  ts_utc: z.string(),
  event_type: z.string(),
  payload: z.record(z.string(), z.unknown()),
  sha256: z.string(),
  prev_sha256: z.string().nullable(),
});

/** The first broken link of a ledger. */
export interface LedgerBreak {
  /** 1-based line number in the file. */
  line: number;
  /**
   * Stable code: `NOT_JSON`, `MISSING_FIELD`, `HASH_MISMATCH`, `PREV_MISMATCH`, `CHAIN_DROPPED`,
   * `FILE_MISMATCH`; sidecar logs: `LINE_MISMATCH`, `LINE_MISSING`, `CHAIN_ENTRY_INVALID`.
   */
  reason: string;
  /** What the verifier computed or expected. */
  expected: string | null;
  /** What the line holds. */
  actual: string | null;
  /** A sentence for humans. */
  message: string;
}

/** Schema of {@linkcode LedgerBreak}. */
export const LedgerBreakSchema: z.ZodType<LedgerBreak> = z.object({
  line: z.number().int(),
  reason: z.string(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
  message: z.string(),
});

/** Verdict of a ledger verification. */
export interface LedgerVerifyResult {
  /** The ledger file. */
  path: string;
  /** Whether every line verifies and every link holds. */
  ok: boolean;
  /** `event` (hash-chained events), `ingest` (watcher lines) or `sidecar` (a record log and its `.chain`). */
  kind: "event" | "ingest" | "sidecar";
  /** Entries read (non-blank lines; for a sidecar log, every line). */
  lines: number;
  /**
   * Entries carrying a chain hash (ingest ledgers may start unchained; a sidecar
   * log's last lines may await their chain entries after a crash, until the next append).
   */
  chained: number;
  /** Whether the first event verified by the genesis exception (pds of the payload). */
  genesis_legacy: boolean;
  /** The first broken link. */
  first_broken?: LedgerBreak | undefined;
  /**
   * A last line cut short by a crash (no newline, not a complete JSON object):
   * not a break; the next append cuts it.
   */
  torn_tail?: { line: number; bytes: number } | undefined;
}

/** Schema of {@linkcode LedgerVerifyResult}. */
export const LedgerVerifyResultSchema: z.ZodType<LedgerVerifyResult> = z.object({
  path: z.string(),
  ok: z.boolean(),
  kind: z.enum(["event", "ingest", "sidecar"]),
  lines: z.number().int(),
  chained: z.number().int(),
  genesis_legacy: z.boolean(),
  first_broken: LedgerBreakSchema.optional(),
  torn_tail: z.object({ line: z.number().int(), bytes: z.number().int() }).optional(),
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
