/**
 * The LTM repo's write side shared by the ingest pipeline and the watcher:
 * the one-writer lock, committing what an interrupted ingest left behind,
 * and the push (or pending count) after a commit.
 *
 * @module
 */
import { join } from "node:path";
import { acquireLock, type LockHandle } from "../fs/lock.ts";
import { LTM_GIT_PATHS, LTM_PATHS } from "../layout.ts";
import { git, type GitOptions } from "../git/run.ts";
import { commitPaths, pendingPushCount } from "../git/repo.ts";
import { pushPending } from "../git/sync.ts";
import type { GitSyncResult } from "../../schemas/watcher.ts";
import { resolveManifestConflicts } from "./merge.ts";
import type { IngestGitOptions } from "./types.ts";

/**
 * Takes the LTM repo's writer lock (`<gitDir>/metablooms-ingest.lock`): one
 * writer at a time (the watcher, `metablooms ingest`, the MCP tool) for
 * ledger appends, commits, pulls and pushes.
 *
 * @param gitDir The repo's git folder ({@linkcode requireGitRepo} returns it).
 * @param options How long to wait for another writer (real time: the other writer is another process).
 * @returns The held lock; release it (or `await using`).
 * @throws {KitError} `LOCKED` when another writer keeps it beyond `waitMs`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lockLtm } from "./repo_sync.ts";
 * const gitDir = await Deno.makeTempDir();
 * const lock = await lockLtm(gitDir);
 * await assert.rejects(lockLtm(gitDir, { waitMs: 0 }), { code: "LOCKED" });
 * await lock.release();
 * await Deno.remove(gitDir, { recursive: true });
 * ```
 */
export function lockLtm(
  gitDir: string,
  options: { waitMs?: number } = {},
): Promise<LockHandle> {
  return acquireLock(join(gitDir, LTM_GIT_PATHS.lock), {
    waitMs: options.waitMs ?? 30_000,
    staleAfterMs: 10 * 60_000,
    purpose: "LTM writer",
  });
}

/**
 * Commits whatever ingest left uncommitted under `deltas/`, `bundles/` and
 * `manifests/` (after a failed commit or a crash) as `ingest: recover N files`.
 *
 * @param ltmDir The LTM repo.
 * @param options Git options and identity.
 * @returns The new commit id, or `null` when nothing was pending.
 * @throws {KitError} `GIT_FAILED` when git refuses.
 *
 * @example
 * ```ts ignore
 * await recoverUncommitted(config.ltmDir);
 * ```
 */
export async function recoverUncommitted(
  ltmDir: string,
  options: IngestGitOptions = {},
): Promise<string | null> {
  const areas = LTM_PATHS.ingest_areas;
  const status = await git(
    ltmDir,
    ["status", "--porcelain", "--untracked-files=all", "--", ...areas],
    options,
  );
  const files = status.split("\n").filter(Boolean).map((l) => l.slice(3).replace(/^"|"$/g, ""));
  if (files.length === 0) return null;
  const existing = [];
  for (const area of areas) {
    if (await Deno.stat(join(ltmDir, area)).then(() => true, () => false)) existing.push(area);
  }
  return await commitPaths(
    ltmDir,
    existing,
    `ingest: recover ${files.length} file${files.length === 1 ? "" : "s"}`,
    options,
  );
}

/**
 * Pushes after a commit (pull --rebase and manifest merge on rejection).
 *
 * @param ltm The LTM repo.
 * @param commit The commit just made, or `null`.
 * @param options Git options.
 * @returns The git side of the ingest result.
 *
 * @example
 * ```ts ignore
 * const git = await pushAfterCommit(ltmDir, commitId, {});
 * ```
 */
export async function pushAfterCommit(
  ltm: string,
  commit: string | null,
  options: GitOptions,
): Promise<GitSyncResult> {
  const outcome = await pushPending(ltm, {
    ...options,
    resolveConflicts: resolveManifestConflicts,
  });
  const pushed = outcome.status === "pushed" || outcome.status === "rebased" ||
    outcome.status === "up-to-date";
  return {
    committed: commit !== null,
    ...(commit ? { commit } : {}),
    pushed,
    pending_push: outcome.pending,
    push_status: outcome.status,
    ...(outcome.error ? { push_error: outcome.error } : {}),
  };
}

/**
 * The git side of an ingest that does not push (the watcher pushes per loop).
 *
 * @param ltm The LTM repo.
 * @param commit The commit just made, or `null`.
 * @param options Git options.
 * @returns The git side of the ingest result, `push_status: "skipped"`.
 *
 * @example
 * ```ts ignore
 * const git = await pendingAfterCommit(ltmDir, commitId, {});
 * ```
 */
export async function pendingAfterCommit(
  ltm: string,
  commit: string | null,
  options: GitOptions,
): Promise<GitSyncResult> {
  const pending = await pendingPushCount(ltm, options);
  return {
    committed: commit !== null,
    ...(commit ? { commit } : {}),
    pushed: pending === 0,
    pending_push: pending,
    push_status: "skipped",
  };
}
