/**
 * Pushing and pulling for a repository written by more than one machine:
 * push what is pending; when the remote rejects it, `git pull --rebase`
 * (conflicts go to a caller-supplied resolver, else the rebase is aborted)
 * and push again.
 *
 * @module
 */
import { isAbsolute, join } from "node:path";
import { git, type GitOptions, runGit } from "./run.ts";
import { branchInfo, identityArgs } from "./repo.ts";

/**
 * Resolves the conflicted files of a stopped rebase in the work tree (the
 * caller stages them); returns false to give up (the rebase is aborted).
 */
export type ConflictResolver = (
  dir: string,
  files: string[],
  options: GitOptions,
) => Promise<boolean>;

/** Options of {@linkcode pullRebase} and {@linkcode pushPending}. */
export interface SyncOptions extends GitOptions {
  /** Resolves rebase conflicts. @default {none: conflicts abort the rebase} */
  resolveConflicts?: ConflictResolver;
  /** Pull-rebase-push rounds after a rejected push. @default {3} */
  maxRebases?: number;
  /** Committer used for rebased commits when the repo has no identity. @default {DEFAULT_IDENTITY} */
  identity?: { name: string; email: string };
}

/** The outcome of {@linkcode pullRebase}. */
export interface PullOutcome {
  /** The pull (and rebase) completed. */
  ok: boolean;
  /** HEAD changed (new commits from the remote, or ours rebased). */
  changed: boolean;
  /** Why it failed. */
  error?: string;
}

/** The outcome of {@linkcode pushPending}. */
export interface PushOutcome {
  /** `pushed`, `rebased` (pushed after pull --rebase), `up-to-date`, `no-remote`, `failed`. */
  status: "pushed" | "rebased" | "up-to-date" | "no-remote" | "failed";
  /** Whether the push was rejected by the remote at least once. */
  rejected: boolean;
  /** Commits still not on the remote. */
  pending: number;
  /** Whether a pull changed HEAD (the caller may re-read manifests or reindex). */
  pulled: boolean;
  /** Why it failed. */
  error?: string;
}

const REJECTED =
  /\[rejected\]|\[remote rejected\]|non-fast-forward|fetch first|Updates were rejected|stale info/i;

/**
 * Whether a rebase is stopped in the repository.
 *
 * @param dir The repository.
 * @param options Git options.
 * @returns True while `rebase-merge` or `rebase-apply` exists.
 *
 * @example
 * ```ts ignore
 * if (await rebaseInProgress(ltmDir)) await git(ltmDir, ["rebase", "--abort"]);
 * ```
 */
export async function rebaseInProgress(dir: string, options: GitOptions = {}): Promise<boolean> {
  for (const name of ["rebase-merge", "rebase-apply"]) {
    const p = await git(dir, ["rev-parse", "--git-path", name], options);
    try {
      await Deno.stat(isAbsolute(p) ? p : join(dir, p));
      return true;
    } catch { /* not there */ }
  }
  return false;
}

/**
 * `git pull --rebase --autostash`, resolving conflicts with the resolver.
 *
 * @param dir The repository.
 * @param options Git options and the conflict resolver.
 * @returns Whether it worked and whether HEAD moved.
 *
 * @example
 * ```ts ignore
 * const { ok, error } = await pullRebase(ltmDir, { resolveConflicts });
 * ```
 */
export async function pullRebase(dir: string, options: SyncOptions = {}): Promise<PullOutcome> {
  const info = await branchInfo(dir, options);
  if (!info.remote) return { ok: true, changed: false };
  const before = (await runGit(dir, ["rev-parse", "HEAD"], options)).stdout.trim();
  // Rebasing writes commits, so it needs a committer identity like a commit does.
  const who = await identityArgs(dir, options.identity, options);
  const args = info.upstream
    ? [...who, "pull", "--rebase", "--autostash", "--quiet"]
    : [...who, "pull", "--rebase", "--autostash", "--quiet", info.remote, info.branch ?? "HEAD"];
  const pulled = await runGit(dir, args, options);
  if (pulled.code !== 0 && !(await rebaseInProgress(dir, options))) {
    return { ok: false, changed: false, error: lastLines(pulled) };
  }
  const resolved = await finishRebase(dir, who, options);
  if (!resolved.ok) return { ok: false, changed: false, error: resolved.error };
  const after = (await runGit(dir, ["rev-parse", "HEAD"], options)).stdout.trim();
  return { ok: true, changed: before !== after };
}

async function finishRebase(
  dir: string,
  who: string[],
  options: SyncOptions,
): Promise<{ ok: true } | { ok: false; error: string }> {
  for (let round = 0; round < 1000; round++) {
    if (!(await rebaseInProgress(dir, options))) return { ok: true };
    const conflicted = (await git(dir, ["diff", "--name-only", "--diff-filter=U"], options))
      .split("\n").filter(Boolean);
    if (conflicted.length > 0) {
      const ok = options.resolveConflicts
        ? await options.resolveConflicts(dir, conflicted, options).catch(() => false)
        : false;
      if (!ok) {
        await runGit(dir, ["rebase", "--abort"], options);
        return { ok: false, error: `rebase conflict in ${conflicted.join(", ")} (rebase aborted)` };
      }
      await git(dir, ["add", "--", ...conflicted], options);
    }
    const next = await runGit(dir, [...who, "rebase", "--continue"], options);
    if (next.code === 0) continue;
    const said = next.stdout + next.stderr;
    const stillConflicted = (await runGit(dir, ["diff", "--name-only", "--diff-filter=U"], options))
      .stdout.trim() !== "";
    if (stillConflicted) continue; // the next commit conflicts: resolve it in the next round
    if (/nothing to commit|no changes|empty/i.test(said)) {
      // Our commit became empty (the remote already has the same change).
      const skip = await runGit(dir, [...who, "rebase", "--skip"], options);
      if (skip.code === 0) continue;
    }
    if (!(await rebaseInProgress(dir, options))) return { ok: true };
    await runGit(dir, ["rebase", "--abort"], options);
    return { ok: false, error: `rebase could not continue: ${lastLines(next)} (rebase aborted)` };
  }
  await runGit(dir, ["rebase", "--abort"], options);
  return { ok: false, error: "rebase did not finish (rebase aborted)" };
}

/**
 * Pushes the commits the remote does not have; on a rejected push, pulls
 * with rebase and pushes again (up to `maxRebases` rounds). Sets the
 * upstream on the first push of a branch.
 *
 * @param dir The repository.
 * @param options Git options, conflict resolver, rounds.
 * @returns The outcome, never throwing for remote failures.
 * @throws {KitError} `GIT_NOT_FOUND` when git is missing.
 *
 * @example
 * ```ts ignore
 * const outcome = await pushPending(ltmDir, { resolveConflicts: resolveManifestConflicts });
 * if (outcome.status === "failed") scheduleRetry();
 * ```
 */
export async function pushPending(dir: string, options: SyncOptions = {}): Promise<PushOutcome> {
  let rejected = false;
  let pulled = false;
  const rounds = options.maxRebases ?? 3;
  for (let round = 0;; round++) {
    const info = await branchInfo(dir, options);
    if (!info.remote) return { status: "no-remote", rejected, pending: 0, pulled };
    const pending = info.ahead;
    if (pending === 0) {
      return { status: round === 0 ? "up-to-date" : "rebased", rejected, pending, pulled };
    }
    const target = info.upstream?.startsWith(`${info.remote}/`)
      ? info.upstream.slice(info.remote.length + 1)
      : info.branch ?? "HEAD";
    const args = info.upstream
      ? ["push", "--quiet", info.remote, `HEAD:refs/heads/${target}`]
      : ["push", "--quiet", "-u", info.remote, "HEAD"];
    const pushed = await runGit(dir, args, options);
    if (pushed.code === 0) {
      // A plain push updates the remote-tracking ref; without an upstream, -u sets it.
      const left = (await branchInfo(dir, options)).ahead;
      return { status: rejected ? "rebased" : "pushed", rejected, pending: left, pulled };
    }
    const said = pushed.stdout + pushed.stderr;
    if (!REJECTED.test(said) || round >= rounds) {
      return { status: "failed", rejected, pending, pulled, error: lastLines(pushed) };
    }
    rejected = true;
    const pull = await pullRebase(dir, options);
    if (!pull.ok) {
      return { status: "failed", rejected, pending, pulled, error: pull.error ?? "pull failed" };
    }
    pulled = pulled || pull.changed;
  }
}

function lastLines(r: { stdout: string; stderr: string }): string {
  return (r.stderr.trim() || r.stdout.trim()).split("\n").filter(Boolean).slice(-3).join(" | ");
}
