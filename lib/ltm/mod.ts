/**
 * The LTM index: a SQLite (FTS5) index of an LTM folder's MIPS deltas —
 * incremental reindex, search, lookup, dependency graph, export as
 * MIPS_INDEX_CORE / MIPS_GRAPH_CORE. Its two hash-chained ledgers are written
 * and verified by `lib/ledger/`.
 *
 * @example Index a folder and search it
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { queryMipsIndex, reindexLtm } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/Note.txt`, "tea timer notes");
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * await reindexLtm(store, dir);
 * assert.equal((await queryMipsIndex(store, { text: "tea" })).total, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./export.ts";
export * from "./get.ts";
export * from "./graph.ts";
export * from "./posture.ts";
export * from "./query.ts";
export * from "./reindex.ts";
export * from "./render.ts";
export * from "./store_component.ts";
export * from "../../schemas/ltm.ts";
