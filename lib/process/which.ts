/**
 * Finds an executable the way a shell does: a path is taken as it is, a bare
 * name is looked up in each folder of `PATH`.
 *
 * @module
 */
import { delimiter, join } from "node:path";

/**
 * The candidate files for an executable name, in `PATH` order (only files that exist).
 *
 * @param name A bare name (`python3`) or a path (`/usr/bin/python3`).
 * @param path The search path. @default {Deno.env.get("PATH")}
 * @returns Existing files, first match first (empty when none).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findOnPath } from "./which.ts";
 * assert((await findOnPath("sh")).length > 0);
 * assert.deepEqual(await findOnPath("no-such-program-xyz"), []);
 * ```
 */
export async function findOnPath(name: string, path?: string): Promise<string[]> {
  const candidates = name.includes("/")
    ? [name]
    : (path ?? Deno.env.get("PATH") ?? "").split(delimiter).filter(Boolean).map((d) =>
      join(d, name)
    );
  const found: string[] = [];
  for (const candidate of candidates) {
    try {
      if ((await Deno.stat(candidate)).isFile) found.push(candidate);
    } catch { /* not there */ }
  }
  return found;
}
