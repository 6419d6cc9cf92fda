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
import type { Store, Tx } from "../store/store.ts";
import * as repo from "./_repository.ts";
import type { IndexedRow } from "./_repository.ts";
import { migrateLtm } from "./_repository.ts";
import { serialized } from "./_serial.ts";
import { storeMipsGraph } from "./graph.ts";
import { runWithLease } from "../store/run_with_lease.ts";
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
  /**
   * Allow indexing a folder other than the one the store indexes now, which
   * drops the whole index of that folder first. @default {false}
   */
  replace?: boolean | undefined;
}

const BATCH = 256;
const READ_CONCURRENCY = 16;

/**
 * Indexes an LTM folder (`deltas/**` plus any `*.mips.*` file) into the store.
 *
 * @param store The shared store (tables of component `ltm`).
 * @param ltmDir The LTM folder. One folder per store: indexing another folder
 *   replaces the index, and is refused unless `replace` is set.
 * @param options Quarantine, quick mode, replace, signal and progress.
 * @returns What changed.
 * @throws {KitError} `LTM_DIR_NOT_FOUND` when the folder is missing;
 *   `LTM_INDEX_OTHER_FOLDER` (exit 2) when the store indexes another folder and
 *   `replace` is off; `INDEX_INCOMPLETE`
 *   (exit 1) when files could not be indexed and `quarantine` is off — the other
 *   files are indexed, the failures are recorded, and exports refuse until fixed.
 *
 * @example Index a folder with one delta
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { reindexLtm } from "./reindex.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/A_v1.mips.json`, '{"delta_id":"A_v1","status":"ACTIVE"}');
 * // A file changed within the last second is re-read (its mtime cannot yet prove it unchanged).
 * await Deno.utime(`${dir}/deltas/2026-01/A_v1.mips.json`, 1_700_000_000, 1_700_000_000);
 * await using store = await openStore({ sqlite_path: ":memory:" });
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
  // Processes sharing the store take turns through a lease: a reindex spans several
  // transactions, and two interleaved would trip over each other's rows (a constraint failure
  // on SQLite, STORE_CONFLICT on PostgreSQL).
  return serialized(
    store,
    () =>
      runWithLease(store, REINDEX_LEASE, () => reindex(store, ltmDir, options), {
        poll_ms: 100,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
  );
}

/** The lease processes sharing one store take to reindex one at a time. */
const REINDEX_LEASE = "metablooms.ltm.reindex";

async function reindex(
  store: Store,
  ltmDir: string,
  options: ReindexOptions,
): Promise<ReindexReport> {
  const started = performance.now();
  const root = await realDir(ltmDir);
  await migrateLtm(store);
  const previousFailures = await store.transaction(async (tx) => {
    const indexedDir = await repo.getMeta(tx, "ltm_dir");
    if (indexedDir !== undefined && indexedDir !== root && !options.replace) {
      throw new KitError(
        "LTM_INDEX_OTHER_FOLDER",
        `Cannot index ${root}: the index holds ${indexedDir}, and indexing another folder replaces the whole index. Pass replace (--replace) to do so`,
        { path: root, exitCode: 2, details: { indexed: indexedDir, requested: root } },
      );
    }
    if (indexedDir !== root) await repo.resetIndex(tx, root);
    return JSON.parse((await repo.getMeta(tx, "incomplete")) ?? "[]") as QuarantinedFile[];
  });
  const signal = options.signal;
  const progress = throttleProgress(options.progress);
  const scan = await scanChanges(store, root, options, previousFailures);
  signal?.throwIfAborted();

  const { candidates, removed } = scan;
  const counts = { added: 0, updated: 0, unchanged: 0, reread: 0 };
  const failures: QuarantinedFile[] = [];
  const dirtyBases = new Set<string>();
  const now = nowUtc();
  const writer = new RowWriter(now);
  const rowOf = (tx: Tx, path: string) =>
    scan.mode === "full" ? Promise.resolve(scan.indexed.get(path)) : repo.indexedByPath(tx, path);

  for (let start = 0; start < candidates.length; start += BATCH) {
    signal?.throwIfAborted();
    const batch = candidates.slice(start, start + BATCH);
    const reads = await readAll(root, batch);
    await store.transaction(async (tx) => {
      await repo.tuneForBulkWrites(tx);
      for (const [i, file] of batch.entries()) {
        const read = reads[i]!;
        const row = await rowOf(tx, file.path);
        if (read.kind === "gone") {
          if (row) removed.push(file.path);
          continue;
        }
        let result: MipsParseResult;
        if (read.kind === "error") result = unreadable(file.path, read.reason);
        else {
          counts.reread++;
          if (row && sha256Hex(read.bytes) === row.sha256) {
            await writer.touch(tx, row.id, file);
            counts.unchanged++;
            continue;
          }
          result = parseMipsBytes(read.bytes, file.path);
        }
        const problem = result.record.format === "invalid"
          ? result.record.problem ?? "unparseable"
          : undefined;
        if (problem !== undefined && !options.quarantine) {
          failures.push({ path: file.path, reason: problem });
          if (row) {
            await writer.remove(tx, row.id);
            dirtyBases.add(row.base);
          }
          continue;
        }
        if (row) dirtyBases.add(row.base);
        dirtyBases.add(result.record.module_id);
        await writer.upsert(tx, file, result, problem, row === undefined);
        if (row) counts.updated++;
        else counts.added++;
      }
    });
    progress(Math.min(start + BATCH, candidates.length), candidates.length, "indexing");
  }

  const { quarantined, modules } = await store.transaction(async (tx) => {
    for (const path of removed) {
      const r = await repo.indexedByPath(tx, path);
      if (!r) continue;
      dirtyBases.add(r.base);
      await writer.remove(tx, r.id);
    }
    await refreshModuleIds(tx, dirtyBases);
    if (await writer.historicalMayChange(tx)) await refreshHistorical(tx);
    if (scan.mode === "full") await repo.replaceDirs(tx, scan.dirs);
    else await repo.updateDirs(tx, scan.removedDirs, scan.dirs);
    const changed = counts.added + counts.updated + removed.length > 0;
    if (changed || !(await repo.getMeta(tx, "last_updated_utc"))) {
      await repo.setMeta(tx, "last_updated_utc", now);
    }
    // Any change invalidates cached query rankings (in this process and others).
    if (changed) await repo.setMeta(tx, "generation", crypto.randomUUID());
    // The graph of a generation is computed once, here, so the first graph request only reads it.
    const generation = await repo.getMeta(tx, "generation");
    if (generation !== undefined && (await repo.graphGeneration(tx)) !== generation) {
      await storeMipsGraph(tx, generation);
    }
    if (scan.mode === "full") await repo.setMeta(tx, "last_verified_utc", now);
    await repo.setMeta(tx, "incomplete", JSON.stringify(failures));
    return { quarantined: await repo.listQuarantined(tx), modules: await repo.countFiles(tx) };
  });

  const report: ReindexReport = {
    ltm_dir: root,
    mode: scan.mode,
    scanned: scan.scanned,
    added: counts.added,
    updated: counts.updated,
    removed: removed.length,
    unchanged: scan.scanned - counts.added - counts.updated - failures.length,
    reread: counts.reread,
    quarantined,
    modules,
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

/** What a scan found to do: files to read, paths gone, directory mtimes to keep. */
type ScanPlan =
  & { candidates: ScannedFile[]; removed: string[]; scanned: number; dirs: Map<string, number> }
  & (
    | { mode: "full"; indexed: Map<string, IndexedRow> }
    | { mode: "quick"; removedDirs: string[] }
  );

async function scanChanges(
  store: Store,
  root: string,
  options: ReindexOptions,
  previousFailures: QuarantinedFile[],
): Promise<ScanPlan> {
  const quick = options.quick
    ? await store.read((tx) => walkQuick(tx, root, previousFailures.map((f) => f.path)))
    : undefined;
  if (quick) {
    return {
      mode: "quick",
      candidates: quick.candidates,
      removed: quick.removed,
      scanned: quick.scanned,
      dirs: quick.dirs,
      removedDirs: quick.removedDirs,
    };
  }
  // The walk runs outside any read, so queries are not held up while it stats the tree.
  const walk = await walkFull(root, options.signal);
  const indexed = await store.read((tx) => repo.listIndexed(tx));
  const seen = new Set<string>();
  const candidates: ScannedFile[] = [];
  for (const f of walk.files) {
    seen.add(f.path);
    const row = indexed.get(f.path);
    if (!row || row.mtime !== f.mtimeMs || row.size !== f.size) candidates.push(f);
  }
  const removed = [...indexed.keys()].filter((p) => !seen.has(p));
  return {
    mode: "full",
    candidates,
    removed,
    scanned: walk.files.length,
    dirs: walk.dirs,
    indexed,
  };
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
