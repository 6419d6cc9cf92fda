/**
 * Child processes: run a command with a deadline, an output cap, a controlled
 * environment and working folder, an abort signal and (on request) no network;
 * find executables on `PATH`. Shared by `boot --exec` (a bundle's own Python
 * launcher) and the living-image sandbox (a zero-permission Deno subprocess).
 *
 * @example Run a command without network, with a deadline
 * ```ts
 * import assert from "node:assert/strict";
 * import { runChild } from "./mod.ts";
 * const r = await runChild(["sh", "-c", "echo hi"], { network: "deny", timeoutMs: 5000, env: { PATH: "/usr/bin:/bin" } });
 * assert.equal(r.stdout, "hi\n");
 * assert(r.network === "unshare" || r.network === "env_only");
 * ```
 *
 * @module
 */
export * from "./network.ts";
export * from "./run_child.ts";
export * from "./which.ts";
