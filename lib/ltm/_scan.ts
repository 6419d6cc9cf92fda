/**
 * Finds the files of an LTM folder: everything under `deltas/` plus any
 * `*.mips.*` file elsewhere; dot-entries, `node_modules`, symlinks and the
 * index's own export files are skipped. Two modes:
 *
 * - full: walk every directory and lstat every file (catches in-place edits);
 * - quick: lstat only known directories, list the ones whose mtime changed,
 *   and stat only names that are new there (catches added, removed and
 *   renamed files — what the watcher and `git pull` do — not in-place edits).
 *
 * Synchronous file-system calls in chunks: on a 100k-file tree they are
 * several times faster than the async ones; the loop yields between chunks.
 *
 * @module
 */
import type { Tx } from "../store/store.ts";
import * as repo from "./_repository.ts";

/** A file found by a scan. */
export interface ScannedFile {
  /** Path relative to the LTM folder, `/`-separated. */
  path: string;
  /** Its folder, relative (`""` for the root). */
  dir: string;
  /** Modification time. */
  mtimeMs: number;
  /** Size in bytes. */
  size: number;
}

/** Names the index writes itself, never indexed. */
export const EXPORT_NAMES: ReadonlySet<string> = new Set([
  "MIPS_INDEX_CORE.mips.json",
  "MIPS_GRAPH_CORE.mips.json",
  "MIPS_EVIDENCE_POINTERS.mips.json",
]);

const MIPS_NAME = /\.mips\.[^./\\]+$/i;
const CHUNK = 2000;
/** An mtime this close to "now" may still change within the same tick: recorded as unknown (-1). */
const RACY_MS = 2000;

/**
 * The mtime to remember: -1 when it is too recent to trust (the "racy git" rule),
 * so the next scan looks again.
 *
 * @param mtimeMs The observed mtime.
 * @param now The scan time.
 * @returns The mtime, or -1.
 */
export function trustedMtime(mtimeMs: number, now: number = Date.now()): number {
  return now - mtimeMs < RACY_MS ? -1 : mtimeMs;
}

/** Whether a relative file path belongs in the index. */
function wanted(rel: string, name: string): boolean {
  if (name.startsWith(".") || EXPORT_NAMES.has(name)) return false;
  return rel.startsWith("deltas/") || MIPS_NAME.test(name);
}

function skipDir(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

function join(dir: string, name: string): string {
  return dir === "" ? name : `${dir}/${name}`;
}

/**
 * Walks the whole folder and stats every wanted file.
 *
 * @param root The LTM folder (absolute).
 * @param signal Aborts the walk.
 * @returns Files and every walked directory's mtime.
 */
export async function walkFull(
  root: string,
  signal?: AbortSignal,
): Promise<{ files: ScannedFile[]; dirs: Map<string, number> }> {
  const files: ScannedFile[] = [];
  const dirs = new Map<string, number>();
  const stack: string[] = [""];
  let work = 0;
  while (stack.length) {
    const dir = stack.pop()!;
    const abs = dir === "" ? root : `${root}/${dir}`;
    let mtime: number;
    let entries: Deno.DirEntry[];
    try {
      mtime = Deno.lstatSync(abs).mtime?.getTime() ?? 0;
      entries = [...Deno.readDirSync(abs)];
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      throw error;
    }
    dirs.set(dir, trustedMtime(mtime));
    for (const e of entries) {
      const rel = join(dir, e.name);
      if (e.isDirectory) {
        if (!skipDir(e.name)) stack.push(rel);
      } else if (e.isFile && wanted(rel, e.name)) {
        const f = statFile(root, rel, dir);
        if (f) files.push(f);
        if (++work % CHUNK === 0) {
          signal?.throwIfAborted();
          await yieldNow();
        }
      }
    }
  }
  return { files, dirs };
}

/** What a quick scan found. */
export interface QuickScan {
  /** New files (and files listed in changed folders that the index lacks). */
  candidates: ScannedFile[];
  /** Indexed paths that are gone. */
  removed: string[];
  /** Directory mtimes to store. */
  dirs: Map<string, number>;
  /** Directories gone. */
  removedDirs: string[];
  /** Files found in all (indexed and unchanged + candidates). */
  scanned: number;
}

/**
 * Rescans only directories whose mtime changed since the last scan.
 *
 * @param tx A read of the index (the last scan's directories and files).
 * @param root The LTM folder (absolute).
 * @param retry Paths to re-examine anyway (files that failed last time).
 * @returns What changed, or undefined when there is no earlier scan to compare with.
 */
export async function walkQuick(
  tx: Tx,
  root: string,
  retry: readonly string[],
): Promise<QuickScan | undefined> {
  const knownDirs = await repo.listDirs(tx);
  if (knownDirs.size === 0) return undefined;
  const result: QuickScan = {
    candidates: [],
    removed: [],
    dirs: new Map(),
    removedDirs: [],
    scanned: 0,
  };
  const changed: string[] = [];
  for (const [dir, mtime] of knownDirs) {
    let now: number;
    try {
      const info = Deno.lstatSync(dir === "" ? root : `${root}/${dir}`);
      if (!info.isDirectory) throw new Deno.errors.NotFound(dir);
      now = info.mtime?.getTime() ?? 0;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      result.removedDirs.push(dir);
      continue;
    }
    if (now !== mtime) {
      changed.push(dir);
      result.dirs.set(dir, trustedMtime(now));
    }
  }
  const seenCandidates = new Set<string>();
  const queue = [...changed];
  while (queue.length) {
    const dir = queue.pop()!;
    const abs = dir === "" ? root : `${root}/${dir}`;
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(abs)];
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        result.removedDirs.push(dir);
        continue;
      }
      throw error;
    }
    const indexed = new Set(await repo.pathsInDir(tx, dir));
    const listed = new Set<string>();
    for (const e of entries) {
      const rel = join(dir, e.name);
      if (e.isDirectory) {
        if (!skipDir(e.name) && !knownDirs.has(rel) && !result.dirs.has(rel)) {
          result.dirs.set(
            rel,
            trustedMtime(Deno.lstatSync(`${root}/${rel}`).mtime?.getTime() ?? 0),
          );
          queue.push(rel);
        }
      } else if (e.isFile && wanted(rel, e.name)) {
        listed.add(rel);
        if (!indexed.has(rel)) {
          const f = statFile(root, rel, dir);
          if (f) {
            result.candidates.push(f);
            seenCandidates.add(rel);
          }
        }
      }
    }
    for (const p of indexed) if (!listed.has(p)) result.removed.push(p);
  }
  for (const dir of result.removedDirs) {
    result.removed.push(...await repo.pathsUnder(tx, dir));
  }
  for (const rel of retry) {
    if (seenCandidates.has(rel)) continue;
    const slash = rel.lastIndexOf("/");
    const f = statFile(root, rel, slash < 0 ? "" : rel.slice(0, slash));
    if (f) result.candidates.push(f);
  }
  const total = await repo.countFiles(tx);
  result.scanned = total - result.removed.length + result.candidates.length;
  await yieldNow();
  return result;
}

function statFile(root: string, rel: string, dir: string): ScannedFile | undefined {
  try {
    const info = Deno.lstatSync(`${root}/${rel}`);
    if (!info.isFile) return undefined;
    return { path: rel, dir, mtimeMs: info.mtime?.getTime() ?? 0, size: info.size };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

function yieldNow(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}
