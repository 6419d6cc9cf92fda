/**
 * Optional PostgreSQL extensions (`pg_trgm`, `vector`): a repository asks for
 * one and takes its fallback when the server does not offer it or the role may
 * not create it. SQLite has none.
 *
 * @module
 */
import type { Store } from "./store.ts";

const NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Makes sure a PostgreSQL extension is installed in the store's database, creating it when the
 * server offers it and the role may.
 *
 * @param store The store.
 * @param name The extension (`pg_trgm`, `vector`, …).
 * @returns True when the extension can be used; false on SQLite, when the server does not have
 *   it, or when creating it is not allowed (the repository then takes its fallback).
 * @throws {RangeError} For a name that is not a plain identifier.
 * @throws {KitError} `STORE_UNREACHABLE` from the store.
 *
 * @example SQLite has no extensions: take the fallback
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { ensureExtension } from "./extensions.ts";
 * await using store = await openSqliteStore(":memory:");
 * assert.equal(await ensureExtension(store, "vector"), false);
 * ```
 */
export async function ensureExtension(store: Store, name: string): Promise<boolean> {
  if (!NAME.test(name)) throw new RangeError(`Not an extension name: ${JSON.stringify(name)}`);
  if (store.dialect !== "postgres") return false;
  const state = await store.read((tx) =>
    tx.get<{ installed: number; available: number }>(
      "SELECT (SELECT count(*) FROM pg_extension WHERE extname = ?) AS installed, " +
        "(SELECT count(*) FROM pg_available_extensions WHERE name = ?) AS available",
      [name, name],
    )
  );
  if (Number(state?.installed) > 0) return true;
  if (Number(state?.available) === 0) return false;
  try {
    await store.transaction((tx) => tx.exec(`CREATE EXTENSION IF NOT EXISTS "${name}"`));
    return true;
  } catch {
    // Not allowed (managed services limit who may create extensions), or another replica
    // created it at the same moment: look again.
    return Number(
      (await store.read((tx) =>
        tx.get<{ n: number }>("SELECT count(*) AS n FROM pg_extension WHERE extname = ?", [name])
      ))?.n,
    ) > 0;
  }
}
