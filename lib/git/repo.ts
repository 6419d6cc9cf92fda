/**
 * Repository queries and the per-file commit: is this a work tree, which
 * branch and upstream, how many commits wait to be pushed, and a commit of
 * exactly the given paths with an explicit author when none is configured.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import { git, type GitOptions, runGit } from "./run.ts";

/** The author used when the repository has no `user.name` / `user.email`. */
export const DEFAULT_IDENTITY: { name: string; email: string } = {
  name: "MetaBlooms watcher",
  email: "watcher@metablooms.invalid",
};

/**
 * The work tree top and the git folder of `dir`, in one git call.
 *
 * @param dir The folder.
 * @param options Git options.
 * @returns `{top, gitDir}`, or `null` when `dir` is not inside a work tree.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { repoPaths } from "./repo.ts";
 * assert(await repoPaths("/") === null);
 * ```
 */
export async function repoPaths(
  dir: string,
  options: GitOptions = {},
): Promise<{ top: string; gitDir: string } | null> {
  const r = await runGit(dir, ["rev-parse", "--show-toplevel", "--absolute-git-dir"], options)
    .catch(() => null);
  if (!r || r.code !== 0) return null;
  const [top, gitDir] = r.stdout.trim().split("\n");
  return top && gitDir ? { top, gitDir } : null;
}

/**
 * Whether `dir` is the top of a git work tree.
 *
 * @param dir The folder.
 * @param options Git options.
 * @returns True when `dir` is a repository's top level.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isGitRepo } from "./repo.ts";
 * assert(!(await isGitRepo("/")));
 * ```
 */
export async function isGitRepo(dir: string, options: GitOptions = {}): Promise<boolean> {
  return (await topLevelGitDir(dir, options)) !== null;
}

async function topLevelGitDir(dir: string, options: GitOptions): Promise<string | null> {
  const paths = await repoPaths(dir, options);
  if (!paths) return null;
  try {
    return (await Deno.realPath(paths.top)) === (await Deno.realPath(dir)) ? paths.gitDir : null;
  } catch {
    return null;
  }
}

/**
 * Fails unless `dir` is a git work tree's top level.
 *
 * @param dir The folder.
 * @param options Git options.
 * @returns The absolute git folder (`<dir>/.git` usually).
 * @throws {KitError} `LTM_NOT_A_GIT_REPO` (exit 2).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requireGitRepo } from "./repo.ts";
 * await assert.rejects(requireGitRepo("/"), { code: "LTM_NOT_A_GIT_REPO" });
 * ```
 */
export async function requireGitRepo(dir: string, options: GitOptions = {}): Promise<string> {
  const gitDir = await topLevelGitDir(dir, options);
  if (gitDir === null) {
    throw new KitError(
      "LTM_NOT_A_GIT_REPO",
      `The LTM folder ${dir} is not a git repository (clone metablooms-ltm there, or set ltmDir)`,
      { path: dir, exitCode: 2 },
    );
  }
  return gitDir;
}

/**
 * `-c user.name=… -c user.email=…` for whichever identity setting the
 * repository (with global config) lacks.
 *
 * @param dir The repository.
 * @param identity The identity to fall back to. @default {DEFAULT_IDENTITY}
 * @param options Git options.
 * @returns Arguments to put before the git subcommand.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { identityArgs } from "./repo.ts";
 * const args = await identityArgs("/", { name: "n", email: "e@x" }, { env: { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
 * assert(args.join(" ") === "-c user.name=n -c user.email=e@x");
 * ```
 */
export async function identityArgs(
  dir: string,
  identity: { name: string; email: string } = DEFAULT_IDENTITY,
  options: GitOptions = {},
): Promise<string[]> {
  const r = await runGit(dir, ["config", "--get-regexp", "^user\\.(name|email)$"], options);
  const set = new Set(
    r.stdout.split("\n").filter((l) => /^user\.\w+ \S/.test(l)).map((l) => l.split(" ")[0]),
  );
  const args: string[] = [];
  for (const key of ["name", "email"] as const) {
    if (!set.has(`user.${key}`)) args.push("-c", `user.${key}=${identity[key]}`);
  }
  return args;
}

/**
 * Commits exactly the given paths (added first; other staged changes are
 * left out).
 *
 * @param dir The repository.
 * @param paths Paths relative to `dir`.
 * @param message Commit message.
 * @param options Git options and the fallback identity.
 * @returns The new commit id, or `null` when the paths had no change.
 * @throws {KitError} `GIT_FAILED` when git refuses.
 *
 * @example
 * ```ts ignore
 * const id = await commitPaths(ltmDir, ["deltas/2026-01/a.mips.json"], "ingest: a.mips.json");
 * ```
 */
export async function commitPaths(
  dir: string,
  paths: readonly string[],
  message: string,
  options: GitOptions & { identity?: { name: string; email: string } } = {},
): Promise<string | null> {
  await git(dir, ["add", "--", ...paths], options);
  const who = await identityArgs(dir, options.identity, options);
  const r = await runGit(
    dir,
    [...who, "commit", "--quiet", "--no-verify", "-m", message, "--", ...paths],
    options,
  );
  if (r.code !== 0) {
    if (/nothing to commit|nothing added to commit|no changes added/i.test(r.stdout + r.stderr)) {
      return null;
    }
    const said = (r.stderr.trim() || r.stdout.trim()).split("\n").slice(-3).join(" | ");
    throw new KitError("GIT_FAILED", `git commit failed in ${dir}: ${said}`, {
      path: dir,
      details: { code: r.code, args: ["commit"] },
    });
  }
  return await git(dir, ["rev-parse", "HEAD"], options);
}

/** Branch, upstream and how far ahead of it, from one `git status`. */
export interface BranchInfo {
  /** Current branch, `null` when detached. */
  branch: string | null;
  /** Upstream (`origin/main`), `null` when none is set. */
  upstream: string | null;
  /** The remote to push to: the upstream's, else `origin`, else the first remote, else `null`. */
  remote: string | null;
  /** Local commits the upstream lacks (every commit of HEAD when there is a remote but no upstream). */
  ahead: number;
}

/**
 * Reads the current branch, its upstream, the remote to push to and how many
 * commits wait to be pushed (`git status --porcelain=v2 --branch`; `git
 * remote` only when there is no upstream).
 *
 * @param dir The repository.
 * @param options Git options.
 * @returns Branch info.
 * @throws {KitError} `GIT_FAILED` when `dir` is not a repository.
 *
 * @example
 * ```ts ignore
 * const { branch, upstream, ahead } = await branchInfo(ltmDir);
 * ```
 */
export async function branchInfo(dir: string, options: GitOptions = {}): Promise<BranchInfo> {
  const status = await git(
    dir,
    ["status", "--porcelain=v2", "--branch", "--untracked-files=no", "--ignore-submodules"],
    options,
  );
  const header = (key: string) =>
    status.split("\n").find((l) => l.startsWith(`# branch.${key} `))?.slice(
      `# branch.${key} `.length,
    );
  const head = header("head");
  const branch = head && head !== "(detached)" ? head : null;
  const upstream = header("upstream") ?? null;
  const ab = /^\+(\d+) -\d+$/.exec(header("ab") ?? "");
  let remote: string | null = null;
  let ahead = ab ? Number(ab[1]) : 0;
  if (upstream && branch) {
    const r = await runGit(dir, ["config", `branch.${branch}.remote`], options);
    remote = r.code === 0 && r.stdout.trim() ? r.stdout.trim() : upstream.split("/")[0]!;
  } else {
    const remotes = (await runGit(dir, ["remote"], options)).stdout.split("\n").filter(Boolean);
    remote = remotes.includes("origin") ? "origin" : remotes[0] ?? null;
    if (remote && header("oid") !== "(initial)") {
      const count = await runGit(dir, ["rev-list", "--count", "HEAD"], options);
      ahead = count.code === 0 ? Number(count.stdout.trim()) || 0 : 0;
    } else ahead = 0;
  }
  return { branch, upstream, remote, ahead };
}

/**
 * How many local commits the remote does not have (`@{u}..HEAD`; without an
 * upstream, every commit of HEAD when a remote exists).
 *
 * @param dir The repository.
 * @param options Git options.
 * @returns The count (0 without a remote or without commits).
 *
 * @example
 * ```ts ignore
 * if (await pendingPushCount(ltmDir) > 0) await pushPending(ltmDir);
 * ```
 */
export async function pendingPushCount(dir: string, options: GitOptions = {}): Promise<number> {
  const info = await branchInfo(dir, options);
  return info.remote ? info.ahead : 0;
}
