/**
 * The LTM repo's write side shared by the ingest pipeline and the watcher:
 * the one-writer lock and the push (or pending count) after a commit.
 *
 * @module
 */
import { join } from "node:path";
import { acquireLock, type LockHandle } from "../fs/lock.ts";
import { LTM_GIT_PATHS } from "../layout.ts";
import type { GitOptions } from "../git/run.ts";
import { pendingPushCount } from "../git/repo.ts";
import { pushPending } from "../git/sync.ts";
import type { GitSyncResult } from "../../schemas/watcher.ts";
import { resolveManifestConflicts } from "./merge.ts";

/**
 * Takes the LTM repo's writer lock (`<gitDir>/metablooms-ingest.lock`): one
 * writer at a time (the watcher, `metablooms ingest`, the MCP tool) for
 * ledger appends, commits, pulls and pushes.
 *
 * @param gitDir The repo's git folder ({@linkcode requireGitRepo} returns it).
 * @param options How long to wait for another writer (real time: the other writer is another
 *   process; the wait backs off). @default {120000 ms}
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
    waitMs: options.waitMs ?? 120_000,
    staleAfterMs: 10 * 60_000,
    purpose: "LTM writer",
  });
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
