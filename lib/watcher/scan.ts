/**
 * One look at the downloads folder: regular files directly inside it
 * (non-recursive), minus partial downloads, lock files, empty files, files
 * still settling (modified less than `settleMs` ago) and names the
 * recognizer rejects.
 *
 * @module
 */
import { join } from "node:path";
import type { WatchSkip } from "../../schemas/watcher.ts";
import { type Clock, systemClock } from "../clock.ts";
import { ignoredNameReason, recognizeName } from "./recognize.ts";

/** A file worth a stability check. */
export interface Candidate {
  /** Absolute path. */
  path: string;
  /** Base name. */
  name: string;
  /** What its name says it is. */
  kind: "mips" | "bundle";
  /** Size at the scan. */
  size: number;
  /** Modification time at the scan (ms since the epoch; 0 when unknown). */
  mtimeMs: number;
}

/** The outcome of {@linkcode scanWatchDir}. */
export interface WatchScanResult {
  /** Recognized, non-empty, settled files, sorted by name. */
  candidates: Candidate[];
  /** Files left alone and why (unrecognized names are not listed: a downloads folder is full of them). */
  skipped: WatchSkip[];
}

/** Options of {@linkcode scanWatchDir}. */
export interface WatchScanOptions {
  /** A file modified less than this long ago is left for a later scan. @default {1000} */
  settleMs?: number;
  /** Time source (compared with file mtimes). @default {systemClock} */
  clock?: Clock;
}

/** The name of the quarantine folder inside the watch folder. */
export const QUARANTINE_DIR = "MB_QUARANTINE";

/**
 * Lists the candidates in a watch folder.
 *
 * @param dir The watch folder.
 * @param options Settle time and clock.
 * @returns Candidates and skipped files.
 * @throws {Deno.errors.NotFound} When the folder does not exist.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scanWatchDir } from "./scan.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/MB__note.md`, "hi");
 * await Deno.writeTextFile(`${dir}/MB__x.mips.json.part`, "{");
 * const { candidates, skipped } = await scanWatchDir(dir, { settleMs: 0 });
 * assert(candidates.length === 1 && skipped[0]?.reason === "partial-download");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function scanWatchDir(
  dir: string,
  options: WatchScanOptions = {},
): Promise<WatchScanResult> {
  const settleMs = options.settleMs ?? 1000;
  const now = (options.clock ?? systemClock).now();
  const candidates: Candidate[] = [];
  const skipped: WatchSkip[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile) continue; // folders (MB_QUARANTINE too) and symlinks are never touched
    const ignored = ignoredNameReason(entry.name);
    if (ignored) {
      skipped.push({ name: entry.name, reason: ignored });
      continue;
    }
    const kind = recognizeName(entry.name);
    if (kind === null) continue;
    const path = join(dir, entry.name);
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue; // gone between readDir and stat
      throw error;
    }
    if (!info.isFile) continue;
    if (info.size === 0) {
      skipped.push({ name: entry.name, reason: "empty" });
      continue;
    }
    const mtimeMs = info.mtime?.getTime() ?? 0;
    if (now - mtimeMs < settleMs) {
      skipped.push({ name: entry.name, reason: "settling" });
      continue;
    }
    candidates.push({ path, name: entry.name, kind, size: info.size, mtimeMs });
  }
  candidates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  skipped.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { candidates, skipped };
}
