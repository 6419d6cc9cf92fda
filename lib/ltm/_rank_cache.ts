/**
 * Ranked ids of recent full-text queries, per store, kept while the index
 * generation they were ranked in is current (so the next pages and repeated
 * queries skip the ranking).
 *
 * @module
 */
import type { Store } from "../store/store.ts";

/** The ranked ids of one query in one index generation. */
export interface Ranked {
  generation: string;
  total: number;
  ids: number[];
  ranks: number[];
}

/** Queries kept per store (least recently used dropped first). */
export const CACHE_SIZE = 64;

const caches = new WeakMap<Store, Map<string, Ranked>>();

/**
 * The rank cache of a store (an LRU: callers re-insert a hit).
 *
 * @param store The store.
 * @returns Query key → ranking.
 */
export function rankCacheOf(store: Store): Map<string, Ranked> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, cache = new Map());
  return cache;
}

/**
 * Forgets every ranking of a store (benchmarks measure ranking afresh with it).
 *
 * @param store The store.
 */
export function forgetRankings(store: Store): void {
  caches.delete(store);
}
