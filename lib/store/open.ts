/**
 * Opens the store a configuration names.
 *
 * @module
 */
import { ExitCode, KitError } from "../errors.ts";
import { openPgStore, type PgStoreOptions } from "./pg_store.ts";
import { openSqliteStore, type SqliteStoreOptions } from "./sqlite_store.ts";
import type { Store } from "./store.ts";
import { isPostgresUrl } from "./url.ts";

/** Where the store lives. */
export interface StoreLocation {
  /** The embedded SQLite file (or `:memory:`), used when `database_url` is not set. */
  sqlite_path: string;
  /** A `postgres://` (or `postgresql://`) URL for the shared store (`MB_DATABASE_URL`). */
  database_url?: string | undefined;
}

/** Options of {@linkcode openStore}: those of the backend the location selects. */
export type OpenStoreOptions = SqliteStoreOptions & PgStoreOptions;

/**
 * Opens the store: PostgreSQL when a database URL is given, else the embedded SQLite file.
 *
 * @param location The SQLite path and, optionally, a database URL.
 * @param options Busy timeout (both), durability (SQLite), pool size and connect timeout
 *   (PostgreSQL).
 * @returns The open store.
 * @throws {KitError} `STORE_UNREADABLE` when the SQLite file cannot be opened;
 *   `STORE_UNREACHABLE` when the PostgreSQL server cannot be reached;
 *   `STORE_UNSUPPORTED` (exit 2) for a URL that is not `postgres://` or `postgresql://`.
 *
 * @example The embedded default
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "./open.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * assert.equal(store.dialect, "sqlite");
 * ```
 *
 * @example A URL of another database is refused
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "./open.ts";
 * await assert.rejects(
 *   openStore({ sqlite_path: ":memory:", database_url: "mysql://db/kit" }),
 *   { code: "STORE_UNSUPPORTED" },
 * );
 * ```
 */
export function openStore(location: StoreLocation, options: OpenStoreOptions = {}): Promise<Store> {
  const url = location.database_url;
  if (url === undefined || url === "") return openSqliteStore(location.sqlite_path, options);
  if (isPostgresUrl(url)) return openPgStore(url, options);
  const scheme = url.split(":")[0];
  return Promise.reject(
    new KitError(
      "STORE_UNSUPPORTED",
      `Cannot open the store at a ${scheme}: URL: the kit speaks SQLite (a file) and ` +
        "PostgreSQL (postgres:// or postgresql://)",
      { exitCode: ExitCode.USAGE },
    ),
  );
}
