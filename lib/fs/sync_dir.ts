/**
 * Makes a rename durable: fsync the folder that holds the renamed entry.
 *
 * @module
 */

/**
 * fsyncs a directory so that a rename inside it survives a power cut. Best
 * effort: on a platform that cannot sync a directory (Windows), nothing
 * happens and the rename is still atomic.
 *
 * @param dir The folder.
 * @returns Resolves once synced (or when syncing is not supported).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { syncDir } from "./sync_dir.ts";
 * const dir = await Deno.makeTempDir();
 * await syncDir(dir);
 * await syncDir(`${dir}/missing`); // never throws
 * assert((await Deno.stat(dir)).isDirectory);
 * await Deno.remove(dir);
 * ```
 */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await Deno.open(dir, { read: true });
    try {
      await handle.sync();
    } finally {
      handle.close();
    }
  } catch { /* not supported on this platform: the rename is still atomic */ }
}
