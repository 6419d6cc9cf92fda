/**
 * Builds and refreshes the LTM index in the shared SQLite store: scans the LTM
 * folder, re-reads only files whose mtime or size changed (and re-parses only
 * those whose sha256 changed), drops removed files, keeps module ids unique
 * and postures current, one transaction per batch.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import type { LongWorkOptions } from "../progress.ts";
import { throttleProgress } from "../progress.ts";
import { sha256Hex } from "../fs/sha256.ts";
import type { MipsParseResult } from "../../schemas/mips.ts";
import type { QuarantinedFile, ReindexReport } from "../../schemas/ltm.ts";
import { parseMipsBytes } from "../mips/parse.ts";
import { nowUtc } from "../clock.ts";
import type { SyncStore as Store } from "../store/_sync_store.ts";
import { getMeta, migrateLtm, serialized, setMeta, stmt } from "./_db.ts";
import { refreshHistorical, refreshModuleIds } from "./_derive.ts";
import { type ScannedFile, walkFull, walkQuick } from "./_scan.ts";
import { RowWriter } from "./_writer.ts";

/** Options of {@linkcode reindexLtm}. */
export interface ReindexOptions extends LongWorkOptions {
  /** Index unparseable files as QUARANTINED instead of failing with `INDEX_INCOMPLETE`. @default {false} */
  quarantine?: boolean | undefined;
  /**
   * Listing-only rescan: stat known directories, list those whose mtime changed,
   * read files that are new there. Catches added/removed/renamed files, not
   * in-place edits. Falls back to a full scan the first time. @default {false}
   */
  quick?: boolean | undefined;
}

const BATCH = 256;
const READ_CONCURRENCY = 16;

interface IndexedRow {
  id: number;
  mtime: number;
  size: number;
  sha256: string;
  base: string;
}

/**
 * Indexes an LTM folder (`deltas/**` plus any `*.mips.*` file) into the store.
 *
 * @param store The shared store (tables of component `ltm`).
 * @param ltmDir The LTM folder. One folder per store: indexing another folder replaces the index.
 * @param options Quarantine, quick mode, signal and progress.
 * @returns What changed.
 * @throws {KitError} `LTM_DIR_NOT_FOUND` when the folder is missing; `INDEX_INCOMPLETE`
 *   (exit 1) when files could not be indexed and `quarantine` is off — the other
 *   files are indexed, the failures are recorded, and exports refuse until fixed.
 *
 * @example Index a folder with one delta
 * ```ts
 * import assert from "node:assert/strict";
 * import { SyncStore as Store } from "../store/_sync_store.ts";
 * import { reindexLtm } from "./reindex.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/A_v1.mips.json`, '{"delta_id":"A_v1","status":"ACTIVE"}');
 * // A file changed within the last second is re-read (its mtime cannot yet prove it unchanged).
 * await Deno.utime(`${dir}/deltas/2026-01/A_v1.mips.json`, 1_700_000_000, 1_700_000_000);
 * using store = await Store.open(":memory:");
 * const first = await reindexLtm(store, dir);
 * const second = await reindexLtm(store, dir);
 * assert(first.added === 1 && second.unchanged === 1 && second.reread === 0);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function reindexLtm(
  store: Store,
  ltmDir: string,
  options: ReindexOptions = {},
): Promise<ReindexReport> {
  return serialized(store, () => reindex(store, ltmDir, options));
}

async function reindex(
  store: Store,
  ltmDir: string,
  options: ReindexOptions,
): Promise<ReindexReport> {
  const started = performance.now();
  const root = await realDir(ltmDir);
  migrateLtm(store);
  // A bigger page cache for this connection: index inserts with random keys thrash the 2 MB default.
  store.db.exec("PRAGMA cache_size = -65536");
  if (getMeta(store, "ltm_dir") !== root) resetIndex(store, root);
  const previousFailures = JSON.parse(getMeta(store, "incomplete") ?? "[]") as QuarantinedFile[];
  const signal = options.signal;
  const progress = throttleProgress(options.progress);

  let mode: "full" | "quick" = options.quick ? "quick" : "full";
  let candidates: ScannedFile[];
  let removed: string[];
  let scanned: number;
  let dirUpdate: () => void;
  const quick = mode === "quick"
    ? await walkQuick(store, root, previousFailures.map((f) => f.path))
    : undefined;
  const indexed = new Map<string, IndexedRow>();
  if (quick) {
    candidates = quick.candidates;
    removed = quick.removed;
    scanned = quick.scanned;
    dirUpdate = () => {
      const del = stmt(store, "DELETE FROM ltm_dirs WHERE path = ? OR path LIKE ? ESCAPE '\\'");
      for (const d of quick.removedDirs) del.run(d, `${d.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`);
      const put = stmt(store, "INSERT OR REPLACE INTO ltm_dirs (path, mtime_ms) VALUES (?, ?)");
      for (const [d, m] of quick.dirs) put.run(d, m);
    };
  } else {
    mode = "full";
    const walk = await walkFull(root, signal);
    for (
      const r of stmt(store, "SELECT id, path, mtime_ms, size, sha256, base_id FROM ltm_files")
        .all()
    ) {
      indexed.set(String(r.path), {
        id: Number(r.id),
        mtime: Number(r.mtime_ms),
        size: Number(r.size),
        sha256: String(r.sha256),
        base: String(r.base_id),
      });
    }
    const seen = new Set<string>();
    candidates = [];
    for (const f of walk.files) {
      seen.add(f.path);
      const row = indexed.get(f.path);
      if (!row || row.mtime !== f.mtimeMs || row.size !== f.size) candidates.push(f);
    }
    removed = [...indexed.keys()].filter((p) => !seen.has(p));
    scanned = walk.files.length;
    dirUpdate = () => {
      stmt(store, "DELETE FROM ltm_dirs").run();
      const put = stmt(store, "INSERT INTO ltm_dirs (path, mtime_ms) VALUES (?, ?)");
      for (const [d, m] of walk.dirs) put.run(d, m);
    };
  }
  signal?.throwIfAborted();

  const counts = { added: 0, updated: 0, unchanged: 0, reread: 0 };
  const failures: QuarantinedFile[] = [];
  const dirtyBases = new Set<string>();
  const now = nowUtc();
  const writer = new RowWriter(store, now);
  const rowOf = (path: string): IndexedRow | undefined => {
    if (mode === "full") return indexed.get(path);
    const r = stmt(
      store,
      "SELECT id, mtime_ms, size, sha256, base_id FROM ltm_files WHERE path = ?",
    ).get(path);
    return r === undefined ? undefined : {
      id: Number(r.id),
      mtime: Number(r.mtime_ms),
      size: Number(r.size),
      sha256: String(r.sha256),
      base: String(r.base_id),
    };
  };

  for (let start = 0; start < candidates.length; start += BATCH) {
    signal?.throwIfAborted();
    const batch = candidates.slice(start, start + BATCH);
    const reads = await readAll(root, batch);
    store.transaction(() => {
      batch.forEach((file, i) => {
        const read = reads[i]!;
        const row = rowOf(file.path);
        if (read.kind === "gone") {
          if (row) removed.push(file.path);
          return;
        }
        let result: MipsParseResult;
        if (read.kind === "error") result = unreadable(file.path, read.reason);
        else {
          counts.reread++;
          if (row && sha256Hex(read.bytes) === row.sha256) {
            writer.touch(row.id, file);
            counts.unchanged++;
            return;
          }
          result = parseMipsBytes(read.bytes, file.path);
        }
        const problem = result.record.format === "invalid"
          ? result.record.problem ?? "unparseable"
          : undefined;
        if (problem !== undefined && !options.quarantine) {
          failures.push({ path: file.path, reason: problem });
          if (row) {
            writer.remove(row.id);
            dirtyBases.add(row.base);
          }
          return;
        }
        if (row) dirtyBases.add(row.base);
        dirtyBases.add(result.record.module_id);
        writer.upsert(file, result, problem, row === undefined);
        if (row) counts.updated++;
        else counts.added++;
      });
    });
    progress(Math.min(start + BATCH, candidates.length), candidates.length, "indexing");
  }

  store.transaction(() => {
    const byPath = stmt(store, "SELECT id, base_id FROM ltm_files WHERE path = ?");
    for (const path of removed) {
      const r = byPath.get(path);
      if (!r) continue;
      dirtyBases.add(String(r.base_id));
      writer.remove(Number(r.id));
    }
    refreshModuleIds(store, dirtyBases);
    if (writer.historicalMayChange()) refreshHistorical(store);
    dirUpdate();
    const changed = counts.added + counts.updated + removed.length > 0;
    if (changed || !getMeta(store, "last_updated_utc")) setMeta(store, "last_updated_utc", now);
    // Any change invalidates cached query rankings (in this process and others).
    if (changed) setMeta(store, "generation", crypto.randomUUID());
    if (mode === "full") setMeta(store, "last_verified_utc", now);
    setMeta(store, "incomplete", JSON.stringify(failures));
  });

  // Sorted here: an ORDER BY would make SQLite walk the path index instead of the partial one.
  const quarantined = stmt(
    store,
    "SELECT path, quarantine_reason FROM ltm_files WHERE quarantine_reason IS NOT NULL",
  ).all().map((r) => ({ path: String(r.path), reason: String(r.quarantine_reason) }))
    .sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const report: ReindexReport = {
    ltm_dir: root,
    mode,
    scanned,
    added: counts.added,
    updated: counts.updated,
    removed: removed.length,
    unchanged: scanned - counts.added - counts.updated - failures.length,
    reread: counts.reread,
    quarantined,
    modules: Number(stmt(store, "SELECT count(*) AS n FROM ltm_files").get()?.n ?? 0),
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
  };
  if (failures.length > 0) {
    const first = failures[0]!;
    throw new KitError(
      "INDEX_INCOMPLETE",
      `SYSTEM_INVALID: INDEX_INCOMPLETE: cannot index ${first.path}: ${first.reason}` +
        (failures.length > 1 ? ` (and ${failures.length - 1} more file(s))` : "") +
        ". Fix or remove the file, or reindex with quarantine to index it as QUARANTINED.",
      { path: first.path, details: { failures, report } },
    );
  }
  return report;
}

async function realDir(ltmDir: string): Promise<string> {
  try {
    const real = await Deno.realPath(ltmDir);
    if (!(await Deno.stat(real)).isDirectory) throw new Deno.errors.NotFound(ltmDir);
    return real;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new KitError("LTM_DIR_NOT_FOUND", `Cannot index ${ltmDir}: no such folder`, {
        path: ltmDir,
        exitCode: 2,
      });
    }
    throw error;
  }
}

function resetIndex(store: Store, root: string): void {
  store.transaction(() => {
    for (
      const t of [
        "ltm_refs",
        "ltm_keys",
        "ltm_docs",
        "ltm_files",
        "ltm_fts",
        "ltm_dirs",
        "ltm_meta",
      ]
    ) {
      store.db.exec(`DELETE FROM ${t}`);
    }
    setMeta(store, "ltm_dir", root);
  });
}

type Read =
  | { kind: "ok"; bytes: Uint8Array }
  | { kind: "gone" }
  | { kind: "error"; reason: string };

async function readAll(root: string, files: ScannedFile[]): Promise<Read[]> {
  const out: Read[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      try {
        out[i] = { kind: "ok", bytes: await Deno.readFile(`${root}/${files[i]!.path}`) };
      } catch (error) {
        out[i] = error instanceof Deno.errors.NotFound
          ? { kind: "gone" }
          : { kind: "error", reason: `cannot read: ${(error as Error).message}` };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return out;
}

function unreadable(path: string, reason: string): MipsParseResult {
  const result = parseMipsBytes(new Uint8Array(), path);
  return {
    record: { ...result.record, format: "invalid", problem: reason },
    header: null,
    body: { kind: "none" },
  };
}
