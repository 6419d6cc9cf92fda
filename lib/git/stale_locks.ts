/**
 * Lock files a git process left behind when it was killed (`index.lock`,
 * `HEAD.lock`, `next-index-<pid>.lock`, `refs/**.lock`, …: every `*.lock` at
 * the git folder's top and under `refs/`): git refuses every later write while one
 * exists, and never removes it itself. A lock is *stale* when no live git
 * process works in the repository: on Linux, no process whose name starts
 * with `git` has its working folder inside the work tree or the git folder
 * (`/proc/<pid>/comm`, `/proc/<pid>/cwd`; `git -C dir` changes into `dir` at
 * once). Where `/proc` cannot tell, a lock older than `fallbackAgeMs` is stale.
 *
 * @module
 */
import { join, relative, sep } from "node:path";
import { delay } from "../delay.ts";

/** Options of {@linkcode clearStaleGitLocks}. */
export interface StaleGitLockOptions {
  /** How long to wait for a live git process in the repo to finish before giving up. @default {10000} */
  waitLiveMs?: number;
  /** Age after which a lock is stale where `/proc` cannot tell whether git runs. @default {300000} */
  fallbackAgeMs?: number;
  /** The `/proc` folder (tests). @default {"/proc"} */
  procDir?: string;
  /**
   * Wait for live git processes even when no lock is there (one that outlived a killed
   * parent may take one any moment); `false` skips the `/proc` scan when there is no lock.
   * @default {true}
   */
  waitWithoutLocks?: boolean;
  /** Names of `*.lock` files at the git folder's top that are not git's (another tool's lock). */
  notGit?: readonly string[];
}

/** What {@linkcode clearStaleGitLocks} did. */
export interface StaleGitLockReport {
  /** The stale locks removed (absolute paths). */
  removed: string[];
  /** Locks left because a live git process still works in the repo. */
  held: string[];
}

/**
 * The process ids of live git processes working in a repository (by
 * `/proc`), other than this process's own children, or `null` where `/proc`
 * is not available.
 *
 * @param dirs The work tree and the git folder (absolute, real paths).
 * @param procDir The `/proc` folder. @default {"/proc"}
 * @returns Their pids, or `null` when it cannot be told.
 *
 * @example No git runs in a fresh folder
 * ```ts
 * import assert from "node:assert/strict";
 * import { liveGitProcesses } from "./stale_locks.ts";
 * const dir = await Deno.realPath(await Deno.makeTempDir());
 * const pids = await liveGitProcesses([dir]);
 * assert(pids === null || pids.length === 0);
 * await Deno.remove(dir);
 * ```
 */
export async function liveGitProcesses(
  dirs: readonly string[],
  procDir = "/proc",
): Promise<number[] | null> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(procDir));
  } catch {
    return null;
  }
  if (!entries.some((e) => e.name === "self")) return null;
  const live: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry.name)) continue;
    let comm: string;
    let cwd: string;
    try {
      comm = (await Deno.readTextFile(join(procDir, entry.name, "comm"))).trim();
      if (!comm.startsWith("git")) continue;
      cwd = await Deno.readLink(join(procDir, entry.name, "cwd"));
      // This process's own git children are readers: its writers run under the kit's lock,
      // one at a time, and the caller holds that lock now.
      const stat = await Deno.readTextFile(join(procDir, entry.name, "stat"));
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === Deno.pid) continue;
    } catch {
      continue; // gone, or another user's: not one of ours in this repo
    }
    if (dirs.some((d) => inside(cwd, d))) live.push(Number(entry.name));
  }
  return live;
}

/**
 * Removes the lock files a killed git left in a git folder, when no live git
 * works in the repository; first waits up to `waitLiveMs` for git processes
 * working there to finish (one that outlived its killed parent, a reader).
 * Call it while holding the kit's own writer lock, so no git of the kit's
 * writers runs meanwhile.
 *
 * @param workTree The repository's work tree (real path).
 * @param gitDir Its git folder (real path).
 * @param options Waiting and the fallback age.
 * @returns What was removed and what is still held.
 *
 * @example A lock left by a dead git is removed
 * ```ts
 * import assert from "node:assert/strict";
 * import { clearStaleGitLocks } from "./stale_locks.ts";
 * const dir = await Deno.realPath(await Deno.makeTempDir());
 * await Deno.mkdir(`${dir}/.git`);
 * await Deno.writeTextFile(`${dir}/.git/index.lock`, "");
 * const report = await clearStaleGitLocks(dir, `${dir}/.git`, { fallbackAgeMs: 0 });
 * assert.deepEqual(report.removed, [`${dir}/.git/index.lock`]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function clearStaleGitLocks(
  workTree: string,
  gitDir: string,
  options: StaleGitLockOptions = {},
): Promise<StaleGitLockReport> {
  const report: StaleGitLockReport = { removed: [], held: [] };
  const notGit = options.notGit ?? [];
  if (options.waitWithoutLocks === false && (await findLocks(gitDir, notGit)).length === 0) {
    return report;
  }
  // Wait for git processes working here to finish, lock or not: one may take a lock any moment.
  const deadline = Date.now() + (options.waitLiveMs ?? 10_000);
  let live = await liveGitProcesses([workTree, gitDir], options.procDir);
  while (live !== null && live.length > 0 && Date.now() < deadline) {
    await delay(50);
    live = await liveGitProcesses([workTree, gitDir], options.procDir);
  }
  for (const lock of await findLocks(gitDir, notGit)) {
    const stale = live === null
      ? (await ageOf(lock.path)) > (options.fallbackAgeMs ?? 300_000)
      : live.length === 0;
    if (stale && (await unchanged(lock))) {
      await Deno.remove(lock.path).catch(() => {});
      report.removed.push(lock.path);
    } else report.held.push(lock.path);
  }
  return report;
}

interface FoundLock {
  path: string;
  ino: number | null;
  mtime: number;
}

async function findLocks(gitDir: string, notGit: readonly string[]): Promise<FoundLock[]> {
  const paths: string[] = [];
  const walk = async (dir: string, deep: boolean): Promise<void> => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch {
      return;
    }
    for (const e of entries) {
      // `index.lock`, `HEAD.lock`, `next-index-<pid>.lock` (a partial commit), … and refs/**.lock.
      if (e.isDirectory && (deep || e.name === "refs")) await walk(join(dir, e.name), true);
      else if (e.isFile && e.name.endsWith(".lock") && (deep || !notGit.includes(e.name))) {
        paths.push(join(dir, e.name));
      }
    }
  };
  await walk(gitDir, false);
  const found: FoundLock[] = [];
  for (const path of paths) {
    try {
      const info = await Deno.lstat(path);
      found.push({ path, ino: info.ino, mtime: info.mtime?.getTime() ?? 0 });
    } catch { /* not there */ }
  }
  return found;
}

/** Whether the lock file is still the one judged (not replaced by a new git meanwhile). */
async function unchanged(lock: FoundLock): Promise<boolean> {
  try {
    const info = await Deno.lstat(lock.path);
    return info.ino === lock.ino && (info.mtime?.getTime() ?? 0) === lock.mtime;
  } catch {
    return false;
  }
}

async function ageOf(path: string): Promise<number> {
  try {
    const m = (await Deno.lstat(path)).mtime;
    return m ? Date.now() - m.getTime() : Infinity;
  } catch {
    return 0;
  }
}

function inside(path: string, dir: string): boolean {
  if (path === dir) return true;
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..") && !rel.startsWith(sep);
}
