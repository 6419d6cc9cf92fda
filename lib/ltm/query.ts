/**
 * Searches the MIPS index: full text (FTS5, ranked by bm25, with snippets)
 * combined with filters on module id, posture, time range, format and
 * self-hash status, paged.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import type { MipsHit, MipsQuery, MipsQueryResult, RuntimePosture } from "../../schemas/ltm.ts";
import { HASH_RECIPES, MIPS_FORMATS, type MipsFormat } from "../../schemas/mips.ts";
import { normalizeTimestamp } from "../mips/timestamps.ts";
import type { SyncStore as Store } from "../store/_sync_store.ts";
import { getMeta, migrateLtm, stmt } from "./_db.ts";

const POSTURES = ["ACTIVE", "OPTIONAL", "HISTORICAL", "QUARANTINED"];
const STATUSES = ["VERIFIED", "MISMATCH", "UNVERIFIABLE", "ABSENT"];

/**
 * Queries the index.
 *
 * @param store The store holding the index.
 * @param query Text and filters; all optional.
 * @returns `{total, offset, limit, results}`: best bm25 first with a text query, newest first without.
 * @throws {UsageError} For an unknown posture, format or hash status, or an unreadable date.
 *
 * @example Find a delta by a word of its body
 * ```ts
 * import assert from "node:assert/strict";
 * import { SyncStore as Store } from "../store/_sync_store.ts";
 * import { reindexLtm } from "./reindex.ts";
 * import { queryMipsIndex } from "./query.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/A_v1.mips.json`, '{"delta_id":"A_v1","description":"Widgets ship blue"}');
 * using store = await Store.open(":memory:");
 * await reindexLtm(store, dir);
 * const { total, results } = queryMipsIndex(store, { text: "blue" });
 * assert(total === 1 && results[0]?.snippet.includes("[blue]"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function queryMipsIndex(store: Store, query: MipsQuery = {}): MipsQueryResult {
  migrateLtm(store);
  const limit = Math.max(1, Math.min(500, Math.trunc(query.limit ?? 20)));
  const offset = Math.max(0, Math.trunc(query.offset ?? 0));
  const where: string[] = [];
  const params: Array<string | number> = [];

  const match = query.text === undefined ? undefined : ftsQuery(query.text);
  if (query.module_id !== undefined && query.module_id !== "") {
    if (query.module_id.includes("*")) {
      where.push("f.module_id GLOB ?");
      params.push(query.module_id);
    } else {
      where.push("f.module_id = ?");
      params.push(query.module_id);
    }
  }
  if (query.posture !== undefined) {
    const p = query.posture.toUpperCase();
    if (!POSTURES.includes(p)) {
      throw new UsageError(`Unknown posture "${query.posture}" (one of ${POSTURES.join(", ")})`);
    }
    where.push("f.posture = ?");
    params.push(p as RuntimePosture);
  }
  if (query.format !== undefined) {
    if (!(MIPS_FORMATS as readonly string[]).includes(query.format)) {
      throw new UsageError(`Unknown format "${query.format}" (one of ${MIPS_FORMATS.join(", ")})`);
    }
    where.push("f.format = ?");
    params.push(query.format as MipsFormat);
  }
  if (query.hash_status !== undefined && query.hash_status !== "") {
    const [status, recipe] = parseHashFilter(query.hash_status);
    where.push("f.hash_status = ?");
    params.push(status);
    if (recipe) {
      where.push("f.hash_recipe = ?");
      params.push(recipe);
    }
  }
  if (query.from !== undefined && query.from !== "") {
    where.push("f.ts_ms >= ?");
    params.push(boundary(query.from, "from"));
  }
  if (query.to !== undefined && query.to !== "") {
    where.push("f.ts_ms <= ?");
    params.push(boundary(query.to, "to"));
  }

  const cols =
    `f.module_id, f.path, f.format, f.posture, f.hash_status, f.hash_recipe, f.timestamp_utc, f.title`;
  let total: number;
  let rows: Array<Record<string, unknown>>;
  if (match !== undefined) {
    // Rank inside FTS5 (bm25 weights are the table's `rank` config), keep the ranked ids per index
    // generation so the next pages and repeated queries skip the ranking, then fetch the page's rows.
    const ranked = rankedIds(store, match, where, params, offset + limit);
    total = ranked.total;
    const top = ranked.ids.slice(offset, offset + limit).map((id, i) => ({
      id,
      rank: ranked.ranks[offset + i],
    }));
    const rowOf = stmt(store, `SELECT ${cols} FROM ltm_files f WHERE f.id = ?`);
    const snippetOf = stmt(
      store,
      "SELECT snippet(ltm_fts, -1, '[', ']', '…', 16) AS snip FROM ltm_fts WHERE ltm_fts MATCH ? AND rowid = ?",
    );
    rows = [];
    for (const t of top) {
      const row = rowOf.get(t.id);
      if (row) rows.push({ ...row, rank: t.rank, snip: snippetOf.get(match, t.id)?.snip });
    }
  } else {
    const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
    total = Number(
      stmt(store, `SELECT count(*) AS n FROM ltm_files f ${filter}`).get(...params)?.n ?? 0,
    );
    rows = total === 0 ? [] : stmt(
      store,
      `SELECT ${cols}, 0 AS rank, f.summary AS snip FROM ltm_files f ${filter}
       ORDER BY f.ts_ms DESC, f.path LIMIT ? OFFSET ?`,
    ).all(...params, limit, offset);
  }
  return { total, offset, limit, results: rows.map(toHit) };
}

interface Ranked {
  generation: string;
  total: number;
  ids: number[];
  ranks: number[];
}

const CACHE_SIZE = 64;
const rankCache = new WeakMap<Store, Map<string, Ranked>>();

/** The first `need` ids of a text query, best first, from the per-generation cache or FTS5. */
function rankedIds(
  store: Store,
  match: string,
  where: string[],
  params: Array<string | number>,
  need: number,
): Ranked {
  const generation = getMeta(store, "generation") ?? "";
  const key = JSON.stringify([match, where, params]);
  let cache = rankCache.get(store);
  if (!cache) rankCache.set(store, cache = new Map());
  const hit = cache.get(key);
  if (
    hit && hit.generation === generation && (hit.ids.length >= need || hit.ids.length === hit.total)
  ) {
    cache.delete(key); // refresh its place in the LRU order
    cache.set(key, hit);
    return hit;
  }
  const want = Math.max(need, 200, (hit?.ids.length ?? 0) * 2);
  let total: number;
  let rows: Array<Record<string, unknown>>;
  if (where.length === 0) {
    total = Number(
      stmt(store, "SELECT count(*) AS n FROM ltm_fts WHERE ltm_fts MATCH ?").get(match)?.n ?? 0,
    );
    rows = total === 0 ? [] : stmt(
      store,
      "SELECT rowid AS id, rank FROM ltm_fts WHERE ltm_fts MATCH ? ORDER BY rank, rowid LIMIT ?",
    ).all(match, want);
  } else {
    const filter = ["ltm_fts MATCH ?", ...where].join(" AND ");
    const from = "FROM ltm_fts JOIN ltm_files f ON f.id = ltm_fts.rowid";
    total = Number(
      stmt(store, `SELECT count(*) AS n ${from} WHERE ${filter}`).get(match, ...params)?.n ?? 0,
    );
    rows = total === 0 ? [] : stmt(
      store,
      `SELECT f.id AS id, ltm_fts.rank AS rank ${from} WHERE ${filter} ORDER BY ltm_fts.rank, f.id LIMIT ?`,
    ).all(match, ...params, want);
  }
  const ranked: Ranked = {
    generation,
    total,
    ids: rows.map((r) => Number(r.id)),
    ranks: rows.map((r) => Number(r.rank)),
  };
  cache.delete(key);
  cache.set(key, ranked);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return ranked;
}

/**
 * Turns free text into a safe FTS5 query: every word must match (words joined
 * by `_` or punctuation become a phrase, as the tokenizer splits them), `word*`
 * is a prefix.
 *
 * @param text The user's words.
 * @returns The FTS5 query, or undefined when the text has no searchable word.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ftsQuery } from "./query.ts";
 * assert(ftsQuery('BlueWidgets_v1 lamp* "x') === '"bluewidgets v1" "lamp"* "x"');
 * ```
 */
export function ftsQuery(text: string): string | undefined {
  const parts: string[] = [];
  for (const word of text.split(/\s+/)) {
    const tokens = word.toLowerCase().match(/[\p{L}\p{N}]+/gu);
    if (!tokens) continue;
    parts.push(`"${tokens.join(" ")}"${word.endsWith("*") ? "*" : ""}`);
  }
  return parts.length ? parts.join(" ") : undefined;
}

function parseHashFilter(value: string): [string, string | undefined] {
  const v = value.trim().toUpperCase();
  const m = /^(VERIFIED)?\s*\(?\s*(R\d+|DP1)?\s*\)?$/.exec(v);
  if (m && (m[1] || m[2]) && (!m[2] || (HASH_RECIPES as readonly string[]).includes(m[2]))) {
    return ["VERIFIED", m[2]];
  }
  if (STATUSES.includes(v)) return [v, undefined];
  throw new UsageError(
    `Unknown hash status "${value}" (VERIFIED, VERIFIED(R1)…VERIFIED(R11), R2, MISMATCH, UNVERIFIABLE, ABSENT)`,
  );
}

function boundary(value: string, which: "from" | "to"): number {
  const ts = normalizeTimestamp(value);
  if (!ts) {
    throw new UsageError(
      `--${which} "${value}" is not a date or date-time (e.g. 2026-01-10 or 2026-01-10T12:00:00Z)`,
    );
  }
  // A bare date as the upper bound includes that whole day.
  return which === "to" && ts.flag === "date_only" ? ts.ms + 86_400_000 - 1 : ts.ms;
}

function toHit(row: Record<string, unknown>): MipsHit {
  const hit: MipsHit = {
    module_id: String(row.module_id),
    path: String(row.path),
    format: String(row.format) as MipsFormat,
    posture: String(row.posture) as RuntimePosture,
    hash_status: String(row.hash_status) as MipsHit["hash_status"],
    score: Math.round(-Number(row.rank) * 1e4) / 1e4 || 0,
    snippet: String(row.snip ?? ""),
  };
  if (row.hash_recipe !== null && row.hash_recipe !== undefined) {
    hit.hash_recipe = String(row.hash_recipe);
  }
  if (row.timestamp_utc !== null && row.timestamp_utc !== undefined) {
    hit.timestamp_utc = String(row.timestamp_utc);
  }
  if (row.title !== null && row.title !== undefined) hit.title = String(row.title);
  return hit;
}
