/**
 * The per-file ingest pipeline shared by the watcher, `metablooms ingest`
 * and the MCP tool `ingest_delta`: stage a copy, hash, dedupe against the
 * ledger, check the content, file it under `deltas/` or `bundles/`, append
 * the chained ledger line, rewrite `recent.json`, update `latest.json`,
 * reindex, commit `ingest: <name>` and push.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { hostname } from "node:os";
import { KitError } from "../errors.ts";
import type { LongWorkOptions } from "../progress.ts";
import type { Config } from "../config.ts";
import type { SyncStore as Store } from "../store/_sync_store.ts";
import { writeJsonAtomic } from "../fs/atomic_write.ts";
import { sha256File } from "../fs/sha256.ts";
import type { GitOptions } from "../git/run.ts";
import { commitPaths, requireGitRepo } from "../git/repo.ts";
import type { GitSyncResult, IngestKind, IngestResult } from "../../schemas/watcher.ts";
import { type Clock, isoUtc, systemClock, utcMonth } from "../clock.ts";
import { LTM_GIT_PATHS, LTM_PATHS, ltmFolderFor, ltmPath } from "../layout.ts";
import { appendChained } from "../ledger/append.ts";
import { type IngestLedger, readIngestLedger } from "./ledger.ts";
import { buildRecentFeed, latestDeltaHash, updateLatestManifest } from "./feed.ts";
import { inspectFile, type Inspectors } from "./inspect.ts";
import { placeFile, quarantineFile, stageCopy } from "./filing.ts";
import { recognizeName } from "./recognize.ts";
import { ltmReindexer } from "./reindex.ts";
import { lockLtm, pendingAfterCommit, pushAfterCommit } from "./repo_sync.ts";

/** Refreshes the LTM index after the repo changed. */
export type Reindexer = (
  store: Store,
  ltmDir: string,
  options: { signal?: AbortSignal | undefined },
) => Promise<unknown>;

/** Git settings of the pipeline. */
export interface IngestGitOptions extends GitOptions {
  /** Author used when the repo has no `user.name`/`user.email`. @default {DEFAULT_IDENTITY} */
  identity?: { name: string; email: string };
}

/**
 * A cache the watcher keeps between files so the ledger is not re-read for
 * every file; it is re-read whenever the ledger file's size or mtime changed
 * (after a pull, or another writer).
 */
export interface IngestState {
  /** The cached ledger. */
  ledger?: IngestLedger;
  /** `size:mtime` of the ledger file when cached. */
  key?: string;
}

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
  /** How long to wait for another writer of the LTM repo. @default {30000} */
  lockWaitMs?: number;
}

const STEPS = 8;

/**
 * Ingests one file into the LTM repository.
 *
 * @param config Paths (`ltmDir`, `watchDir`).
 * @param store The store the index lives in (for the reindex).
 * @param path The file.
 * @param options Kind, source handling, push, clock, checks, git.
 * @returns What happened: `ingested`, `duplicate`, `quarantined` or `invalid`.
 * @throws {KitError} `INGEST_SOURCE_NOT_FOUND`, `INGEST_NOT_A_FILE`, `INGEST_EMPTY_FILE` (exit 2);
 *   `LTM_NOT_A_GIT_REPO`; `LOCKED` when another writer keeps the repo; `GIT_FAILED` when the commit fails.
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
  const source = resolve(path);
  const name = basename(source);
  const info = await Deno.stat(source).catch((error) => {
    if (error instanceof Deno.errors.NotFound) {
      throw new KitError("INGEST_SOURCE_NOT_FOUND", `Cannot ingest ${source}: no such file`, {
        path: source,
        exitCode: 2,
      });
    }
    throw error;
  });
  if (!info.isFile) {
    throw new KitError("INGEST_NOT_A_FILE", `Cannot ingest ${source}: not a regular file`, {
      path: source,
      exitCode: 2,
    });
  }
  if (info.size === 0) {
    throw new KitError("INGEST_EMPTY_FILE", `Cannot ingest ${source}: the file is empty`, {
      path: source,
      exitCode: 2,
    });
  }
  const inWatchDir = (await realPathOr(dirname(source))) === (await realPathOr(config.watchDir));
  const removeSource = options.removeSource ?? inWatchDir;
  const quarantine = options.quarantine ?? inWatchDir;
  const kindGuess = options.kind ?? recognizeName(name) ??
    (name.endsWith(".zip") ? "bundle" : "mips");
  const ltm = config.ltmDir;
  const gitDir = await requireGitRepo(ltm, gitOptions);
  await using _lock = await lockLtm(gitDir, { waitMs: options.lockWaitMs ?? 30_000 });
  progress(1, STEPS, "staging");
  const staged = await stageCopy(source, join(gitDir, LTM_GIT_PATHS.staging));
  try {
    const sha256 = await sha256File(staged, options.signal);
    const bytes = (await Deno.stat(staged)).size;
    const base = { source, name, sha256, bytes, renamed: false };
    progress(2, STEPS, "dedupe");
    const ledgerPath = ltmPath(ltm, LTM_PATHS.ingest_ledger);
    const ledger = await loadLedger(ledgerPath, options.state);
    if (ledger.shas.has(sha256)) {
      if (removeSource) await Deno.remove(source).catch(() => {});
      return {
        ...base,
        status: "duplicate",
        kind: kindGuess,
        source_removed: removeSource,
        latest: "unchanged",
        duration_ms: elapsed(started),
      };
    }
    progress(3, STEPS, "validate");
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
    progress(4, STEPS, "filing");
    const now = clock.now();
    const ts = isoUtc(now);
    const kind: IngestKind = inspection.kind;
    const placement = await placeFile(staged, {
      repo: ltm,
      relDir: ltmFolderFor(kind, utcMonth(now)),
      name,
      sha256,
    });
    // The LTM writer lock (held above) serialises every writer of this ledger.
    const line = await appendChained(ledgerPath, {
      ts,
      path: placement.relPath,
      sha256,
      bytes,
      host: options.hostTag ?? safeHostname(),
      kind,
      hash_status: inspection.hash_status,
      validator: inspection.validator,
    }, { lockPath: null });
    rememberLine(options.state, ledger, line);
    if (options.state) options.state.key = await statKey(ledgerPath);
    if (removeSource) await Deno.remove(source).catch(() => {});
    progress(5, STEPS, "manifests");
    await writeJsonAtomic(ltmPath(ltm, LTM_PATHS.recent), buildRecentFeed(ledger.lines, ts));
    const latest = kind === "bundle" ? "unchanged" : await updateLatestManifest(
      ltmPath(ltm, LTM_PATHS.latest),
      {
        add: [{
          path: placement.relPath,
          sha256: latestDeltaHash(await Deno.readFile(join(ltm, placement.relPath))),
        }],
        asOfUtc: ts,
        hashOf: async (rel) => {
          try {
            return latestDeltaHash(await Deno.readFile(join(ltm, rel)));
          } catch {
            return null;
          }
        },
      },
    );
    progress(6, STEPS, "reindex");
    let reindex: IngestResult["reindex"];
    const reindexer = options.reindex ?? ltmReindexer;
    if (reindexer) {
      try {
        await reindexer(store, ltm, { signal: options.signal });
        reindex = { ok: true };
      } catch (error) {
        reindex = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }
    progress(7, STEPS, "commit");
    const commitOptions = {
      ...gitOptions,
      ...(options.git?.identity ? { identity: options.git.identity } : {}),
    };
    const paths: string[] = [placement.relPath, LTM_PATHS.ingest_ledger, LTM_PATHS.recent];
    if (latest !== "unchanged" && latest !== "skipped-unknown-shape") paths.push(LTM_PATHS.latest);
    const commit = await commitPaths(ltm, paths, `ingest: ${name}`, commitOptions);
    progress(8, STEPS, "push");
    const gitResult: GitSyncResult = options.push === false
      ? await pendingAfterCommit(ltm, commit, gitOptions)
      : await pushAfterCommit(ltm, commit, gitOptions);
    return {
      ...base,
      status: "ingested",
      kind,
      hash_status: inspection.hash_status,
      validator: inspection.validator,
      stored_path: placement.relPath,
      renamed: placement.renamed,
      ledger_line: line,
      source_removed: removeSource,
      latest,
      ...(reindex ? { reindex } : {}),
      git: gitResult,
      duration_ms: elapsed(started),
    };
  } finally {
    await Deno.remove(dirname(staged), { recursive: true }).catch(() => {});
  }
}

async function loadLedger(path: string, state: IngestState | undefined): Promise<IngestLedger> {
  const key = await statKey(path);
  if (state?.ledger && state.key === key) return state.ledger;
  const ledger = await readIngestLedger(path);
  if (state) {
    state.ledger = ledger;
    state.key = key;
  }
  return ledger;
}

function rememberLine(
  state: IngestState | undefined,
  ledger: IngestLedger,
  line: IngestLedger["lines"][number],
): void {
  ledger.lines.push(line);
  ledger.shas.add(line.sha256);
  ledger.nextPrev = line.chain_sha256 ?? null;
  if (state) state.ledger = ledger;
}

async function statKey(path: string): Promise<string> {
  try {
    const s = await Deno.stat(path);
    return `${s.size}:${s.mtime?.getTime() ?? 0}`;
  } catch {
    return "missing";
  }
}

async function realPathOr(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch {
    return resolve(path);
  }
}

function safeHostname(): string {
  try {
    return hostname();
  } catch {
    return `deno-${Deno.build.os}`;
  }
}

function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 100) / 100;
}
