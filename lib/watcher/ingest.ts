/**
 * The per-file ingest pipeline shared by the watcher, `metablooms ingest`
 * and the MCP tool `ingest_delta`: check the size, stage a copy, hash, check
 * the content; then, in a commit batch (`commit_queue.ts`): repair, dedupe
 * against the ledger, file it under `deltas/` or `bundles/`, append the
 * chained ledger line, rewrite `recent.json`, update `latest.json`, commit
 * (`ingest: <name>`), reindex and push.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import type { LongWorkOptions } from "../progress.ts";
import type { Config } from "../config.ts";
import type { Store } from "../store/store.ts";
import { sha256File } from "../fs/sha256.ts";
import type { GitOptions } from "../git/run.ts";
import { requireGitRepo } from "../git/repo.ts";
import type { IngestResult } from "../../schemas/watcher.ts";
import { type Clock, isoUtc, systemClock } from "../clock.ts";
import { LTM_GIT_PATHS } from "../layout.ts";
import { inspectFile, type Inspectors } from "./inspect.ts";
import { quarantineFile, removeStaged, stageCopy } from "./filing.ts";
import { recognizeName } from "./recognize.ts";
import { ltmReindexer } from "./reindex.ts";
import { submitCommit } from "./commit_queue.ts";
import type { IngestGitOptions, IngestState, Reindexer } from "./types.ts";
import { checkDeltaSize, checkSource, realPathOr, safeHostname } from "./_ingest_steps.ts";

/** Options of {@linkcode ingestDelta}. */
export interface IngestOptions extends LongWorkOptions {
  /** What the name says the file is. @default {from the recognizer; `.zip` → bundle, else mips} */
  kind?: "mips" | "bundle";
  /** Remove the source after filing or as a duplicate. @default {true when it lies directly in config.watchDir} */
  removeSource?: boolean;
  /** Move an invalid source to `MB_QUARANTINE/`. @default {true when it lies directly in config.watchDir} */
  quarantine?: boolean;
  /** Push after committing (one attempt, pull --rebase on rejection). @default {true} */
  push?: boolean;
  /** Time source (ledger `ts`, month folder). @default {systemClock} */
  clock?: Clock;
  /** The ledger's `host`. @default {os.hostname()} */
  hostTag?: string;
  /** Replacement content checks. */
  inspectors?: Inspectors;
  /** Index refresh; `false` skips it. @default {ltmReindexer} */
  reindex?: Reindexer | false;
  /** Git environment, timeout and identity. */
  git?: IngestGitOptions;
  /** The watcher's ledger cache. */
  state?: IngestState;
  /** How long to wait for another writer of the LTM repo. @default {120000} */
  lockWaitMs?: number;
  /** Receives what the repair before the commit found and did (a stale git lock, …). */
  warn?: (message: string) => void;
}

const STEPS = 5;

/**
 * Ingests one file into the LTM repository. The file is staged, hashed and
 * checked without the LTM lock (so checks of concurrent ingests overlap); then
 * it joins the next commit batch of this process (`commit_queue.ts`), which
 * repairs the repo, dedupes against the ledger and commits every waiting file
 * at once. The source is removed only once its file is committed (or found a
 * duplicate).
 *
 * @param config Paths (`ltmDir`, `watchDir`) and `maxDeltaBytes`.
 * @param store The store the index lives in (for the reindex).
 * @param path The file.
 * @param options Kind, source handling, push, clock, checks, git.
 * @returns What happened: `ingested`, `duplicate`, `quarantined` or `invalid`.
 * @throws {KitError} `INGEST_SOURCE_NOT_FOUND`, `INGEST_NOT_A_FILE`, `INGEST_EMPTY_FILE`,
 *   `DELTA_TOO_LARGE` (exit 2); `LTM_NOT_A_GIT_REPO`; `LOCKED` when another writer keeps the
 *   repo beyond `lockWaitMs`; `GIT_FAILED` when the commit fails (nothing of it stays in the
 *   ledger: a retry is no duplicate).
 *
 * @example
 * ```ts ignore
 * const result = await ingestDelta(config, store, "/sdcard/Download/MB__x.mips.json");
 * console.log(result.status, result.stored_path, result.git?.push_status);
 * ```
 */
export async function ingestDelta(
  config: Config,
  store: Store,
  path: string,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const started = performance.now();
  const clock = options.clock ?? systemClock;
  const gitOptions: GitOptions = {
    ...options.git,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const progress = options.progress ?? (() => {});
  const source = await checkSource(path);
  const name = basename(source);
  const inWatchDir = (await realPathOr(dirname(source))) === (await realPathOr(config.watchDir));
  const removeSource = options.removeSource ?? inWatchDir;
  const quarantine = options.quarantine ?? inWatchDir;
  const kindGuess = options.kind ?? recognizeName(name) ??
    (name.endsWith(".zip") ? "bundle" : "mips");
  const limit = config.maxDeltaBytes;
  if (kindGuess !== "bundle") checkDeltaSize(source, (await Deno.stat(source)).size, limit);
  const ltm = config.ltmDir;
  const gitDir = await requireGitRepo(ltm, gitOptions);
  progress(1, STEPS, "staging");
  const staged = await stageCopy(source, join(gitDir, LTM_GIT_PATHS.staging));
  try {
    const bytes = (await Deno.stat(staged)).size;
    // The source may have grown between the check and the copy.
    if (kindGuess !== "bundle") checkDeltaSize(source, bytes, limit);
    const sha256 = await sha256File(staged, options.signal);
    const base = { source, name, sha256, bytes, renamed: false };
    progress(2, STEPS, "validate");
    const inspection = await inspectFile(staged, {
      kind: kindGuess,
      name,
      ...(options.inspectors ? { inspectors: options.inspectors } : {}),
      signal: options.signal,
      bundleLimits: config.bundleLimits,
    });
    if (!inspection.ok) {
      const rejection = {
        code: inspection.code ?? "INGEST_REJECTED",
        reason: inspection.reason ?? `${name} failed validation`,
        ...(inspection.findings ? { findings: inspection.findings } : {}),
      };
      const result: IngestResult = {
        ...base,
        status: quarantine ? "quarantined" : "invalid",
        kind: inspection.kind,
        validator: inspection.validator,
        rejection,
        source_removed: quarantine,
        latest: "unchanged",
        duration_ms: 0,
      };
      if (quarantine) {
        result.quarantine = await quarantineFile(config.watchDir, source, {
          ts: isoUtc(clock.now()),
          source,
          sha256,
          bytes,
          kind: inspection.kind,
          ...rejection,
        });
      }
      result.duration_ms = elapsed(started);
      return result;
    }
    progress(3, STEPS, "commit");
    const outcome = await submitCommit({
      ltm,
      gitDir,
      store,
      staged,
      facts: {
        name,
        sha256,
        bytes,
        inspection,
        host: options.hostTag ?? safeHostname(),
        nowMs: clock.now(),
      },
      reindex: options.reindex ?? ltmReindexer,
      git: options.git ?? {},
      push: options.push !== false,
      state: options.state,
      lockWaitMs: options.lockWaitMs ?? 120_000,
      signal: options.signal,
      warn: options.warn,
    });
    if (removeSource) await Deno.remove(source).catch(() => {});
    if (outcome.status === "duplicate") {
      progress(5, STEPS, "duplicate");
      return {
        ...base,
        status: "duplicate",
        kind: kindGuess,
        source_removed: removeSource,
        latest: "unchanged",
        duration_ms: elapsed(started),
      };
    }
    progress(5, STEPS, outcome.git.push_status);
    const { recorded } = outcome;
    return {
      ...base,
      status: "ingested",
      kind: inspection.kind,
      hash_status: inspection.hash_status,
      validator: inspection.validator,
      stored_path: recorded.placement.relPath,
      renamed: recorded.placement.renamed,
      ledger_line: recorded.line,
      source_removed: removeSource,
      latest: outcome.latest,
      ...(outcome.reindex ? { reindex: outcome.reindex } : {}),
      git: outcome.git,
      duration_ms: elapsed(started),
    };
  } finally {
    await removeStaged(staged);
  }
}

function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 100) / 100;
}
