/**
 * The watcher's heartbeat file `<dataDir>/state/watcher_heartbeat.json`
 * (watcher.md §5), rewritten atomically every loop; a status command or a
 * second instance reads it.
 *
 * @module
 */
import { dirname } from "node:path";
import { dataLayout } from "../layout.ts";
import { writeJsonAtomic } from "../fs/atomic_write.ts";
import { type WatcherHeartbeat, WatcherHeartbeatSchema } from "../../schemas/watcher.ts";

/**
 * Where the heartbeat lives under a data directory.
 *
 * @param dataDir The kit's data directory.
 * @returns `<dataDir>/state/watcher_heartbeat.json`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { heartbeatPath } from "./heartbeat.ts";
 * assert(heartbeatPath("/d") === "/d/state/watcher_heartbeat.json");
 * ```
 */
export function heartbeatPath(dataDir: string): string {
  return dataLayout(dataDir).watcher_heartbeat;
}

/**
 * Writes the heartbeat (temp file + rename), creating its folder.
 *
 * @param path The heartbeat file.
 * @param heartbeat Its content.
 * @returns Resolves once in place.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readHeartbeat, writeHeartbeat } from "./heartbeat.ts";
 * const dir = await Deno.makeTempDir();
 * const beat = { host: "h", pid: 1, version: "0.1.0", started_utc: "t", last_loop_utc: "t", pending_push: 0, quarantined: 0, errors_last_hour: 0 };
 * await writeHeartbeat(`${dir}/state/hb.json`, beat);
 * assert((await readHeartbeat(`${dir}/state/hb.json`))?.pid === 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeHeartbeat(path: string, heartbeat: WatcherHeartbeat): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await writeJsonAtomic(path, heartbeat);
}

/**
 * Reads the heartbeat.
 *
 * @param path The heartbeat file.
 * @returns The heartbeat, or `null` when missing or not a heartbeat.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readHeartbeat } from "./heartbeat.ts";
 * assert(await readHeartbeat("/nonexistent.json") === null);
 * ```
 */
export async function readHeartbeat(path: string): Promise<WatcherHeartbeat | null> {
  try {
    const parsed = WatcherHeartbeatSchema.safeParse(JSON.parse(await Deno.readTextFile(path)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
