/**
 * Group commit for the LTM repo: checked files wait in a per-repo queue of
 * this process; the first waiter takes the LTM writer lock and commits every
 * file that waits by then in one batch (repair, dedupe against the ledger,
 * journal, file, ledger lines, feeds, one commit, reindex, push), while later
 * files gather for the next batch. Concurrent ingests in one process (the MCP
 * server's tool calls) cost one commit per batch instead of one per file;
 * across processes, the one lock serialises the batches.
 *
 * A batch first runs the repair (`repair.ts`), so a file is only called a
 * duplicate of a ledger line that is committed. When the commit fails, the
 * repair drops what the batch wrote from the ledger and the feeds (the placed
 * files stay, to be adopted by the retry) and every file of the batch fails
 * with the commit's error: a retry is never mistaken for a duplicate.
 *
 * @module
 */
import { toKitError } from "../errors.ts";
import { isoUtc } from "../clock.ts";
import { LTM_PATHS, ltmPath } from "../layout.ts";
import type { Store } from "../store/store.ts";
import type { GitSyncResult, IngestResult } from "../../schemas/watcher.ts";
import { lockLtm } from "./repo_sync.ts";
import { repairLtm } from "./repair.ts";
import { removeIngestJournal, writeIngestJournal } from "./journal.ts";
import type { IngestGitOptions, IngestState, Reindexer } from "./types.ts";
import {
  commitBatch,
  fileAndAppend,
  type FileFacts,
  loadLedger,
  type Recorded,
  refreshIndex,
  syncAfterCommit,
  writeFeeds,
} from "./_ingest_steps.ts";

/** One checked file waiting for its commit. */
export interface CommitJob {
  /** The LTM repo (its top level). */
  ltm: string;
  /** Its git folder (the queue's key). */
  gitDir: string;
  /** The store the index lives in. */
  store: Store;
  /** The staged copy (moved into the repo by the batch). */
  staged: string;
  /** What the checks found. */
  facts: FileFacts;
  /** Index refresh after the commit. */
  reindex: Reindexer | false;
  /** Git environment, timeout, identity. */
  git: IngestGitOptions;
  /** Push after the commit. */
  push: boolean;
  /** The watcher's ledger cache. */
  state?: IngestState | undefined;
  /** How long to wait for the LTM writer lock. */
  lockWaitMs: number;
  /** Aborts the job while it waits. */
  signal?: AbortSignal | undefined;
  /** Receives repair warnings. */
  warn?: ((message: string) => void) | undefined;
}

/** What became of a job. */
export type CommitOutcome =
  | { status: "duplicate" }
  | {
    status: "ingested";
    recorded: Recorded;
    latest: IngestResult["latest"];
    reindex: IngestResult["reindex"];
    git: GitSyncResult;
    /** Files committed together with this one (itself included). */
    batch: number;
  };

interface Waiting {
  job: CommitJob;
  resolve: (outcome: CommitOutcome) => void;
  reject: (error: unknown) => void;
}

interface Queue {
  waiting: Waiting[];
  draining: boolean;
}

/** Most files in one batch (a commit's argument list stays short). */
export const MAX_BATCH = 64;

const queues = new Map<string, Queue>();

/**
 * Queues a checked file for the next commit batch of its repo.
 *
 * @param job The file and how to commit it.
 * @returns What became of it.
 * @throws {KitError} `LOCKED` when another process keeps the repo beyond the wait;
 *   `GIT_FAILED` when the batch's commit (or the repair before it) fails;
 *   `FILING_COLLISION`; the signal's reason when aborted while waiting.
 *
 * @example
 * ```ts ignore
 * const outcome = await submitCommit({ ltm, gitDir, store, staged, facts, reindex: false, git: {}, push: false, lockWaitMs: 120_000 });
 * ```
 */
export function submitCommit(job: CommitJob): Promise<CommitOutcome> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(job.gitDir);
    if (!queue) queues.set(job.gitDir, queue = { waiting: [], draining: false });
    queue.waiting.push({ job, resolve, reject });
    if (!queue.draining) drain(job.gitDir, queue);
  });
}

async function drain(key: string, queue: Queue): Promise<void> {
  queue.draining = true;
  try {
    while (queue.waiting.length > 0) {
      const batch = takeBatch(queue);
      try {
        await runBatch(batch);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
  } finally {
    queue.draining = false;
    if (queue.waiting.length === 0) queues.delete(key);
  }
}

/** The first waiting job and every later one that can share its commit. */
function takeBatch(queue: Queue): Waiting[] {
  const first = queue.waiting[0]!.job;
  const key = compatKey(first);
  const batch: Waiting[] = [];
  const rest: Waiting[] = [];
  for (const w of queue.waiting) {
    if (
      batch.length < MAX_BATCH && w.job.store === first.store && w.job.ltm === first.ltm &&
      w.job.reindex === first.reindex && compatKey(w.job) === key
    ) batch.push(w);
    else rest.push(w);
  }
  queue.waiting = rest;
  return batch;
}

function compatKey(job: CommitJob): string {
  const { env, gitBinary, timeoutMs, identity } = job.git;
  return JSON.stringify([env ?? null, gitBinary ?? null, timeoutMs ?? null, identity ?? null]);
}

async function runBatch(batch: Waiting[]): Promise<void> {
  const first = batch[0]!.job;
  const { ltm, gitDir } = first;
  const git = { ...first.git };
  delete git.signal; // one caller's cancel must not abort the others' commit
  const waitMs = Math.max(...batch.map((w) => w.job.lockWaitMs));
  const warn = (message: string) => {
    for (const w of batch) w.job.warn?.(message);
  };
  await using lock = await lockLtm(gitDir, { waitMs });
  await repairLtm(ltm, {
    git,
    gitDir,
    lockHeld: true,
    warn,
    suspectCrash: lock.tookOverFrom !== undefined,
  });
  const ledgerPath = ltmPath(ltm, LTM_PATHS.ingest_ledger);
  const ledger = await loadLedger(ledgerPath, first.state);
  if (ledger.torn_tail) {
    // Cut it now, so the journal's ledger size is where this batch's lines begin.
    const size = (await Deno.stat(ledgerPath)).size;
    await Deno.truncate(ledgerPath, size - ledger.torn_tail.bytes);
    delete ledger.torn_tail;
  }
  const live: Waiting[] = [];
  for (const w of batch) {
    if (w.job.signal?.aborted) w.reject(w.job.signal.reason);
    else if (ledger.shas.has(w.job.facts.sha256)) w.resolve({ status: "duplicate" });
    else live.push(w);
  }
  if (live.length === 0) return;
  await writeIngestJournal(gitDir, {
    version: 1,
    pid: Deno.pid,
    ledger_bytes: await sizeOf(ledgerPath),
    recent_prior: await textOr(ltmPath(ltm, LTM_PATHS.recent)),
    latest_prior: await textOr(ltmPath(ltm, LTM_PATHS.latest)),
  });
  const filed: { w: Waiting; recorded: Recorded }[] = [];
  for (const w of live) {
    if (ledger.shas.has(w.job.facts.sha256)) {
      w.resolve({ status: "duplicate" }); // the same bytes twice in one batch
      continue;
    }
    try {
      filed.push({
        w,
        recorded: await fileAndAppend(ltm, w.job.staged, w.job.facts, ledger, first.state),
      });
    } catch (error) {
      w.reject(error);
    }
  }
  let commit: string | null = null;
  let latest: IngestResult["latest"] = "unchanged";
  try {
    if (filed.length === 0) {
      await removeIngestJournal(gitDir);
      return;
    }
    const ts = isoUtc(Math.max(...filed.map((f) => f.w.job.facts.nowMs)));
    latest = await writeFeeds(ltm, ledger, filed.map((f) => f.recorded), ts);
    commit = await commitBatch(ltm, filed.map((f) => f.recorded), latest, {
      git,
      ...(git.identity ? { identity: git.identity } : {}),
    });
    await removeIngestJournal(gitDir);
  } catch (error) {
    // Undo what the batch wrote (keep the placed files for the retry), then fail every file.
    await repairLtm(ltm, {
      git,
      gitDir,
      lockHeld: true,
      warn,
      dropPending: true,
      suspectCrash: false,
    }).catch(() => {});
    if (first.state) delete first.state.ledger;
    const failure = toKitError(error);
    for (const f of filed) f.w.reject(failure);
    return;
  }
  const reindex = await refreshIndex(first.reindex, first.store, ltm, undefined);
  const gitResult = await syncAfterCommit(ltm, commit, {
    git,
    push: filed.some((f) => f.w.job.push),
  });
  for (const f of filed) {
    f.w.resolve({
      status: "ingested",
      recorded: f.recorded,
      latest: f.recorded.line.kind === "bundle" ? "unchanged" : latest,
      reindex,
      git: gitResult,
      batch: filed.length,
    });
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).size;
  } catch {
    return 0;
  }
}

async function textOr(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}
