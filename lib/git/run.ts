/**
 * Runs git non-interactively: never a prompt (`GIT_TERMINAL_PROMPT=0`, ssh in
 * batch mode unless the caller set `GIT_SSH_COMMAND`, a no-op editor), C
 * locale so messages can be matched, an optional timeout and abort signal.
 *
 * @module
 */
import { KitError } from "../errors.ts";

/** Options of every git call. */
export interface GitOptions {
  /** Extra environment variables (e.g. `GIT_CONFIG_GLOBAL` in tests). */
  env?: Record<string, string>;
  /** Kill git after this long. @default {120000} */
  timeoutMs?: number;
  /** Aborts the call. */
  signal?: AbortSignal;
  /** The git executable. @default {"git"} */
  gitBinary?: string;
}

/** What a git call printed and returned. */
export interface GitResult {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/**
 * The environment every git call gets on top of the process's own.
 *
 * @param extra Caller additions (win over the defaults).
 * @returns The environment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gitEnv } from "./run.ts";
 * assert(gitEnv().GIT_TERMINAL_PROMPT === "0");
 * ```
 */
export function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    GIT_TERMINAL_PROMPT: "0",
    GCM_INTERACTIVE: "never",
    GIT_EDITOR: "true",
    GIT_SEQUENCE_EDITOR: "true",
    GIT_MERGE_AUTOEDIT: "no",
    LC_ALL: "C",
    LANGUAGE: "C",
  };
  let inherited: string | undefined;
  try {
    inherited = Deno.env.get("GIT_SSH_COMMAND");
  } catch { /* no env permission: use the default */ }
  if (inherited === undefined && extra.GIT_SSH_COMMAND === undefined) {
    env.GIT_SSH_COMMAND = "ssh -o BatchMode=yes -o ConnectTimeout=20";
  }
  return { ...env, ...extra };
}

/**
 * Runs `git -C dir ...args` and returns what it printed, whatever its exit code.
 *
 * @param dir The repository (or any folder).
 * @param args Git arguments.
 * @param options Environment, timeout, signal.
 * @returns Exit code, stdout, stderr.
 * @throws {KitError} `GIT_NOT_FOUND` when git is not installed; `GIT_TIMEOUT` when it ran too long.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runGit } from "./run.ts";
 * const r = await runGit(".", ["--version"]);
 * assert(r.code === 0 && r.stdout.startsWith("git version"));
 * ```
 */
export async function runGit(
  dir: string,
  args: readonly string[],
  options: GitOptions = {},
): Promise<GitResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(options.gitBinary ?? "git", {
      args: ["-C", dir, ...args],
      env: gitEnv(options.env),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal,
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new KitError("GIT_NOT_FOUND", "Cannot run git: it is not installed or not on PATH", {
        cause: error,
        exitCode: 2,
      });
    }
    throw error;
  }
  options.signal?.throwIfAborted();
  if (timeout.aborted) {
    throw new KitError(
      "GIT_TIMEOUT",
      `git ${args[0] ?? ""} in ${dir} did not finish within ${timeoutMs} ms`,
      { path: dir },
    );
  }
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * Runs git and returns its trimmed stdout, throwing when it fails.
 *
 * @param dir The repository.
 * @param args Git arguments.
 * @param options Environment, timeout, signal.
 * @returns Trimmed stdout.
 * @throws {KitError} `GIT_FAILED` (message = git's stderr), `GIT_NOT_FOUND`, `GIT_TIMEOUT`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { git } from "./run.ts";
 * assert((await git(".", ["--version"])).startsWith("git version"));
 * ```
 */
export async function git(
  dir: string,
  args: readonly string[],
  options: GitOptions = {},
): Promise<string> {
  const result = await runGit(dir, args, options);
  if (result.code !== 0) {
    const said = (result.stderr.trim() || result.stdout.trim()).split("\n").slice(-3).join(" | ");
    throw new KitError("GIT_FAILED", `git ${args.join(" ")} failed in ${dir}: ${said}`, {
      path: dir,
      details: { code: result.code, args: [...args] },
    });
  }
  return result.stdout.trim();
}
