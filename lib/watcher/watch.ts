/**
 * The downloads watcher loop: one instance per data directory (lock file),
 * every `intervalMs` scan the watch folder, wait for the candidates to be
 * stable, ingest each through {@linkcode ingestDelta} (commit per file), push
 * what is pending with exponential backoff, and rewrite the heartbeat.
 * `once` runs a single pass (for tests and cron). An abort signal (Ctrl-C)
 * ends the loop cleanly and releases the lock.
 *
 * @module
 */
import { KitError, toKitError } from "../errors.ts";
import type { LongWorkOptions } from "../progress.ts";
import type { Config } from "../config.ts";
import type { Store } from "../store/store.ts";
import type { BackoffOptions, RetrySchedule } from "../git/backoff.ts";
import { requireGitRepo } from "../git/repo.ts";
import type { WatchReport } from "../../schemas/watcher.ts";
import { type Clock, systemClock } from "../clock.ts";
import { dataLayout } from "../layout.ts";
import { heartbeatPath as defaultHeartbeatPath } from "./heartbeat.ts";
import type { Inspectors } from "./inspect.ts";
import { ltmReindexer } from "./reindex.ts";
import { lockLtm } from "./repo_sync.ts";
import type { StabilityOptions } from "./stability.ts";
import type { IngestGitOptions, Reindexer } from "./types.ts";
import { safeHostname } from "./_ingest_steps.ts";
import { WatchSession } from "./_watch_session.ts";
import {
  ingestPass,
  type IngestPassOptions,
  pushStep,
  recoverStep,
  settleRepo,
  takeWatcherLease,
  takeWatcherLock,
  type WatcherGuard,
  type WithLtm,
} from "./_watch_steps.ts";

/** Options of {@linkcode runWatcher}. */
export interface WatchOptions extends LongWorkOptions {
  /** The folder to watch. @default {config.watchDir} */
  watchDir?: string;
  /** One pass, then return. @default {false} */
  once?: boolean;
  /** Time between loops. @default {3000} */
  intervalMs?: number;
  /** Files modified less than this long ago wait for a later loop. @default {1000} */
  settleMs?: number;
  /** Stability wait: samples (2), interval (1000 ms), timeout (15000 ms). */
  stability?: Pick<StabilityOptions, "samples" | "intervalMs" | "timeoutMs">;
  /** Push retry backoff. @default {5 s doubling to 5 min} */
  backoff?: BackoffOptions;
  /** Time source and sleeper. @default {systemClock} */
  clock?: Clock;
  /** The ledger's `host`. @default {os.hostname()} */
  hostTag?: string;
  /** Replacement content checks. */
  inspectors?: Inspectors;
  /** Index refresh after each ingest and after pulls; `false` skips it. @default {ltmReindexer} */
  reindex?: Reindexer | false;
  /** Git environment, timeout and identity. */
  git?: IngestGitOptions;
  /** Receives formatted log lines `<UTC ISO> [OK]|[FAIL]|[SKIP] <msg>`. */
  log?: (line: string) => void;
  /**
   * The single-instance lock file. @default {<dataDir>/state/watcher.lock; on a PostgreSQL store,
   * the database lease `metablooms.downloads_watcher` instead}
   */
  lockPath?: string;
  /** The heartbeat file. @default {<dataDir>/state/watcher_heartbeat.json} */
  heartbeatPath?: string;
  /** `git pull --rebase` once at start (failures are logged and ignored). @default {true} */
  pullAtStart?: boolean;
  /** Stop after this many loops (tests). */
  maxLoops?: number;
}

/**
 * Where the watcher's lock lives under a data directory.
 *
 * @param dataDir The kit's data directory.
 * @returns `<dataDir>/state/watcher.lock`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { watcherLockPath } from "./watch.ts";
 * assert(watcherLockPath("/d") === "/d/state/watcher.lock");
 * ```
 */
export function watcherLockPath(dataDir: string): string {
  return dataLayout(dataDir).watcher_lock;
}

/**
 * Runs the watcher until the signal aborts (or one pass with `once`).
 *
 * @param config Paths (`watchDir`, `ltmDir`, `dataDir`).
 * @param store The store the LTM index lives in.
 * @param options Loop timing, clock, checks, git, logging, lock and heartbeat paths.
 * @returns The run report.
 * @throws {KitError} `WATCHER_ALREADY_RUNNING` (exit 3) when another live watcher holds the lock;
 *   `LTM_NOT_A_GIT_REPO`; `WATCH_DIR_NOT_FOUND` (exit 2).
 *
 * @example
 * ```ts ignore
 * const report = await runWatcher(config, store, { once: true, log: (l) => console.error(l) });
 * ```
 */
export async function runWatcher(
  config: Config,
  store: Store,
  options: WatchOptions = {},
): Promise<WatchReport> {
  const clock = options.clock ?? systemClock;
  const watchDir = options.watchDir ?? config.watchDir;
  const cfg: Config = { ...config, watchDir };
  const ltm = config.ltmDir;
  const intervalMs = options.intervalMs ?? 3000;
  const git = { ...options.git, ...(options.signal ? { signal: options.signal } : {}) };
  const host = safeHostname();
  const heartbeatPath = options.heartbeatPath ?? defaultHeartbeatPath(config.dataDir);
  const session = new WatchSession(clock, options.log, options.once ?? false, {
    path: heartbeatPath,
    host,
    watchDir,
  });

  await requireDirectory(watchDir);
  const gitDir = await requireGitRepo(ltm, git);
  // Pulls, recoveries and pushes take the same writer lock as each ingest.
  const withLtm: WithLtm = async (fn) => {
    await using _ltm = await lockLtm(gitDir);
    return await fn();
  };
  // On a shared database the lease keeps one watcher per database (other machines included);
  // the embedded store keeps one per data directory with a file lock.
  const lock: WatcherGuard = store.dialect === "postgres" && options.lockPath === undefined
    ? await takeWatcherLease(store, session, { intervalMs })
    : await takeWatcherLock(options.lockPath ?? watcherLockPath(config.dataDir), session, {
      heartbeatPath,
      intervalMs,
      clock,
      host,
    });
  const reindexer = options.reindex ?? ltmReindexer;
  const reindex = async () => {
    if (!reindexer) return;
    try {
      await reindexer(store, ltm, { signal: options.signal });
    } catch (error) {
      session.fail(`reindex failed: ${toKitError(error).message}`);
    }
  };
  const pass: IngestPassOptions = {
    clock,
    settleMs: options.settleMs,
    stability: options.stability,
    signal: options.signal,
    ingest: {
      removeSource: true,
      quarantine: true,
      push: false,
      clock,
      state: {},
      ...(options.hostTag ? { hostTag: options.hostTag } : {}),
      ...(options.inspectors ? { inspectors: options.inspectors } : {}),
      ...(options.reindex !== undefined ? { reindex: options.reindex } : {}),
      ...(options.git ? { git: options.git } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      warn: (message: string) => session.log("OK", `Repaired: ${message}`),
    },
  };
  const schedule: RetrySchedule = { failures: 0, nextAt: 0 };
  let needRecover = false;
  session.keepAlive(intervalMs);
  try {
    await session.beat();
    needRecover = !(await settleRepo(ltm, git, withLtm, session, {
      pull: options.pullAtStart ?? true,
      reindex,
    }));
    for (;;) {
      options.signal?.throwIfAborted();
      session.report.loops++;
      if (!(await lock.held())) {
        // Another instance judged us stale (e.g. this process was frozen): let it run alone.
        session.log("FAIL", `lost the watcher lock ${lock.path}; stopping`);
        break;
      }
      if (needRecover) needRecover = !(await recoverStep(ltm, git, withLtm, session));
      if ((await ingestPass(cfg, store, session, pass)).gitFailed) needRecover = true;
      await pushStep(ltm, git, withLtm, session, {
        once: options.once ?? false,
        clock,
        schedule,
        backoff: options.backoff,
        reindex,
      });
      await session.beat();
      const loops = session.report.loops;
      if (options.once || (options.maxLoops !== undefined && loops >= options.maxLoops)) break;
      await clock.sleep(intervalMs, options.signal);
    }
  } catch (error) {
    if (!options.signal?.aborted) throw error;
    session.log("OK", "Stopped");
  } finally {
    await session.finish();
    await lock.release();
  }
  return session.report;
}

async function requireDirectory(watchDir: string): Promise<void> {
  try {
    if (!(await Deno.stat(watchDir)).isDirectory) throw new Deno.errors.NotFound();
  } catch {
    throw new KitError("WATCH_DIR_NOT_FOUND", `The watch folder ${watchDir} does not exist`, {
      path: watchDir,
      exitCode: 2,
    });
  }
}
