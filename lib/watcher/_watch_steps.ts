/**
 * The named steps of one watcher run ({@linkcode runWatcher} in `watch.ts`):
 * take the single-instance lock, settle the repo at start (abort a leftover
 * rebase, pull), commit what an interrupted ingest left, ingest what is stable
 * in the watch folder, push with backoff.
 *
 * @module
 */
import { KitError, toKitError } from "../errors.ts";
import type { Config } from "../config.ts";
import type { Clock } from "../clock.ts";
import { acquireLock, type LockHandle } from "../fs/lock.ts";
import {
  backoffDelay,
  type BackoffOptions,
  recordAttempt,
  type RetrySchedule,
} from "../git/backoff.ts";
import type { GitOptions } from "../git/run.ts";
import { pendingPushCount } from "../git/repo.ts";
import { pullRebase, pushPending } from "../git/sync.ts";
import type { Store } from "../store/store.ts";
import { acquireLease, releaseLease, renewLease } from "../store/lease.ts";
import type { WatchSkip } from "../../schemas/watcher.ts";
import { ingestDelta, type IngestOptions } from "./ingest.ts";
import { resolveManifestConflicts } from "./merge.ts";
import { repairLtm } from "./repair.ts";
import { scanWatchDir } from "./scan.ts";
import { type StabilityOptions, waitForStable } from "./stability.ts";
import type { WatchSession } from "./_watch_session.ts";

/** What keeps a watcher alone: a file lock (one machine), or a lease in a shared database. */
export type WatcherGuard = Pick<LockHandle, "path" | "held" | "release">;

/** The lease name watchers on one shared database take. */
export const WATCHER_LEASE = "metablooms.downloads_watcher";

/**
 * Takes the watcher's lease in a shared (PostgreSQL) store: several machines or replicas on one
 * database run one watcher. The lease is renewed in the background every third of its TTL; a
 * renewal that finds it taken (this process stalled past the TTL) makes `held()` false.
 *
 * @throws {KitError} `WATCHER_ALREADY_RUNNING` (exit 3) while another holder's lease is live.
 */
export async function takeWatcherLease(
  store: Store,
  session: WatchSession,
  options: { intervalMs: number },
): Promise<WatcherGuard> {
  const ttl_ms = Math.max(30_000, 3 * options.intervalMs);
  let lease = await acquireLease(store, WATCHER_LEASE, { ttl_ms });
  if (!lease) {
    session.log("FAIL", "watcher already running");
    throw new KitError(
      "WATCHER_ALREADY_RUNNING",
      `Another watcher holds the lease ${WATCHER_LEASE} in ${store.location}`,
      { exitCode: 3, details: { lease: WATCHER_LEASE } },
    );
  }
  let lost = false;
  let renewing = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(async () => {
      if (lost || !lease) return;
      try {
        lease = await renewLease(store, lease, { ttl_ms });
      } catch (error) {
        // An unreachable store is retried next tick; a lease someone else took is gone.
        if (error instanceof KitError && error.code === "LEASE_LOST") lost = true;
      }
    });
  }, ttl_ms / 3);
  Deno.unrefTimer(timer);
  return {
    path: `${store.location} lease ${WATCHER_LEASE}`,
    held: () => Promise.resolve(!lost),
    release: async () => {
      clearInterval(timer);
      await renewing;
      if (!lost && lease) await releaseLease(store, lease).catch(() => false);
      lost = true;
    },
  };
}

/** Runs a step under the LTM writer lock. */
export type WithLtm = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Takes the watcher's single-instance lock (a holder whose heartbeat is older
 * than 3 loops is stale and taken over).
 *
 * @throws {KitError} `WATCHER_ALREADY_RUNNING` (exit 3) when a live watcher holds it.
 */
export async function takeWatcherLock(
  path: string,
  session: WatchSession,
  options: { heartbeatPath: string; intervalMs: number; clock: Clock; host: string },
): Promise<LockHandle> {
  let lock: LockHandle;
  try {
    lock = await acquireLock(path, {
      heartbeatPath: options.heartbeatPath,
      staleAfterMs: 3 * options.intervalMs,
      clock: options.clock,
      host: options.host,
      waitMs: 0,
      purpose: "downloads watcher",
    });
  } catch (error) {
    if (error instanceof KitError && error.code === "LOCKED") {
      session.log("FAIL", "watcher already running");
      throw new KitError(
        "WATCHER_ALREADY_RUNNING",
        `Another watcher is running: ${error.message}`,
        {
          exitCode: 3,
          ...(error.details ? { details: error.details } : {}),
        },
      );
    }
    throw error;
  }
  const stale = lock.tookOverFrom;
  if (stale) session.log("OK", `Took over a stale lock of pid ${stale.pid} on ${stale.host}`);
  return lock;
}

/**
 * Repairs what an interrupted run left (the one repair: stale git locks, a
 * leftover rebase, staging folders, uncommitted ledger lines), then pulls
 * once (failures are logged, not fatal).
 *
 * @returns Whether the repair succeeded (false: the loop tries it again).
 */
export async function settleRepo(
  ltm: string,
  git: GitOptions,
  withLtm: WithLtm,
  session: WatchSession,
  options: { pull: boolean; reindex: () => Promise<void> },
): Promise<boolean> {
  const repaired = await recoverStep(ltm, git, withLtm, session);
  if (!options.pull || !repaired) return repaired;
  const pulled = await withLtm(() =>
    pullRebase(ltm, { ...git, resolveConflicts: resolveManifestConflicts })
  );
  if (!pulled.ok) session.log("FAIL", `git pull --rebase failed (continuing): ${pulled.error}`);
  else if (pulled.changed) {
    session.log("OK", "Pulled new commits from the remote");
    await options.reindex();
  }
  return true;
}

/**
 * Runs the LTM repair ({@linkcode repairLtm}); each thing it fixed is logged.
 *
 * @returns Whether it is settled (false: try again next loop).
 */
export async function recoverStep(
  ltm: string,
  git: GitOptions,
  withLtm: WithLtm,
  session: WatchSession,
): Promise<boolean> {
  try {
    await withLtm(() =>
      repairLtm(ltm, {
        git,
        lockHeld: true,
        warn: (message) => session.log("OK", `Repaired: ${message}`),
      })
    );
    return true;
  } catch (error) {
    session.fail(`could not commit leftover changes: ${toKitError(error).message}`);
    return false;
  }
}

/** What one pass over the watch folder needs. */
export interface IngestPassOptions {
  clock: Clock;
  settleMs?: number | undefined;
  stability?: Pick<StabilityOptions, "samples" | "intervalMs" | "timeoutMs"> | undefined;
  signal?: AbortSignal | undefined;
  /** Options every ingest gets (the watcher's defaults and the caller's checks). */
  ingest: IngestOptions;
}

/**
 * Scans the watch folder, waits for the candidates to be stable and ingests
 * each (one commit per file); skips are logged once.
 *
 * @returns Whether an ingest failed in git (the next loop then recovers first).
 */
export async function ingestPass(
  config: Config,
  store: Store,
  session: WatchSession,
  options: IngestPassOptions,
): Promise<{ gitFailed: boolean }> {
  const scan = await scanWatchDir(config.watchDir, {
    ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
    clock: options.clock,
  });
  const skipped: WatchSkip[] = [...scan.skipped];
  const stability = await waitForStable(scan.candidates, {
    ...options.stability,
    clock: options.clock,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for (const c of stability.unstable) {
    session.report.unstable++;
    skipped.push({ name: c.name, reason: "unstable", detail: `${c.size} bytes and changing` });
  }
  let gitFailed = false;
  for (const c of stability.stable) {
    options.signal?.throwIfAborted();
    try {
      session.ingested(
        c.name,
        await ingestDelta(config, store, c.path, { ...options.ingest, kind: c.kind }),
      );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (toKitError(error).code === "GIT_FAILED") gitFailed = true;
      skipped.push(session.ingestFailed(c, error));
    }
  }
  session.skipped(skipped);
  return { gitFailed };
}

/** Pushes pending commits when the backoff schedule allows (always with `once`). */
export async function pushStep(
  ltm: string,
  git: GitOptions,
  withLtm: WithLtm,
  session: WatchSession,
  options: {
    once: boolean;
    clock: Clock;
    schedule: RetrySchedule;
    backoff?: BackoffOptions | undefined;
    reindex: () => Promise<void>;
  },
): Promise<void> {
  session.pending = await pendingPushCount(ltm, git);
  const pending = session.pending;
  if (pending === 0 || !(options.once || options.clock.now() >= options.schedule.nextAt)) return;
  const outcome = await withLtm(() =>
    pushPending(ltm, { ...git, resolveConflicts: resolveManifestConflicts })
  );
  const ok = outcome.status !== "failed";
  recordAttempt(options.schedule, ok, options.clock.now(), options.backoff);
  if (ok) {
    const rebased = outcome.rejected ? " after pull --rebase" : "";
    session.log("OK", `Pushed ${pending} commit${pending === 1 ? "" : "s"}${rebased}`);
    if (outcome.pulled) await options.reindex();
  } else {
    const wait = backoffDelay(options.schedule.failures, options.backoff);
    session.fail(
      `git push failed (${pending} pending, retry in ${
        Math.round(wait / 1000)
      } s): ${outcome.error}`,
    );
  }
  session.pending = outcome.pending;
}
