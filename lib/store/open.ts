/**
 * Opens the store a configuration names.
 *
 * @module
 */
import { ExitCode, KitError } from "../errors.ts";
import { openSqliteStore, type SqliteStoreOptions } from "./sqlite_store.ts";
import type { Store } from "./store.ts";

/** Where the store lives. */
export interface StoreLocation {
  /** The embedded SQLite file (or `:memory:`), used when `database_url` is not set. */
  sqlite_path: string;
  /** A `postgres://` URL for the shared store. */
  database_url?: string | undefined;
}

/**
 * Opens the store: PostgreSQL when a database URL is given, else the embedded SQLite file.
 *
 * @param location The SQLite path and, optionally, a database URL.
 * @param options SQLite options.
 * @returns The open store.
 * @throws {KitError} `STORE_UNREADABLE` when the SQLite file cannot be opened;
 *   `STORE_UNSUPPORTED` for a database URL this build cannot serve.
 *
 * @example The embedded default
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "./open.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * assert.equal(store.dialect, "sqlite");
 * ```
 */
export function openStore(
  location: StoreLocation,
  options: SqliteStoreOptions = {},
): Promise<Store> {
  if (location.database_url !== undefined && location.database_url !== "") {
    const scheme = location.database_url.split(":")[0];
    return Promise.reject(
      new KitError(
        "STORE_UNSUPPORTED",
        `Cannot open the store at a ${scheme}: URL: only the embedded SQLite store is available`,
        { exitCode: ExitCode.USAGE },
      ),
    );
  }
  return openSqliteStore(location.sqlite_path, options);
}
