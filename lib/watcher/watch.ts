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
import { join } from "node:path";
import { hostname } from "node:os";
import { KitError, toKitError } from "../errors.ts";
import type { LongWorkOptions } from "../progress.ts";
import type { Config } from "../config.ts";
import type { SyncStore as Store } from "../store/_sync_store.ts";
import { VERSION } from "../version.ts";
import {
  backoffDelay,
  type BackoffOptions,
  recordAttempt,
  type RetrySchedule,
} from "../git/backoff.ts";
import { pendingPushCount, requireGitRepo } from "../git/repo.ts";
import { pullRebase, pushPending, rebaseInProgress } from "../git/sync.ts";
import { runGit } from "../git/run.ts";
import type {
  IngestResult,
  LastIngest,
  WatcherHeartbeat,
  WatchReport,
  WatchSkip,
} from "../../schemas/watcher.ts";
import { type Clock, isoUtc, systemClock } from "../clock.ts";
import { acquireLock, readLockFile } from "../fs/lock.ts";
import { dataLayout } from "../layout.ts";
import { heartbeatPath as defaultHeartbeatPath, writeHeartbeat } from "./heartbeat.ts";
import { ingestDelta, type IngestGitOptions, type IngestState, type Reindexer } from "./ingest.ts";
import type { Inspectors } from "./inspect.ts";
import { lockLtm, recoverUncommitted } from "./repo_sync.ts";
import { formatLogLine, type LogLevel } from "./log.ts";
import { resolveManifestConflicts } from "./merge.ts";
import { ltmReindexer } from "./reindex.ts";
import { QUARANTINE_DIR, scanWatchDir } from "./scan.ts";
import { type StabilityOptions, waitForStable } from "./stability.ts";

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
  /** The single-instance lock. @default {<dataDir>/state/watcher.lock} */
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
  const gitOptions = { ...options.git, ...(options.signal ? { signal: options.signal } : {}) };
  const log = (level: LogLevel, message: string) =>
    options.log?.(formatLogLine(clock.now(), level, message));
  const host = safeHostname();
  const beatPath = options.heartbeatPath ?? defaultHeartbeatPath(config.dataDir);

  try {
    if (!(await Deno.stat(watchDir)).isDirectory) throw new Deno.errors.NotFound();
  } catch {
    throw new KitError("WATCH_DIR_NOT_FOUND", `The watch folder ${watchDir} does not exist`, {
      path: watchDir,
      exitCode: 2,
    });
  }
  const gitDir = await requireGitRepo(ltm, gitOptions);
  // Pulls, recoveries and pushes take the same writer lock as each ingest.
  const withLtm = async <T>(fn: () => Promise<T>): Promise<T> => {
    await using _ltm = await lockLtm(gitDir);
    return await fn();
  };

  let lock;
  try {
    lock = await acquireLock(options.lockPath ?? watcherLockPath(config.dataDir), {
      heartbeatPath: beatPath,
      staleAfterMs: 3 * intervalMs,
      clock,
      host,
      waitMs: 0,
      purpose: "downloads watcher",
    });
  } catch (error) {
    if (error instanceof KitError && error.code === "LOCKED") {
      log("FAIL", "watcher already running");
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
  if (lock.tookOverFrom) {
    log(
      "OK",
      `Took over a stale lock of pid ${lock.tookOverFrom.pid} on ${lock.tookOverFrom.host}`,
    );
  }

  const report: WatchReport = {
    once: options.once ?? false,
    started_utc: isoUtc(clock.now()),
    finished_utc: "",
    loops: 0,
    ingested: 0,
    duplicates: 0,
    quarantined: 0,
    unstable: 0,
    errors: 0,
    pending_push: 0,
    results: [],
    skipped: [],
  };
  const errorTimes: number[] = [];
  const schedule: RetrySchedule = { failures: 0, nextAt: 0 };
  const state: IngestState = {};
  const announced = new Map<string, string>();
  let lastIngest: LastIngest | undefined;
  let pending = 0;
  let needRecover = true;
  let lastBeat: WatcherHeartbeat | undefined;
  const beat = async (): Promise<void> => {
    const now = clock.now();
    while (errorTimes.length && errorTimes[0]! < now - 3_600_000) errorTimes.shift();
    const heartbeat: WatcherHeartbeat = {
      host,
      pid: Deno.pid,
      version: VERSION,
      started_utc: report.started_utc,
      last_loop_utc: isoUtc(now),
      ...(lastIngest ? { last_ingest: lastIngest } : {}),
      pending_push: pending,
      quarantined: await countQuarantined(watchDir),
      errors_last_hour: errorTimes.length,
    };
    lastBeat = heartbeat;
    await writeHeartbeat(beatPath, heartbeat);
  };
  const fail = (message: string) => {
    report.errors++;
    errorTimes.push(clock.now());
    log("FAIL", message);
  };
  const reindexer = options.reindex ?? ltmReindexer;
  const reindex = async () => {
    if (!reindexer) return;
    try {
      await reindexer(store, ltm, { signal: options.signal });
    } catch (error) {
      fail(`reindex failed: ${toKitError(error).message}`);
    }
  };
  // Keep the heartbeat file fresh during long steps (a push, a stability wait) by
  // rewriting the last heartbeat as is, so a second instance does not take a live
  // watcher's lock for a stale one; `last_loop_utc` still tells the last loop.
  let inflight: Promise<void> = Promise.resolve();
  const keepAlive = setInterval(() => {
    const last = lastBeat;
    if (last) inflight = inflight.then(() => writeHeartbeat(beatPath, last)).catch(() => {});
  }, intervalMs);

  try {
    await beat();
    if (await withLtm(() => rebaseInProgress(ltm, gitOptions))) {
      await withLtm(() => runGit(ltm, ["rebase", "--abort"], gitOptions));
      log("OK", "Aborted a rebase left over from an interrupted run");
    }
    if (options.pullAtStart ?? true) {
      const pulled = await withLtm(() =>
        pullRebase(ltm, { ...gitOptions, resolveConflicts: resolveManifestConflicts })
      );
      if (!pulled.ok) log("FAIL", `git pull --rebase failed (continuing): ${pulled.error}`);
      else if (pulled.changed) {
        log("OK", "Pulled new commits from the remote");
        await reindex();
      }
    }
    for (;;) {
      options.signal?.throwIfAborted();
      report.loops++;
      const holder = await readLockFile(lock.path);
      if (
        typeof holder === "string" || holder.token !== lock.record.token
      ) {
        // Another instance judged us stale (e.g. this process was frozen): let it run alone.
        log("FAIL", `lost the watcher lock ${lock.path}; stopping`);
        break;
      }
      if (needRecover) {
        try {
          const recovered = await withLtm(() => recoverUncommitted(ltm, gitOptions));
          if (recovered) {
            log("OK", `Committed changes left by an interrupted ingest (${recovered.slice(0, 8)})`);
          }
          needRecover = false;
        } catch (error) {
          fail(`could not commit leftover changes: ${toKitError(error).message}`);
        }
      }
      const scan = await scanWatchDir(watchDir, {
        ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
        clock,
      });
      const skipped: WatchSkip[] = [...scan.skipped];
      const stability = await waitForStable(scan.candidates, {
        ...options.stability,
        clock,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      for (const c of stability.unstable) {
        report.unstable++;
        skipped.push({ name: c.name, reason: "unstable", detail: `${c.size} bytes and changing` });
      }
      for (const c of stability.stable) {
        options.signal?.throwIfAborted();
        try {
          const result = await ingestDelta(cfg, store, c.path, {
            kind: c.kind,
            removeSource: true,
            quarantine: true,
            push: false,
            clock,
            state,
            ...(options.hostTag ? { hostTag: options.hostTag } : {}),
            ...(options.inspectors ? { inspectors: options.inspectors } : {}),
            ...(options.reindex !== undefined ? { reindex: options.reindex } : {}),
            ...(options.git ? { git: options.git } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
          });
          record(report, result);
          announced.delete(c.name);
          if (result.status === "ingested") {
            lastIngest = {
              path: result.stored_path!,
              sha256: result.sha256,
              ts: result.ledger_line!.ts,
            };
            log(
              "OK",
              `Ingested ${c.name} → ${result.stored_path}${
                result.renamed ? " (name taken: suffixed)" : ""
              }` +
                ` sha=${result.sha256.slice(0, 12)}${
                  result.hash_status ? ` ${result.hash_status}` : ""
                }`,
            );
          } else if (result.status === "duplicate") {
            log("OK", `Duplicate sha=${result.sha256} — skip ${c.name}`);
          } else {
            log(
              "FAIL",
              `Quarantined ${c.name}: ${result.rejection?.code} ${result.rejection?.reason}`,
            );
          }
        } catch (error) {
          if (options.signal?.aborted) throw error;
          const e = toKitError(error);
          if (e.code === "GIT_FAILED") needRecover = true;
          const signature = `${c.size}:${c.mtimeMs}:${e.code}`;
          skipped.push({ name: c.name, reason: "failed", detail: e.code });
          report.errors++;
          errorTimes.push(clock.now());
          if (announced.get(c.name) !== signature) {
            announced.set(c.name, signature);
            log("FAIL", `${c.name}: ${e.code}: ${e.message} (will retry)`);
          }
        }
      }
      for (const s of skipped) {
        if (s.reason === "failed") continue;
        const signature = `${s.reason}:${s.detail ?? ""}`;
        if (announced.get(s.name) === signature) continue;
        announced.set(s.name, signature);
        log("SKIP", `${s.reason}: ${s.name}`);
      }
      const present = new Set(skipped.map((s) => s.name));
      for (const name of [...announced.keys()]) if (!present.has(name)) announced.delete(name);
      report.skipped = skipped;

      pending = await pendingPushCount(ltm, gitOptions);
      if (pending > 0 && (options.once || clock.now() >= schedule.nextAt)) {
        const outcome = await withLtm(() =>
          pushPending(ltm, { ...gitOptions, resolveConflicts: resolveManifestConflicts })
        );
        const ok = outcome.status !== "failed";
        recordAttempt(schedule, ok, clock.now(), options.backoff);
        if (ok) {
          log(
            "OK",
            `Pushed ${pending} commit${pending === 1 ? "" : "s"}${
              outcome.rejected ? " after pull --rebase" : ""
            }`,
          );
          if (outcome.pulled) await reindex();
        } else {
          const wait = backoffDelay(schedule.failures, options.backoff);
          fail(
            `git push failed (${pending} pending, retry in ${
              Math.round(wait / 1000)
            } s): ${outcome.error}`,
          );
        }
        pending = outcome.pending;
      }
      await beat();
      if (options.once || (options.maxLoops !== undefined && report.loops >= options.maxLoops)) {
        break;
      }
      await clock.sleep(intervalMs, options.signal);
    }
  } catch (error) {
    if (!options.signal?.aborted) throw error;
    log("OK", "Stopped");
  } finally {
    clearInterval(keepAlive);
    await inflight;
    report.pending_push = pending;
    report.finished_utc = isoUtc(clock.now());
    await lock.release();
  }
  return report;
}

function record(report: WatchReport, result: IngestResult): void {
  if (result.status === "ingested") report.ingested++;
  else if (result.status === "duplicate") report.duplicates++;
  else report.quarantined++;
  report.results.push(result);
  if (report.results.length > 100) report.results.shift();
}

async function countQuarantined(watchDir: string): Promise<number> {
  let n = 0;
  try {
    for await (const e of Deno.readDir(join(watchDir, QUARANTINE_DIR))) {
      if (e.isFile && !e.name.endsWith(".reason.json")) n++;
    }
  } catch { /* no quarantine yet */ }
  return n;
}

function safeHostname(): string {
  try {
    return hostname();
  } catch {
    return `deno-${Deno.build.os}`;
  }
}
