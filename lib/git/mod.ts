/**
 * Non-interactive git for the LTM repository: running git without prompts,
 * repository queries, per-file commits, push with pull-rebase on rejection
 * and exponential backoff for retries.
 *
 * @example Ask git for its version
 * ```ts
 * import assert from "node:assert/strict";
 * import { git } from "./mod.ts";
 * assert((await git(".", ["--version"])).startsWith("git version"));
 * ```
 *
 * @module
 */
export * from "./backoff.ts";
export * from "./repo.ts";
export * from "./run.ts";
export * from "./sync.ts";
export * from "./stale_locks.ts";
