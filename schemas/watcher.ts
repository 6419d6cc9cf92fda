/**
 * Zod schemas of the downloads watcher's file formats and result objects:
 * the ingest ledger line (`manifests/ledger.ndjson`), the rolling feed
 * (`manifests/recent.json`), both historical shapes of
 * `manifests/latest.json` and the one shape the kit writes, the quarantine
 * reason, the heartbeat file, the result of ingesting one file and
 * the report of a watcher run.
 *
 * @module
 */
import { z } from "zod";

/** What a watched file turned out to be. */
export type IngestKind = "mips" | "bundle" | "note";

/** Schema of {@linkcode IngestKind}. */
export const IngestKindSchema: z.ZodType<IngestKind> = z.enum(["mips", "bundle", "note"]);

/**
 * One line of the ingest ledger `manifests/ledger.ndjson`.
 *
 * The original watcher wrote `{ts, path, sha256, bytes[, host]}`; the kit
 * keeps those fields (so `sha256` stays the SHA-256 of the file's raw bytes)
 * and adds `kind`, `hash_status`, `validator` and the hash chain: `chain_sha256`
 * is the chain recipe of mips.md §5 (SHA-256 of the line without
 * `chain_sha256`, keys sorted recursively, compact, ASCII-escaped) and
 * `prev_sha256` the previous line's `chain_sha256` — or, after a legacy
 * unchained line, that line's recipe hash; `null` on the very first line.
 * The chain hash cannot live in `sha256`, which already names the file.
 */
export interface IngestLedgerLine {
  /** UTC ISO time of the ingest. */
  ts: string;
  /** Path of the stored file relative to the LTM repo, `/`-separated (`deltas/2026-01/x.mips.json`). */
  path: string;
  /** SHA-256 of the file's raw bytes (lowercase hex). */
  sha256: string;
  /** Size of the file in bytes. */
  bytes: number;
  /** Host tag of the ingesting machine (absent in the original ledger). */
  host?: string | undefined;
  /** What the file is. */
  kind?: IngestKind | undefined;
  /** Self-hash verdict of a MIPS file: `VERIFIED(R1)`, `MISMATCH`, `UNVERIFIABLE`, `ABSENT`. */
  hash_status?: string | undefined;
  /** Which check accepted the file, with the kit version (`parseMips@0.1.0`). */
  validator?: string | undefined;
  /** Chain link: the previous line's chain hash, `null` on the first line. */
  prev_sha256?: string | null | undefined;
  /** Chain hash of this line. */
  chain_sha256?: string | undefined;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters");

/** Schema of {@linkcode IngestLedgerLine} (unknown keys are kept). */
export const IngestLedgerLineSchema: z.ZodType<IngestLedgerLine> = z.looseObject({
  ts: z.string(),
  path: z.string().min(1),
  sha256: hex64,
  bytes: z.number().int().min(0),
  host: z.string().optional(),
  kind: IngestKindSchema.optional(),
  hash_status: z.string().optional(),
  validator: z.string().optional(),
  prev_sha256: hex64.nullable().optional(),
  chain_sha256: hex64.optional(),
});

/** The rolling feed `manifests/recent.json` (historical shape (a) of `latest.json`). */
export interface RecentFeed {
  /** When the feed was written (UTC ISO), `null` when there is no ledger yet. */
  generated_utc: string | null;
  /** The last 25 ledger lines, newest first. */
  items: IngestLedgerLine[];
}

/** Schema of {@linkcode RecentFeed}. */
export const RecentFeedSchema: z.ZodType<RecentFeed> = z.object({
  generated_utc: z.string().nullable(),
  items: z.array(IngestLedgerLineSchema),
});

/** One delta a session applies on top of the snapshot. */
export interface LatestDelta {
  /** Path relative to the LTM repo. */
  path: string;
  /**
   * SHA-256 of the file as `validate_ltm.py` computes it: text read with
   * newline translation (CRLF and CR become LF), encoded as UTF-8; raw bytes
   * for a file that is not UTF-8 text.
   */
  sha256: string;
  /** What the delta applies to, when it says. */
  applies_to?: string | string[] | undefined;
}

/**
 * `manifests/latest.json` in the one shape the kit writes: historical shape
 * (b), the snapshot pointer. The watcher adds each ingested delta (kinds
 * `mips` and `note`) to `deltas` and bumps `as_of_utc`; it keeps `state`,
 * `governance` and any other key as they are. A feed-shaped (a) file is
 * converted (its items become `deltas`); a file of neither shape is left
 * untouched.
 */
export interface LatestManifest {
  /** Always `"1.0"`. */
  schema_version: string;
  /** When the manifest was last updated (UTC ISO). */
  as_of_utc: string;
  /** The snapshot the deltas apply to. */
  state: {
    /** `empty` (no snapshot yet) or `snapshot`. */
    type: string;
    /** Path of the snapshot file, `null` when empty. */
    snapshot_path: string | null;
    /** Its SHA-256, `null` when empty. */
    snapshot_sha256: string | null;
  };
  /** Deltas on top of the snapshot, oldest first. */
  deltas: LatestDelta[];
  /** Review rules. */
  governance: {
    /** Approval mode. */
    approval: string;
    /** Reviewers needed. */
    min_reviewers: number;
    /** Rule texts. */
    rules: string[];
  };
}

/** Schema of {@linkcode LatestManifest} (unknown keys are kept). */
export const LatestManifestSchema: z.ZodType<LatestManifest> = z.looseObject({
  schema_version: z.string(),
  as_of_utc: z.string(),
  state: z.looseObject({
    type: z.string(),
    snapshot_path: z.string().nullable(),
    snapshot_sha256: z.string().nullable(),
  }),
  deltas: z.array(z.looseObject({
    path: z.string(),
    sha256: z.string(),
    applies_to: z.union([z.string(), z.array(z.string())]).optional(),
  })),
  governance: z.looseObject({
    approval: z.string(),
    min_reviewers: z.number(),
    rules: z.array(z.string()),
  }),
});

/** `<name>.reason.json` beside a file moved to `MB_QUARANTINE/`. */
export interface QuarantineReason {
  /** When it was quarantined (UTC ISO). */
  ts: string;
  /** Where the file was. */
  source: string;
  /** Where it is now. */
  quarantined_path: string;
  /** SHA-256 of its raw bytes. */
  sha256: string;
  /** Its size. */
  bytes: number;
  /** What the watcher took it for from its name. */
  kind: IngestKind;
  /** Stable code of the failure (`MIPS_UNPARSEABLE`, `BUNDLE_LFS_POINTER`, …). */
  code: string;
  /** Human reason. */
  reason: string;
  /** The validator's findings, when there are any. */
  findings?: unknown[] | undefined;
}

/** Schema of {@linkcode QuarantineReason}. */
export const QuarantineReasonSchema: z.ZodType<QuarantineReason> = z.object({
  ts: z.string(),
  source: z.string(),
  quarantined_path: z.string(),
  sha256: z.string(),
  bytes: z.number().int().min(0),
  kind: IngestKindSchema,
  code: z.string(),
  reason: z.string(),
  findings: z.array(z.unknown()).optional(),
});

/** The last file the watcher ingested. */
export interface LastIngest {
  /** Stored path relative to the LTM repo. */
  path: string;
  /** SHA-256 of the file. */
  sha256: string;
  /** When (UTC ISO). */
  ts: string;
}

/** `<dataDir>/state/watcher_heartbeat.json`, rewritten every loop (watcher.md §5). */
export interface WatcherHeartbeat {
  /** Host name. */
  host: string;
  /** Watcher process id. */
  pid: number;
  /** Kit version. */
  version: string;
  /** When the watcher started (UTC ISO). */
  started_utc: string;
  /** When the last loop ended (UTC ISO). */
  last_loop_utc: string;
  /** The last ingested file, once there is one. */
  last_ingest?: LastIngest | undefined;
  /** Local commits not yet on the remote. */
  pending_push: number;
  /** Files waiting in `MB_QUARANTINE/`. */
  quarantined: number;
  /** Failures in the last hour. */
  errors_last_hour: number;
}

/** Schema of {@linkcode WatcherHeartbeat}. */
export const WatcherHeartbeatSchema: z.ZodType<WatcherHeartbeat> = z.object({
  host: z.string(),
  pid: z.number().int(),
  version: z.string(),
  started_utc: z.string(),
  last_loop_utc: z.string(),
  last_ingest: z.object({ path: z.string(), sha256: z.string(), ts: z.string() }).optional(),
  pending_push: z.number().int().min(0),
  quarantined: z.number().int().min(0),
  errors_last_hour: z.number().int().min(0),
});

/** What happened to the git side of one ingest or sync. */
export interface GitSyncResult {
  /** Whether a commit was made. */
  committed: boolean;
  /** The new commit id. */
  commit?: string | undefined;
  /** Whether the remote now has every local commit. */
  pushed: boolean;
  /** Local commits not yet on the remote afterwards. */
  pending_push: number;
  /** How the push went: `pushed`, `up-to-date`, `no-remote`, `skipped`, `rebased` (pushed after a pull --rebase), `failed`. */
  push_status: string;
  /** Why the push failed. */
  push_error?: string | undefined;
}

/** Schema of {@linkcode GitSyncResult}. */
export const GitSyncResultSchema: z.ZodType<GitSyncResult> = z.object({
  committed: z.boolean(),
  commit: z.string().optional(),
  pushed: z.boolean(),
  pending_push: z.number().int().min(0),
  push_status: z.string(),
  push_error: z.string().optional(),
});

/** The result of ingesting one file ({@linkcode IngestResult.status} says which way it went). */
export interface IngestResult {
  /**
   * `ingested` (filed, ledgered, committed), `duplicate` (sha256 already in the
   * ledger), `quarantined` (invalid, moved to `MB_QUARANTINE/`) or `invalid`
   * (invalid, outside the watch folder, so left where it is).
   */
  status: "ingested" | "duplicate" | "quarantined" | "invalid";
  /** The file as given (absolute). */
  source: string;
  /** Its base name. */
  name: string;
  /** SHA-256 of its raw bytes. */
  sha256: string;
  /** Its size. */
  bytes: number;
  /** What it is. */
  kind: IngestKind;
  /** MIPS self-hash verdict. */
  hash_status?: string | undefined;
  /** The check that accepted or rejected it. */
  validator?: string | undefined;
  /** Where it was filed, relative to the LTM repo. */
  stored_path?: string | undefined;
  /** Whether a name collision made the kit store it as `<stem>__<sha8><ext>`. */
  renamed: boolean;
  /** The ledger line appended. */
  ledger_line?: IngestLedgerLine | undefined;
  /** Why it was rejected (`quarantined` and `invalid`). */
  rejection?: { code: string; reason: string; findings?: unknown[] | undefined } | undefined;
  /** Where the quarantined file and its reason now are. */
  quarantine?: { path: string; reason_path: string } | undefined;
  /** Whether the source file was removed from the watch folder. */
  source_removed: boolean;
  /** What `latest.json` got: `updated`, `created`, `converted` (from the feed shape), `unchanged`, `skipped-unknown-shape`. */
  latest: string;
  /** The index refresh, when one ran. */
  reindex?: { ok: boolean; error?: string | undefined } | undefined;
  /** Commit and push. */
  git?: GitSyncResult | undefined;
  /** Wall time of the whole pipeline. */
  duration_ms: number;
}

/** Schema of {@linkcode IngestResult}. */
export const IngestResultSchema: z.ZodType<IngestResult> = z.object({
  status: z.enum(["ingested", "duplicate", "quarantined", "invalid"]),
  source: z.string(),
  name: z.string(),
  sha256: z.string(),
  bytes: z.number().int().min(0),
  kind: IngestKindSchema,
  hash_status: z.string().optional(),
  validator: z.string().optional(),
  stored_path: z.string().optional(),
  renamed: z.boolean(),
  ledger_line: IngestLedgerLineSchema.optional(),
  rejection: z.object({
    code: z.string(),
    reason: z.string(),
    findings: z.array(z.unknown()).optional(),
  }).optional(),
  quarantine: z.object({ path: z.string(), reason_path: z.string() }).optional(),
  source_removed: z.boolean(),
  latest: z.string(),
  reindex: z.object({ ok: z.boolean(), error: z.string().optional() }).optional(),
  git: GitSyncResultSchema.optional(),
  duration_ms: z.number().min(0),
});

/** A file the watcher saw and did not process this time. */
export interface WatchSkip {
  /** Base name. */
  name: string;
  /** `partial-download`, `lock-file`, `empty`, `settling`, `not-recognized`, `unstable`, `failed`. */
  reason: string;
  /** More detail (e.g. the error code of a failure). */
  detail?: string | undefined;
}

/** Schema of {@linkcode WatchSkip}. */
export const WatchSkipSchema: z.ZodType<WatchSkip> = z.object({
  name: z.string(),
  reason: z.string(),
  detail: z.string().optional(),
});

/** What a watcher run did (`--once`, or until stopped). */
export interface WatchReport {
  /** Whether it was a single pass (`--once`). */
  once: boolean;
  /** When it started (UTC ISO). */
  started_utc: string;
  /** When it stopped (UTC ISO). */
  finished_utc: string;
  /** Loops run. */
  loops: number;
  /** Files ingested. */
  ingested: number;
  /** Duplicates skipped (and removed from the watch folder). */
  duplicates: number;
  /** Files quarantined. */
  quarantined: number;
  /** Files left in place because they were still changing. */
  unstable: number;
  /** Pipeline failures (the file stays in place and is retried). */
  errors: number;
  /** Local commits not yet pushed at the end. */
  pending_push: number;
  /** Results of the files handled (the last 100). */
  results: IngestResult[];
  /** Files seen and left alone in the last loop. */
  skipped: WatchSkip[];
}

/** Schema of {@linkcode WatchReport}. */
export const WatchReportSchema: z.ZodType<WatchReport> = z.object({
  once: z.boolean(),
  started_utc: z.string(),
  finished_utc: z.string(),
  loops: z.number().int().min(0),
  ingested: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  quarantined: z.number().int().min(0),
  unstable: z.number().int().min(0),
  errors: z.number().int().min(0),
  pending_push: z.number().int().min(0),
  results: z.array(IngestResultSchema),
  skipped: z.array(WatchSkipSchema),
});
