/**
 * Searches the MIPS index: full text (FTS5, ranked by bm25, with snippets)
 * combined with filters on module id, posture, time range, format and
 * self-hash status, paged.
 *
 * @module
 */
import { ExitCode, KitError, UsageError } from "../errors.ts";
import type { MipsHit, MipsQuery, MipsQueryResult, RuntimePosture } from "../../schemas/ltm.ts";
import { HASH_RECIPES, MIPS_FORMATS, type MipsFormat } from "../../schemas/mips.ts";
import { normalizeTimestamp } from "../mips/timestamps.ts";
import type { Store, Tx } from "../store/store.ts";
import * as repo from "./_repository.ts";
import { type FileFilter, migrateLtm } from "./_repository.ts";
import { CACHE_SIZE, rankCacheOf, type Ranked } from "./_rank_cache.ts";

const POSTURES = ["ACTIVE", "OPTIONAL", "HISTORICAL", "QUARANTINED"];
const STATUSES = ["VERIFIED", "MISMATCH", "UNVERIFIABLE", "ABSENT"];

/**
 * Queries the index.
 *
 * @param store The store holding the index.
 * @param query Text and filters; all optional.
 * @returns `{total, offset, limit, results}`: best bm25 first with a text query, newest first without.
 * @throws {UsageError} For an unknown posture, format or hash status, or an unreadable date.
 * @throws {KitError} `QUERY_OFFSET_OUT_OF_RANGE` (exit 2) for an offset beyond the safe integers.
 *
 * @example Find a delta by a word of its body
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { reindexLtm } from "./reindex.ts";
 * import { queryMipsIndex } from "./query.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/A_v1.mips.json`, '{"delta_id":"A_v1","description":"Widgets ship blue"}');
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * await reindexLtm(store, dir);
 * const { total, results } = await queryMipsIndex(store, { text: "blue" });
 * assert(total === 1 && results[0]?.snippet.includes("[blue]"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function queryMipsIndex(
  store: Store,
  query: MipsQuery = {},
): Promise<MipsQueryResult> {
  const limit = Math.max(1, Math.min(500, Math.trunc(query.limit ?? 20)));
  const offset = Math.max(0, Math.trunc(query.offset ?? 0));
  if (!Number.isSafeInteger(offset)) {
    throw new KitError(
      "QUERY_OFFSET_OUT_OF_RANGE",
      `Cannot skip ${query.offset} results: the offset must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
      { exitCode: ExitCode.USAGE, details: { offset: query.offset } },
    );
  }
  const filter = fileFilter(query);
  const match = query.text === undefined ? undefined : ftsQuery(query.text);
  await migrateLtm(store);
  return await store.read(async (tx) => {
    if (match === undefined) {
      const page = await repo.pageFiles(tx, filter, limit, offset);
      return { total: page.total, offset, limit, results: page.rows.map(toHit) };
    }
    // Rank inside the full-text index, keep the ranked ids per index generation so the
    // next pages and repeated queries skip the ranking, then fetch the page's rows.
    const ranked = await rankedIds(store, tx, match, filter, offset + limit);
    const ids = ranked.ids.slice(offset, offset + limit);
    const rankOf = new Map(ids.map((id, i) => [id, ranked.ranks[offset + i]]));
    const hits = await repo.hitRowsWithSnippets(tx, match, ids);
    const rows = hits.map((row) => ({ ...row, rank: rankOf.get(Number(row.id)) }));
    return { total: ranked.total, offset, limit, results: rows.map(toHit) };
  });
}

/** Checks a query's filters and turns them into the repository's filter. */
function fileFilter(query: MipsQuery): FileFilter {
  const filter: FileFilter = {};
  if (query.module_id !== undefined && query.module_id !== "") {
    if (query.module_id.includes("*")) filter.module_glob = query.module_id;
    else filter.module_id = query.module_id;
  }
  if (query.posture !== undefined) {
    const p = query.posture.toUpperCase();
    if (!POSTURES.includes(p)) {
      throw new UsageError(`Unknown posture "${query.posture}" (one of ${POSTURES.join(", ")})`);
    }
    filter.posture = p;
  }
  if (query.format !== undefined) {
    if (!(MIPS_FORMATS as readonly string[]).includes(query.format)) {
      throw new UsageError(`Unknown format "${query.format}" (one of ${MIPS_FORMATS.join(", ")})`);
    }
    filter.format = query.format;
  }
  if (query.hash_status !== undefined && query.hash_status !== "") {
    const [status, recipe] = parseHashFilter(query.hash_status);
    filter.hash_status = status;
    filter.hash_recipe = recipe;
  }
  if (query.from !== undefined && query.from !== "") filter.from_ms = boundary(query.from, "from");
  if (query.to !== undefined && query.to !== "") filter.to_ms = boundary(query.to, "to");
  return filter;
}

/** The first `need` ids of a text query, best first, from the per-generation cache or the index. */
async function rankedIds(
  store: Store,
  tx: Tx,
  match: string,
  filter: FileFilter,
  need: number,
): Promise<Ranked> {
  const generation = (await repo.getMeta(tx, "generation")) ?? "";
  const key = JSON.stringify([match, filter]);
  const cache = rankCacheOf(store);
  const hit = cache.get(key);
  if (
    hit && hit.generation === generation && (hit.ids.length >= need || hit.ids.length === hit.total)
  ) {
    cache.delete(key); // refresh its place in the LRU order
    cache.set(key, hit);
    return hit;
  }
  const want = Math.max(need, 200, (hit?.ids.length ?? 0) * 2);
  const ranked: Ranked = { generation, ...(await repo.rankFts(tx, match, filter, want)) };
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
