/**
 * Runs work on the image of a configuration's store, opening (and closing)
 * the store when the caller has none open.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { openStore } from "../store/open.ts";
import type { Store } from "../store/store.ts";
import { Image } from "./image.ts";

/** Options of {@linkcode withImage}. */
export interface WithImageOptions {
  /**
   * An open store to use (left open).
   * @default {the store at databaseUrl, else dbPath; closed afterwards}
   */
  store?: Store | undefined;
  /** Stamps commits. @default {systemClock} */
  clock?: Clock | undefined;
}

/**
 * Opens the image in the configured store (`config.databaseUrl`'s PostgreSQL, else the SQLite
 * file `config.dbPath`, or `options.store`) and runs `fn` on it.
 *
 * @param config Where the store is (`databaseUrl`, else `dbPath`).
 * @param options An open store, a clock.
 * @param fn The work.
 * @returns What `fn` returns.
 * @throws {KitError} `STORE_UNREADABLE`; what `fn` throws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withImage } from "./open.ts";
 * const dir = await Deno.makeTempDir();
 * const n = await withImage({ dbPath: `${dir}/m.db` }, {}, async (image) => (await image.objects()).length);
 * assert.equal(n, 0);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function withImage<T>(
  config: { dbPath: string; databaseUrl?: string | undefined },
  options: WithImageOptions,
  fn: (image: Image) => Promise<T>,
): Promise<T> {
  const store = options.store ??
    await openStore({ sqlite_path: config.dbPath, database_url: config.databaseUrl });
  try {
    return await fn(await Image.open(store, options.clock ? { clock: options.clock } : {}));
  } finally {
    if (options.store === undefined) await store.close();
  }
}
