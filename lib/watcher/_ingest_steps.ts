/**
 * The named steps of {@linkcode ingestDelta} (`ingest.ts`): check the
 * source, read the ledger (cached between files), file the copy and record
 * it (ledger line, `recent.json`, `latest.json`), refresh the index, commit
 * and sync.
 *
 * @module
 */
import { resolve } from "node:path";
import { hostname } from "node:os";
import { KitError } from "../errors.ts";
import { writeJsonAtomic } from "../fs/atomic_write.ts";
import type { GitOptions } from "../git/run.ts";
import { commitPaths } from "../git/repo.ts";
import { isoUtc, utcMonth } from "../clock.ts";
import { LTM_PATHS, ltmFolderFor, ltmPath } from "../layout.ts";
import { appendChained } from "../ledger/append.ts";
import type { Store } from "../store/store.ts";
import type { GitSyncResult, IngestKind, IngestResult } from "../../schemas/watcher.ts";
import { buildRecentFeed, latestDeltaHashFile, updateLatestManifest } from "./feed.ts";
import { placeFile, type Placement } from "./filing.ts";
import type { ContentCheck } from "./inspect.ts";
import { type IngestLedger, readIngestLedger } from "./ledger.ts";
import { pendingAfterCommit, pushAfterCommit } from "./repo_sync.ts";
import type { IngestGitOptions, IngestState, Reindexer } from "./types.ts";

/**
 * The source file, checked: it exists, is a regular file, is not empty.
 *
 * @param path The path given.
 * @returns Its absolute path.
 * @throws {KitError} `INGEST_SOURCE_NOT_FOUND`, `INGEST_NOT_A_FILE`, `INGEST_EMPTY_FILE` (exit 2).
 */
export async function checkSource(path: string): Promise<string> {
  const source = resolve(path);
  const fail = (code: string, why: string) =>
    new KitError(code, `Cannot ingest ${source}: ${why}`, { path: source, exitCode: 2 });
  const info = await Deno.stat(source).catch((error) => {
    if (error instanceof Deno.errors.NotFound) {
      throw fail("INGEST_SOURCE_NOT_FOUND", "no such file");
    }
    throw error;
  });
  if (!info.isFile) throw fail("INGEST_NOT_A_FILE", "not a regular file");
  if (info.size === 0) throw fail("INGEST_EMPTY_FILE", "the file is empty");
  return source;
}

/**
 * Refuses a delta (or note) larger than the configured limit before anything
 * reads it whole (bundles are read in streams and have their own limits).
 *
 * @param path The file.
 * @param bytes Its size.
 * @param limit `config.maxDeltaBytes`.
 * @throws {KitError} `DELTA_TOO_LARGE` (exit 2) naming the file, its size and the limit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDeltaSize } from "./_ingest_steps.ts";
 * checkDeltaSize("/d/a.mips.json", 10, 10);
 * assert.throws(() => checkDeltaSize("/d/a.mips.json", 11, 10), { code: "DELTA_TOO_LARGE" });
 * ```
 */
export function checkDeltaSize(path: string, bytes: number, limit: number): void {
  if (bytes <= limit) return;
  throw new KitError(
    "DELTA_TOO_LARGE",
    `Cannot ingest ${path}: it is ${bytes} bytes, over the ${limit}-byte limit for one delta (maxDeltaBytes, MB_MAX_DELTA_BYTES)`,
    { path, exitCode: 2, details: { bytes, limit } },
  );
}

/**
 * The ingest ledger, from the watcher's cache while the file is unchanged.
 *
 * @param path The ledger file.
 * @param state The cache (none outside the watcher).
 * @returns The ledger.
 */
export async function loadLedger(
  path: string,
  state: IngestState | undefined,
): Promise<IngestLedger> {
  const key = await statKey(path);
  if (state?.ledger && state.key === key) return state.ledger;
  const ledger = await readIngestLedger(path);
  if (state) {
    state.ledger = ledger;
    state.key = key;
  }
  return ledger;
}

/** What {@linkcode fileAndAppend} did. */
export interface Recorded {
  /** The source's name. */
  name: string;
  placement: Placement;
  line: NonNullable<IngestResult["ledger_line"]>;
  ts: string;
}

/** The facts of one checked file, as a commit batch files it. */
export interface FileFacts {
  name: string;
  sha256: string;
  bytes: number;
  inspection: ContentCheck;
  host: string;
  nowMs: number;
}

/**
 * Files the staged copy under `deltas/` or `bundles/` (UTC month of now) and
 * appends its chained ledger line (under the LTM writer lock the caller holds).
 *
 * @param ltm The LTM repo.
 * @param staged The staged copy.
 * @param facts Name, hash, size, what the inspection found, host, time.
 * @param ledger The ledger read before (updated in place, and in the cache).
 * @param state The watcher's cache.
 * @returns Where it went and the ledger line.
 * @throws {KitError} `FILING_COLLISION` when both names hold other bytes.
 */
export async function fileAndAppend(
  ltm: string,
  staged: string,
  facts: FileFacts,
  ledger: IngestLedger,
  state: IngestState | undefined,
): Promise<Recorded> {
  const ts = isoUtc(facts.nowMs);
  const kind: IngestKind = facts.inspection.kind;
  const placement = await placeFile(staged, {
    repo: ltm,
    relDir: ltmFolderFor(kind, utcMonth(facts.nowMs)),
    name: facts.name,
    sha256: facts.sha256,
  });
  const ledgerPath = ltmPath(ltm, LTM_PATHS.ingest_ledger);
  // The LTM writer lock (held by the caller) serialises every writer of this ledger.
  const line = await appendChained(ledgerPath, {
    ts,
    path: placement.relPath,
    sha256: facts.sha256,
    bytes: facts.bytes,
    host: facts.host,
    kind,
    hash_status: facts.inspection.hash_status,
    validator: facts.inspection.validator,
  }, { lockPath: null });
  ledger.lines.push(line);
  ledger.shas.add(line.sha256);
  ledger.nextPrev = line.chain_sha256;
  if (state) {
    state.ledger = ledger;
    state.key = await statKey(ledgerPath);
  }
  return { name: facts.name, placement, line, ts };
}

/**
 * Rewrites `recent.json` from the ledger and adds the batch's deltas to `latest.json`.
 *
 * @param ltm The LTM repo.
 * @param ledger The ledger, with the batch's lines.
 * @param recorded What the batch filed.
 * @param ts The batch's time.
 * @returns The `latest.json` outcome (`unchanged` when only bundles were filed).
 */
export async function writeFeeds(
  ltm: string,
  ledger: IngestLedger,
  recorded: readonly Recorded[],
  ts: string,
): Promise<IngestResult["latest"]> {
  await writeJsonAtomic(ltmPath(ltm, LTM_PATHS.recent), buildRecentFeed(ledger.lines, ts));
  const add = [];
  for (const r of recorded) {
    if (r.line.kind === "bundle") continue;
    const path = r.placement.relPath;
    add.push({ path, sha256: await latestDeltaHashFile(ltmPath(ltm, path)) });
  }
  if (add.length === 0) return "unchanged";
  return await updateLatestManifest(ltmPath(ltm, LTM_PATHS.latest), {
    add,
    asOfUtc: ts,
    hashOf: (rel) => latestDeltaHashFile(ltmPath(ltm, rel)).catch(() => null),
  });
}

/**
 * Refreshes the index; a failure is reported in the result, not thrown.
 *
 * @param reindexer The refresh, or `false`.
 * @param store The store.
 * @param ltm The LTM repo.
 * @param signal Aborts it.
 * @returns The result's `reindex` field.
 */
export async function refreshIndex(
  reindexer: Reindexer | false,
  store: Store,
  ltm: string,
  signal: AbortSignal | undefined,
): Promise<IngestResult["reindex"]> {
  if (!reindexer) return undefined;
  try {
    await reindexer(store, ltm, { signal });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Commits what a batch wrote (`ingest: <name>` for one file, `ingest: N files (…)`
 * for more).
 *
 * @param ltm The LTM repo.
 * @param recorded What the batch filed.
 * @param latest The `latest.json` outcome.
 * @param options Git options and identity.
 * @returns The commit id, or `null` when nothing changed.
 * @throws {KitError} `GIT_FAILED` when the commit fails.
 */
export async function commitBatch(
  ltm: string,
  recorded: readonly Recorded[],
  latest: IngestResult["latest"],
  options: { git: GitOptions; identity?: IngestGitOptions["identity"] },
): Promise<string | null> {
  const paths: string[] = [...new Set(recorded.map((r) => r.placement.relPath))];
  paths.push(LTM_PATHS.ingest_ledger, LTM_PATHS.recent);
  if (latest !== "unchanged" && latest !== "skipped-unknown-shape") paths.push(LTM_PATHS.latest);
  const names = recorded.map((r) => r.name);
  const message = recorded.length === 1
    ? `ingest: ${recorded[0]!.name}`
    : `ingest: ${recorded.length} files (${names.slice(0, 3).join(", ")}${
      names.length > 3 ? ", …" : ""
    })`;
  return await commitPaths(ltm, paths, message, {
    ...options.git,
    ...(options.identity ? { identity: options.identity } : {}),
  });
}

/**
 * The git side of an ingest result: push after a commit, or count what is pending.
 *
 * @param ltm The LTM repo.
 * @param commit The commit made, or `null`.
 * @param options Git options, whether to push.
 * @returns The git side of the result.
 */
export async function syncAfterCommit(
  ltm: string,
  commit: string | null,
  options: { git: GitOptions; push: boolean },
): Promise<GitSyncResult> {
  return options.push
    ? await pushAfterCommit(ltm, commit, options.git)
    : await pendingAfterCommit(ltm, commit, options.git);
}

/**
 * This machine's name, or a stand-in where the platform will not tell.
 *
 * @returns The host name.
 */
export function safeHostname(): string {
  try {
    return hostname();
  } catch {
    return `deno-${Deno.build.os}`;
  }
}

/**
 * The real path of a path, or the path resolved when it does not exist.
 *
 * @param path The path.
 * @returns The canonical path.
 */
export async function realPathOr(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch {
    return resolve(path);
  }
}

async function statKey(path: string): Promise<string> {
  try {
    const s = await Deno.stat(path);
    return `${s.size}:${s.mtime?.getTime() ?? 0}`;
  } catch {
    return "missing";
  }
}
