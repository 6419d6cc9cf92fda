/**
 * Whether a child process can be cut off from the network here: the
 * `unshare` prefix that gives it a fresh, empty network namespace.
 *
 * @module
 */

let unshareCache: Promise<string[] | undefined> | undefined;

/**
 * The command prefix (`["unshare", "-n", "--"]`, else `["unshare", "-r", "-n", "--"]`)
 * that runs a child without network, probed once per process.
 *
 * @returns The prefix, or undefined when no network namespace can be made
 * (no `unshare` binary, or unprivileged user namespaces are disabled).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unsharePrefix } from "./network.ts";
 * const prefix = await unsharePrefix();
 * assert(prefix === undefined || prefix[0] === "unshare");
 * ```
 */
export function unsharePrefix(): Promise<string[] | undefined> {
  unshareCache ??= (async () => {
    for (const flags of [["-n"], ["-r", "-n"]]) {
      try {
        const out = await new Deno.Command("unshare", {
          args: [...flags, "--", "true"],
          stdout: "null",
          stderr: "null",
        }).output();
        if (out.success) return ["unshare", ...flags, "--"];
      } catch { /* no unshare binary */ }
    }
    return undefined;
  })();
  return unshareCache;
}
