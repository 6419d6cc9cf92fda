/**
 * The synchronous SQLite store the LTM and watcher capabilities still take,
 * one per door context, until their SQL moves to repositories on the async
 * seam (`OpContext.store()`). Then every `legacyStore(ctx)` becomes
 * `ctx.store()` and this file goes.
 *
 * @module
 */
import { SyncStore } from "../lib/store/_sync_store.ts";
import type { OpContext } from "./context.ts";

const opened = new WeakMap<object, Promise<SyncStore>>();
const owners = new WeakMap<object, object>();

/**
 * The legacy store of a context (opened on first use, shared with its call contexts).
 *
 * @param ctx A context from `createContext` or `callContext`.
 * @returns The open store of `ctx.config.dbPath`.
 */
export function legacyStore(ctx: OpContext): Promise<SyncStore> {
  const owner = owners.get(ctx) ?? ctx;
  let store = opened.get(owner);
  if (store === undefined) {
    store = SyncStore.open(ctx.config.dbPath);
    opened.set(owner, store);
  }
  return store;
}

/**
 * Makes a call context share its door context's legacy store.
 *
 * @param call The call's context.
 * @param base The context it was made from.
 */
export function shareLegacyStore(call: OpContext, base: OpContext): void {
  owners.set(call, owners.get(base) ?? base);
}

/**
 * Closes a door context's legacy store, if it opened one.
 *
 * @param ctx The door's context.
 */
export async function closeLegacyStore(ctx: OpContext): Promise<void> {
  const store = opened.get(ctx);
  if (store === undefined) return;
  opened.delete(ctx);
  (await store.catch(() => undefined))?.close();
}
