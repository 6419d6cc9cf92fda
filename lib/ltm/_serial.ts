/**
 * One reindex (or graph build) at a time per store in this process: a
 * reindex spans several transactions, and what reads the whole index should
 * not see it half-way. Other processes are kept apart by the store (its locks, and a
 * lease for a reindex: see reindex.ts).
 *
 * @module
 */
import type { Store } from "../store/store.ts";

const tails = new WeakMap<Store, Promise<unknown>>();

/**
 * Runs `fn` after every earlier call for the same store has settled.
 *
 * @param store The store.
 * @param fn The work.
 * @returns What `fn` returns.
 */
export function serialized<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  const prev = tails.get(store) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  tails.set(store, next.catch(() => {}));
  return next;
}
