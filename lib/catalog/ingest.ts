/**
 * Ingesting cycle logs into the knowledge catalog (`ingest_audit_log`,
 * `metablooms audit-ingest [file]`).
 *
 * A file is verified by its `.chain` sidecar (the ledger's verifier) and read
 * by the ledger's reader; its records go in one transaction, unique by
 * content hash, so ingesting twice adds nothing.
 *
 * The live log (`<data>/audit/metacognition.jsonl`) is ingested in place
 * first; only once that commits is it rotated (the ledger's journaled
 * rotation) to `<log>.<ms>.ingesting`, whose lines are ingested again (only
 * those appended meanwhile are new), and then archived as
 * `<log>.<ms>.ingested`. A crash at any point therefore loses nothing (a
 * record is in the catalog, the live log, or an `.ingesting` file the next run
 * finds first) and duplicates nothing (content hash).
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { type Clock, systemClock } from "../clock.ts";
import { KitError } from "../errors.ts";
import { withLock } from "../fs/lock.ts";
import { type LedgerRead, parseLedger } from "../ledger/read.ts";
import { repairRecordLog } from "../ledger/record_log.ts";
import { rotateLedger } from "../ledger/rotate.ts";
import { chainPathOf } from "../ledger/sidecar.ts";
import { verifyLedger } from "../ledger/verify.ts";
import type { ProgressFn } from "../progress.ts";
import type { Store, Tx } from "../store/store.ts";
import type { AuditIngestResult, IngestedFile } from "../../schemas/catalog.ts";
import { readRecordLine, recordContentHash } from "./record_line.ts";
import { countRecords, insertRecords, migrateCatalog, type RecordRow } from "./repository.ts";

/** Options of {@linkcode ingestAuditLog}. */
export interface IngestAuditLogOptions {
  /** A log file to ingest as it is (not rotated). One of `file` / `live` is required. */
  file?: string | undefined;
  /** The live cycle log to ingest, then rotate and archive. */
  live?: string | undefined;
  /** Ingest the lines before a broken chain instead of refusing. @default {false} */
  allowBroken?: boolean | undefined;
  /** Names rotated files. @default {systemClock} */
  clock?: Pick<Clock, "now"> | undefined;
  /** Aborts (nothing of the running transaction is committed). */
  signal?: AbortSignal | undefined;
  /** Told records read per file. */
  progress?: ProgressFn | undefined;
  /** How much of a log is read and parsed at once (memory stays bounded). @default {8 MiB} */
  pieceBytes?: number | undefined;
}

const MAX_LISTED = 100;
const BATCH = 5000;

/**
 * Ingests a cycle log (or the live one, rotating it after the commit) into the catalog.
 *
 * @param store The store.
 * @param options The file or the live log, and whether a broken chain may be ingested up to its break.
 * @returns What was added, what was already there, and every malformed line.
 * @throws {KitError} `AUDIT_LOG_BROKEN` (the chain breaks: the first bad line is named; nothing is
 *   ingested from that file), `AUDIT_LOG_NOT_FOUND` (exit 2), `LOCKED`, `CANCELLED`.
 *
 * @example Ingest a log written by the kit's log writer, twice
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendRecords } from "../ledger/record_log.ts";
 * import { CycleLog } from "../cycle/log.ts";
 * import { openSqliteStore } from "../store/sqlite_store.ts";
 * import { ingestAuditLog } from "./ingest.ts";
 * const dir = await Deno.makeTempDir();
 * const records: object[] = [];
 * const log = new CycleLog({ append: (r) => records.push(r) });
 * const ctx = { cycle_id: "c-1", transaction_id: "tx-1", mission_brief_hash: "0".repeat(64) };
 * log.write(ctx, { event_type: "STATE_TRANSITION", current_state: "IDLE", transition_to: "DECOMPOSING" });
 * await appendRecords(`${dir}/metacognition.jsonl`, records);
 * await using store = await openSqliteStore(":memory:");
 * assert.equal((await ingestAuditLog(store, { file: `${dir}/metacognition.jsonl` })).added, 1);
 * const again = await ingestAuditLog(store, { file: `${dir}/metacognition.jsonl` });
 * assert.equal(again.added, 0);
 * assert.match(again.message, /already/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function ingestAuditLog(
  store: Store,
  options: IngestAuditLogOptions,
): Promise<AuditIngestResult> {
  await migrateCatalog(store);
  const files: IngestedFile[] = [];
  let mode: AuditIngestResult["mode"];
  if (options.file !== undefined) {
    mode = "file";
    if (!(await exists(options.file))) {
      throw new KitError("AUDIT_LOG_NOT_FOUND", `Cannot ingest ${options.file}: no such file`, {
        path: options.file,
        exitCode: 2,
      });
    }
    files.push(await ingestLogFile(store, options.file, options));
  } else if (options.live !== undefined) {
    mode = "live";
    const live = options.live;
    await withLock(`${live}.ingest.lock`, () => ingestLive(store, live, files, options), {
      purpose: `ingest ${live}`,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } else {
    throw new TypeError("ingestAuditLog needs `file` or `live`");
  }
  const sum = (f: (x: IngestedFile) => number) => files.reduce((n, x) => n + f(x), 0);
  const added = sum((f) => f.added);
  const duplicates = sum((f) => f.duplicates);
  const malformed = sum((f) => f.malformed_count);
  const total = await store.read((tx) => countRecords(tx));
  return {
    mode,
    files,
    added,
    duplicates,
    malformed_count: malformed,
    total_records: total,
    message: summary(files, added, duplicates, malformed),
  };
}

function summary(files: IngestedFile[], added: number, dup: number, malformed: number): string {
  const read = added + dup;
  let text = files.length === 0
    ? "Nothing to ingest: the cycle log is empty"
    : added === 0 && read > 0
    ? `0 added: all ${read} records were already in the catalog`
    : `${added} added, ${dup} already in the catalog`;
  if (malformed > 0) text += `; ${malformed} malformed line(s) skipped`;
  const broken = files.find((f) => f.first_broken);
  if (broken?.first_broken) {
    text += `; ${broken.path} breaks at line ${broken.first_broken.line}, ingested up to it`;
  }
  return text;
}

async function ingestLive(
  store: Store,
  live: string,
  files: IngestedFile[],
  options: IngestAuditLogOptions,
): Promise<void> {
  // Completes a rotation of the live log a crash interrupted, and chains a writer's pending lines.
  if ((await exists(live)) || (await exists(`${live}.rotating`))) {
    await repairRecordLog(live).catch((error) => {
      if (!(error instanceof KitError && error.code === "LEDGER_BROKEN")) throw error;
    });
  }
  // Rotated files a crash left un-ingested or un-archived go first.
  for (const pending of await pendingRotations(live)) {
    const file = (await exists(pending)) ? await ingestLogFile(store, pending, options) : undefined;
    if (file) files.push(file);
    await archive(pending, file);
  }
  if (!(await exists(live)) || (await Deno.stat(live)).size === 0) return;
  const inPlace = await ingestLogFile(store, live, options);
  files.push(inPlace);
  // Only now, with its records committed, the live log moves away.
  const rotated = await rotateLedger(live, await freshTarget(live, options.clock ?? systemClock));
  if (!rotated.rotated) return;
  const again = await ingestLogFile(store, rotated.to, options);
  // The rotated copy holds the lines just ingested plus any appended meanwhile: count it as one file.
  inPlace.added += again.added;
  inPlace.lines = again.lines;
  inPlace.records = again.records;
  inPlace.duplicates = again.records - inPlace.added;
  inPlace.unchained = again.unchained;
  await archive(rotated.to, inPlace);
}

/**
 * `<live>.<n>.ingesting` files (or their chains, rotation journals or locks) left by an earlier
 * run; archiving one whose log is gone only completes its journal and clears a dead run's lock.
 */
async function pendingRotations(live: string): Promise<string[]> {
  const prefix = `${basename(live)}.`;
  const found = new Set<string>();
  try {
    for await (const entry of Deno.readDir(dirname(live))) {
      const m = /^(.*\.ingesting)(\.chain|\.rotating|\.lock)?$/.exec(entry.name);
      if (m && entry.name.startsWith(prefix)) found.add(join(dirname(live), m[1]!));
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return [...found].sort();
}

async function archive(ingesting: string, file: IngestedFile | undefined): Promise<void> {
  const to = ingesting.replace(/\.ingesting$/, ".ingested");
  await rotateLedger(ingesting, to);
  if (file) file.archived_to = to;
}

async function freshTarget(live: string, clock: Pick<Clock, "now">): Promise<string> {
  const stamp = clock.now();
  for (let n = 0;; n++) {
    const base = `${live}.${stamp}${n === 0 ? "" : `-${n}`}`;
    const taken = await Promise.all(
      [`${base}.ingesting`, `${base}.ingested`].flatMap((p) => [p, chainPathOf(p)]).map(exists),
    );
    if (!taken.includes(true)) return `${base}.ingesting`;
  }
}

/**
 * Verifies, reads and ingests one log file in one transaction.
 *
 * @param store The store (migrated).
 * @param path The log.
 * @param options `allowBroken`, `signal`, `progress`.
 * @returns What it did.
 */
async function ingestLogFile(
  store: Store,
  path: string,
  options: IngestAuditLogOptions,
): Promise<IngestedFile> {
  const file: IngestedFile = {
    path,
    chain: "none",
    lines: 0,
    records: 0,
    added: 0,
    duplicates: 0,
    malformed: [],
    malformed_count: 0,
    legacy: 0,
    unchained: 0,
  };
  let limit = Infinity;
  if (await exists(chainPathOf(path))) {
    const verdict = await verifyLedger(path, { kind: "sidecar" });
    if (verdict.ok) {
      file.chain = "verified";
      limit = verdict.chained;
      file.unchained = verdict.lines - verdict.chained;
    } else {
      const at = verdict.first_broken!;
      if (!options.allowBroken) {
        throw new KitError(
          "AUDIT_LOG_BROKEN",
          `Cannot ingest ${path}: its hash chain breaks at line ${at.line} (${at.reason}: ${at.message}); nothing was ingested from it (allow_broken / --allow-broken ingests the lines before it)`,
          { path, details: { first_broken: at } },
        );
      }
      file.chain = "broken";
      file.first_broken = at;
      limit = at.line - 1;
    }
  }
  const malformed = (line: number, error: string) => {
    if (line > limit) return;
    file.malformed_count++;
    if (file.malformed.length < MAX_LISTED) file.malformed.push({ line, error });
  };
  const seen = new Map<string, number>();
  const rowsOf = ({ read, offset }: LogPiece): RecordRow[] => {
    if (read.torn_tail) file.torn_tail = { ...read.torn_tail, line: read.torn_tail.line + offset };
    for (const bad of read.bad) malformed(bad.line + offset, bad.error);
    file.lines += read.bad.length;
    const rows: RecordRow[] = [];
    for (const entry of read.entries) {
      file.lines++;
      const line = entry.line + offset;
      if (line > limit) continue;
      const parsed = readRecordLine(entry.value);
      if (!parsed.ok) {
        malformed(line, parsed.error);
        continue;
      }
      if (parsed.legacy) file.legacy++;
      const base = recordContentHash(parsed.record);
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      rows.push({
        content_sha256: occurrence === 0 ? base : recordContentHash(parsed.record, occurrence),
        record: parsed.record,
        source_log: path,
        source_line: line,
      });
    }
    return rows;
  };
  // One transaction over the whole file, read piece by piece so a large log never sits in memory.
  file.added = await store.transaction(async (tx) => {
    if (tx.dialect === "sqlite") {
      await tx.exec(`PRAGMA cache_size = -${await cacheKib(tx, (await Deno.stat(path)).size)}`);
    }
    let added = 0;
    for await (const piece of readLogPieces(path, options.pieceBytes ?? PIECE_BYTES)) {
      options.signal?.throwIfAborted();
      const rows = rowsOf(piece);
      file.records += rows.length;
      for (let i = 0; i < rows.length; i += BATCH) {
        added += await insertRecords(tx, rows.slice(i, i + BATCH));
      }
      options.progress?.(file.records, undefined, path);
    }
    return added;
  }, options.signal ? { signal: options.signal } : {});
  file.malformed.sort((a, b) => a.line - b.line);
  file.duplicates = file.records - file.added;
  return file;
}

const PIECE_BYTES = 8 << 20;

/**
 * The SQLite page cache (KiB) an ingest sets: every new record goes into the content-hash
 * index (and the cycle index) at a random place, so once those indexes outgrow the cache each
 * insert reads pages back (at 1M records that doubled the insert time). About 160 bytes of index
 * per record keeps them in memory: at least the LTM's 64 MB, at most 512 MB.
 */
async function cacheKib(tx: Tx, logBytes: number): Promise<number> {
  const records = (await countRecords(tx)) + logBytes / 400;
  return Math.round(Math.min(512 << 10, Math.max(64 << 10, (records * 160) / 1024)));
}

/** A piece of a log as the ledger's parser read it; its line numbers start after `offset`. */
interface LogPiece {
  /** The piece's lines (numbered from 1 within the piece). */
  read: LedgerRead;
  /** Lines before the piece. */
  offset: number;
}

/**
 * A log read in pieces of whole lines by the ledger's parser (`parseLedger`), with the lines
 * before each piece; only the last piece can hold a torn tail.
 */
async function* readLogPieces(path: string, pieceBytes: number): AsyncGenerator<LogPiece> {
  using file = await Deno.open(path, { read: true });
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(pieceBytes);
  let carry = "";
  let base = 0;
  const shifted = (text: string): LogPiece => {
    const piece = { read: parseLedger(text), offset: base };
    base += countNewlines(text);
    return piece;
  };
  for (;;) {
    const n = await file.read(buffer);
    if (n === null) break;
    carry += decoder.decode(buffer.subarray(0, n), { stream: true });
    const cut = carry.lastIndexOf("\n");
    if (cut === -1) continue;
    yield shifted(carry.slice(0, cut + 1));
    carry = carry.slice(cut + 1);
  }
  carry += decoder.decode();
  if (carry !== "") yield shifted(carry);
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
