/**
 * The one repair of the LTM repo after a crash, run under the LTM writer lock
 * by every command that touches the LTM (`ingest` and the MCP tool before each
 * commit batch, `watch` at start and after a failed commit, `index` on the
 * configured LTM folder, `serve` at start). After it ran:
 *
 * 1. **Git locks.** A lock file a killed git left (`index.lock`, `HEAD.lock`,
 *    `refs/**.lock`, …) is removed with a warning when no live git process
 *    works in the repo (`lib/git/stale_locks.ts`); a rebase a killed pull
 *    left is aborted.
 * 2. **Kit leftovers.** Staging folders (`<git>/metablooms-staging/<pid>-<uuid>`)
 *    whose process is gone, the lock's temp and moved-aside files older than a
 *    minute, and atomic-write temp files under `manifests/`, `deltas/` and
 *    `bundles/` are removed.
 * 3. **The ledger names nothing HEAD lacks.** When a commit batch's journal
 *    (`journal.ts`) is still there (a crash, or a failed commit, between its
 *    first write and its commit), the ledger lines it appended are *kept* when
 *    their file is in place with the line's size and sha256, and *dropped*
 *    otherwise (the file is gone or differs); the lines after a dropped one
 *    are re-chained onto the last kept line, a torn tail is cut.
 *    `recent.json` is rebuilt from the ledger and `latest.json` is what it was
 *    before the batch plus the kept deltas; the kept files and the manifests
 *    are committed as `ingest: recover N files` and the journal removed. With
 *    no line kept, the manifests are put back as they were. Placed files no
 *    ledger line names are left in place: the retried ingest finds the same
 *    bytes there and adopts them (nothing is filed twice).
 *
 * Uncommitted changes without a journal are a person's, and are left alone
 * (the next ingest commits the manifests with its own lines, as before).
 *
 * @module
 */
import { isAbsolute, join, normalize } from "node:path";
import { pidAlive } from "../fs/lock.ts";
import { sha256File } from "../fs/sha256.ts";
import { writeFileAtomic, writeJsonAtomic } from "../fs/atomic_write.ts";
import { clearStaleGitLocks } from "../git/stale_locks.ts";
import { runGit } from "../git/run.ts";
import { commitPaths, repoPaths } from "../git/repo.ts";
import { INGEST_CHAIN_FIELD, nextLink } from "../ledger/mod.ts";
import { LTM_GIT_PATHS, LTM_PATHS, ltmPath } from "../layout.ts";
import { type IngestLedgerLine, IngestLedgerLineSchema } from "../../schemas/watcher.ts";
import { journalPath, readIngestJournal, removeIngestJournal } from "./journal.ts";
import { buildRecentFeed, latestDeltaHashFile, updateLatestManifest } from "./feed.ts";
import { chainLedgerLine, parseIngestLedger } from "./ledger.ts";
import { ledgerLine } from "../ledger/append.ts";
import { lockLtm } from "./repo_sync.ts";
import type { IngestGitOptions } from "./types.ts";

/** Options of {@linkcode repairLtm}. */
export interface RepairOptions {
  /** Git environment, timeout and identity. */
  git?: IngestGitOptions;
  /** The caller holds the LTM writer lock already. @default {false: it is taken here} */
  lockHeld?: boolean;
  /** How long to wait for the LTM writer lock. @default {120000} */
  lockWaitMs?: number;
  /** Receives one line per warning (what was found and done). */
  warn?: (message: string) => void;
  /** How long to wait for a live git process in the repo. @default {10000} */
  waitLiveGitMs?: number;
  /**
   * Drop every line the journal names instead of committing them (a batch whose
   * commit just failed undoes its writes this way). @default {false}
   */
  dropPending?: boolean;
  /**
   * Whether a crash may have happened just now (the LTM lock was taken over from a dead
   * holder): then git processes that outlived it are waited for even without a git lock.
   * @default {true}
   */
  suspectCrash?: boolean;
  /** The repo's git folder (real path), when the caller knows it (saves asking git). */
  gitDir?: string;
}

/** What {@linkcode repairLtm} found and did. */
export interface RepairReport {
  /** Git lock files removed (stale). */
  git_locks_removed: string[];
  /** Git lock files left because a live git still works in the repo. */
  git_locks_held: string[];
  /** A rebase left by a killed pull was aborted. */
  rebase_aborted: boolean;
  /** Staging folders and temp files of the kit removed. */
  kit_files_removed: string[];
  /** Ledger lines past HEAD whose file was in place: committed. */
  lines_kept: number;
  /** Ledger lines past HEAD whose file was gone or changed: dropped. */
  lines_dropped: number;
  /** A torn last line was cut. */
  torn_tail_cut: boolean;
  /** The recovery commit, or `null`. */
  commit: string | null;
  /** Everything that was found wrong, in words. */
  warnings: string[];
}

/**
 * Repairs what a crash left in the LTM repo (see the module doc): stale git
 * locks, kit leftovers, ledger lines HEAD lacks.
 *
 * @param ltmDir The LTM repo (its top level).
 * @param options Git options, whether the lock is held, where warnings go.
 * @returns The report, or `null` when `ltmDir` is not a git work tree's top (nothing to repair).
 * @throws {KitError} `LOCKED` when another writer keeps the LTM lock; `GIT_FAILED` when the
 *   recovery commit fails (the ledger is left naming placed files, for the next repair).
 *
 * @example A clean repo needs nothing
 * ```ts
 * import assert from "node:assert/strict";
 * import { git } from "../git/run.ts";
 * import { repairLtm } from "./repair.ts";
 * const dir = await Deno.realPath(await Deno.makeTempDir());
 * await git(dir, ["init", "--quiet"]);
 * const report = await repairLtm(dir);
 * assert.equal(report?.commit, null);
 * assert.deepEqual(report?.warnings, []);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function repairLtm(
  ltmDir: string,
  options: RepairOptions = {},
): Promise<RepairReport | null> {
  const gitOptions = options.git ?? {};
  const here = await realOr(ltmDir);
  let gitDir = options.gitDir === undefined ? undefined : await realOr(options.gitDir);
  if (gitDir === undefined) {
    const paths = await repoPaths(ltmDir, gitOptions);
    if (!paths) return null;
    if ((await realOr(paths.top)) !== here) return null;
    gitDir = await realOr(paths.gitDir);
  }
  const lock = options.lockHeld
    ? undefined
    : await lockLtm(gitDir, { waitMs: options.lockWaitMs ?? 120_000 });
  try {
    return await repairLocked(here, gitDir, options);
  } finally {
    await lock?.release();
  }
}

async function repairLocked(
  ltm: string,
  gitDir: string,
  options: RepairOptions,
): Promise<RepairReport> {
  const gitOptions = options.git ?? {};
  const report: RepairReport = {
    git_locks_removed: [],
    git_locks_held: [],
    rebase_aborted: false,
    kit_files_removed: [],
    lines_kept: 0,
    lines_dropped: 0,
    torn_tail_cut: false,
    commit: null,
    warnings: [],
  };
  const warn = (message: string) => {
    report.warnings.push(message);
    options.warn?.(message);
  };
  // A crash is suspected (a dead lock holder, a journal left): look everywhere, else only where
  // it is cheap (listing deltas/ on every batch would cost more as the LTM grows).
  const suspect = (options.suspectCrash ?? true) || (await readIngestJournal(gitDir)) !== null;
  const locks = await clearStaleGitLocks(ltm, gitDir, {
    notGit: [LTM_GIT_PATHS.lock],
    waitWithoutLocks: suspect,
    ...(options.waitLiveGitMs === undefined ? {} : { waitLiveMs: options.waitLiveGitMs }),
  });
  report.git_locks_removed = locks.removed;
  report.git_locks_held = locks.held;
  for (const path of locks.removed) {
    warn(`removed ${path}: a git process was killed while holding it and no git runs here now`);
  }
  for (const path of locks.held) warn(`${path} is held by a git process still running here`);
  if (await rebaseLeft(gitDir)) {
    await runGit(ltm, ["rebase", "--abort"], gitOptions);
    report.rebase_aborted = true;
    warn("aborted a rebase left by an interrupted pull");
  }
  report.kit_files_removed = await removeKitLeftovers(ltm, gitDir, suspect);
  if (report.kit_files_removed.length > 0) {
    warn(`removed ${report.kit_files_removed.length} staging or temp file(s) left by a crash`);
  }
  await settleJournal(ltm, gitDir, gitOptions, report, warn, options.dropPending ?? false);
  return report;
}

/** Files and folders the kit makes and a crash can leave behind. */
async function removeKitLeftovers(
  ltm: string,
  gitDir: string,
  everywhere: boolean,
): Promise<string[]> {
  const removed: string[] = [];
  const remove = async (path: string) => {
    await Deno.remove(path, { recursive: true }).then(() => removed.push(path), () => {});
  };
  const staging = join(gitDir, LTM_GIT_PATHS.staging);
  for (const entry of await list(staging)) {
    const owner = stagingOwner(entry.name);
    if (owner !== null && owner !== Deno.pid && pidAlive(owner)) continue;
    if (owner === Deno.pid) continue; // one of this process's ingests is using it
    await remove(join(staging, entry.name));
  }
  if ((await list(staging)).length === 0) await Deno.remove(staging).catch(() => {});
  // lib/fs/lock.ts: `<lock>.<pid>-<uuid>.tmp` while creating, `<lock>.stale-<pid>-<uuid>` while
  // taking over (a live waiter's exist for milliseconds: only a dead process's, or old ones, go);
  // the journal's temp file (only the lock holder writes it).
  const lockName = LTM_GIT_PATHS.lock;
  for (const entry of await list(gitDir)) {
    const path = join(gitDir, entry.name);
    if (entry.name.startsWith(`${lockName}.`)) {
      const pid = /^\.(?:stale-)?(\d+)-/.exec(entry.name.slice(lockName.length));
      const dead = pid !== null && Number(pid[1]) !== Deno.pid && !pidAlive(Number(pid[1]));
      if (dead || (await ageOf(path)) > 60_000) await remove(path);
    } else if (entry.name.startsWith(`.${LTM_GIT_PATHS.journal}.`)) await remove(path);
  }
  // writeFileAtomic's `.<name>.<uuid>.tmp` and moveFile's `<name>.<uuid>.tmp`: only the
  // lock holder writes these folders, so any found now is a crash's.
  const temp = /\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await list(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory && depth > 0) await walk(path, depth - 1);
      else if (entry.isFile && temp.test(entry.name)) await remove(path);
    }
  };
  if (everywhere) { for (const area of LTM_PATHS.ingest_areas) await walk(join(ltm, area), 1); }
  else await walk(ltmPath(ltm, "manifests"), 0);
  return removed;
}

/**
 * The pid in a staging folder's name (`<pid>-<uuid>`), or `null` for another name.
 *
 * @param name The folder's name.
 * @returns The pid.
 */
function stagingOwner(name: string): number | null {
  const m = /^(\d+)-/.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * Finishes the batch a journal names: the ledger lines it appended are kept
 * (file in place with their size and sha256) or dropped (re-chaining the
 * rest), the feeds are rebuilt from what it had before, the kept files are
 * committed, the journal removed.
 */
async function settleJournal(
  ltm: string,
  gitDir: string,
  gitOptions: IngestGitOptions,
  report: RepairReport,
  warn: (message: string) => void,
  dropAll: boolean,
): Promise<void> {
  const journal = await readIngestJournal(gitDir);
  if (journal === null) return;
  if (journal === "unreadable") {
    warn(`removed an unreadable ${journalPath(gitDir)}`);
    await removeIngestJournal(gitDir);
    return;
  }
  const ledgerPath = ltmPath(ltm, LTM_PATHS.ingest_ledger);
  const bytes = await Deno.readFile(ledgerPath).catch(() => new Uint8Array());
  if (bytes.length < journal.ledger_bytes) {
    warn(`${LTM_PATHS.ingest_ledger} is shorter than before the interrupted ingest: left as is`);
    await removeIngestJournal(gitDir);
    return;
  }
  const decoder = new TextDecoder();
  const before = decoder.decode(bytes.subarray(0, journal.ledger_bytes));
  const pending = decoder.decode(bytes.subarray(journal.ledger_bytes));
  const parts = pending.split("\n");
  const tail = parts.pop()!;
  // The append writes a missing final newline first: the first part is then empty.
  const lines = parts.filter((t) => t.trim() !== "");
  if (tail.trim() !== "") {
    if (isObjectText(tail)) lines.push(tail);
    else {
      report.torn_tail_cut = true;
      warn(`cut a torn last line of ${LTM_PATHS.ingest_ledger} (${tail.length} characters)`);
    }
  }
  const kept: string[] = [];
  const keptLines: IngestLedgerLine[] = [];
  let prev = nextLink(before, INGEST_CHAIN_FIELD);
  let rechain = false;
  for (const text of lines) {
    const parsed = IngestLedgerLineSchema.safeParse(parseOrNull(text));
    const line = parsed.success ? parsed.data : null;
    if (dropAll) {
      report.lines_dropped++;
      continue;
    }
    if (line === null || !(await fileMatches(ltm, line.path, line.sha256, line.bytes))) {
      report.lines_dropped++;
      rechain = true;
      warn(
        `dropped a ledger line whose file is gone or changed: ${line?.path ?? text.slice(0, 80)}`,
      );
      continue;
    }
    let out = text;
    if (rechain && line.chain_sha256 !== undefined) {
      const { prev_sha256: _p, chain_sha256: _c, ...fields } = line;
      out = ledgerLine(chainLedgerLine(fields, prev)).trimEnd();
    }
    kept.push(out);
    keptLines.push(line);
    prev = nextLink(out, INGEST_CHAIN_FIELD);
  }
  report.lines_kept = kept.length;
  if (dropAll && report.lines_dropped > 0) {
    warn(`took back ${report.lines_dropped} ledger line(s) of a batch whose commit failed`);
  }
  const separator = before === "" || before.endsWith("\n") || kept.length === 0 ? "" : "\n";
  const ledgerText = before + separator + kept.map((l) => `${l}\n`).join("");
  if (ledgerText !== decoder.decode(bytes)) {
    if (ledgerText === "") await Deno.remove(ledgerPath).catch(() => {});
    else await writeFileAtomic(ledgerPath, ledgerText);
  }
  const restore = async (rel: string, text: string | null) => {
    if (text === null) await Deno.remove(ltmPath(ltm, rel)).catch(() => {});
    else await writeFileAtomic(ltmPath(ltm, rel), text);
  };
  await restore(LTM_PATHS.recent, journal.recent_prior);
  await restore(LTM_PATHS.latest, journal.latest_prior);
  if (kept.length > 0) {
    const all = parseIngestLedger(ledgerText).lines;
    const ts = keptLines.at(-1)!.ts;
    await writeJsonAtomic(ltmPath(ltm, LTM_PATHS.recent), buildRecentFeed(all, ts));
    const add = [];
    for (const line of keptLines) {
      if (line.kind === "bundle") continue;
      add.push({ path: line.path, sha256: await latestDeltaHashFile(ltmPath(ltm, line.path)) });
    }
    const latest = add.length === 0 ? "unchanged" : await updateLatestManifest(
      ltmPath(ltm, LTM_PATHS.latest),
      {
        add,
        asOfUtc: ts,
        hashOf: async (rel) => await latestDeltaHashFile(ltmPath(ltm, rel)).catch(() => null),
      },
    );
    const paths = [...new Set(keptLines.map((l) => l.path))];
    paths.push(LTM_PATHS.ingest_ledger, LTM_PATHS.recent);
    if (latest !== "unchanged" && latest !== "skipped-unknown-shape") paths.push(LTM_PATHS.latest);
    const n = kept.length;
    report.commit = await commitPaths(
      ltm,
      paths,
      `ingest: recover ${n} file${n === 1 ? "" : "s"}`,
      gitOptions,
    );
    warn(
      `committed ${n} ledger line(s) of an interrupted ingest${
        report.commit ? ` (${report.commit.slice(0, 8)})` : " (already committed)"
      }`,
    );
  }
  await removeIngestJournal(gitDir);
}

async function fileMatches(ltm: string, rel: string, sha256: string, bytes: number) {
  const clean = normalize(rel);
  if (isAbsolute(clean) || clean.startsWith("..")) return false;
  try {
    const path = ltmPath(ltm, rel);
    const info = await Deno.stat(path);
    return info.isFile && info.size === bytes && (await sha256File(path)) === sha256;
  } catch {
    return false;
  }
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isObjectText(text: string): boolean {
  const v = parseOrNull(text);
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

async function list(dir: string): Promise<Deno.DirEntry[]> {
  try {
    return await Array.fromAsync(Deno.readDir(dir));
  } catch {
    return [];
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

/** Whether a stopped rebase is there (`rebase-merge/` or `rebase-apply/` in the git folder). */
async function rebaseLeft(gitDir: string): Promise<boolean> {
  for (const name of ["rebase-merge", "rebase-apply"]) {
    if (await Deno.lstat(join(gitDir, name)).then(() => true, () => false)) return true;
  }
  return false;
}

async function realOr(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch {
    return path;
  }
}
