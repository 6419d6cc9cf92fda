/**
 * The index refresh the watcher runs after each ingest and after pulls: the
 * LTM capability's `reindexLtm`, in quick mode (new and removed files; deltas
 * are never edited in place) with unparseable files indexed as QUARANTINED
 * rather than failing the ingest.
 *
 * @module
 */
import { reindexLtm } from "../ltm/mod.ts";
import type { Reindexer } from "./types.ts";

/**
 * Refreshes the LTM index of `ltmDir` in the store.
 *
 * @param store The store.
 * @param ltmDir The LTM repo.
 * @param options Abort signal.
 * @returns Resolves when the index is current.
 * @throws {KitError} `LTM_DIR_NOT_FOUND` when the folder is missing.
 *
 * @example Index a repo with one delta
 * ```ts
 * import assert from "node:assert/strict";
 * import { ltmReindexer } from "./reindex.ts";
 * import { openStore } from "../store/open.ts";
 * import { queryMipsIndex } from "../ltm/mod.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/A_v1.mips.json`, '{"delta_id":"A_v1","status":"ACTIVE"}');
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * await ltmReindexer(store, dir, {});
 * assert.equal((await queryMipsIndex(store, {})).total, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export const ltmReindexer: Reindexer = async (store, ltmDir, options) => {
  await reindexLtm(store, ltmDir, {
    quarantine: true,
    quick: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
};
