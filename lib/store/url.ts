/**
 * Database URLs: which backend they name, and how to show them without the
 * password.
 *
 * @module
 */
import { ExitCode, KitError } from "../errors.ts";
import type { StoreLocation } from "./open.ts";

/**
 * Whether a database URL names a PostgreSQL server.
 *
 * @param url The URL.
 * @returns True for `postgres://…` and `postgresql://…`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isPostgresUrl } from "./url.ts";
 * assert(isPostgresUrl("postgresql://db.internal/kit?sslmode=require"));
 * assert(!isPostgresUrl("sqlite:/tmp/kit.db"));
 * ```
 */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * A database URL with its password removed, for messages and `Store.location`.
 *
 * @param url A `postgres://` URL.
 * @returns The URL without the password (or a placeholder when it cannot be parsed); anything
 *   that is not a URL (a file path) as it is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { redactUrl } from "./url.ts";
 * assert.equal(redactUrl("postgres://kit:s3cret@db.example:5432/mb"), "postgres://kit@db.example:5432/mb");
 * ```
 */
export function redactUrl(url: string): string {
  if (!url.includes("://")) return url; // a file path
  try {
    const parsed = new URL(url);
    parsed.password = "";
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass/i.test(key)) parsed.searchParams.set(key, "***");
    }
    return parsed.toString().replace(/:@/, "@");
  } catch {
    return "postgres://(unparseable URL)";
  }
}

/**
 * Reads a store location as the CLI takes it: `sqlite:PATH` (or a path ending in `.db`), or a
 * `postgres://` / `postgresql://` URL.
 *
 * @param text The location.
 * @returns Where the store is, as `openStore()` takes it.
 * @throws {KitError} `STORE_LOCATION_INVALID` (exit 2) for anything else.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseStoreLocation } from "./url.ts";
 * assert.deepEqual(parseStoreLocation("sqlite:/data/metablooms.db"), { sqlite_path: "/data/metablooms.db" });
 * assert.equal(parseStoreLocation("postgres://db/kit").database_url, "postgres://db/kit");
 * assert.throws(() => parseStoreLocation("mysql://db/kit"), { code: "STORE_LOCATION_INVALID" });
 * ```
 */
export function parseStoreLocation(text: string): StoreLocation {
  if (isPostgresUrl(text)) return { sqlite_path: ":memory:", database_url: text };
  const path = text.startsWith("sqlite:") ? text.slice("sqlite:".length) : text;
  if (path !== "" && (text.startsWith("sqlite:") || path.endsWith(".db"))) {
    return { sqlite_path: path };
  }
  throw new KitError(
    "STORE_LOCATION_INVALID",
    `Cannot read the store location "${text.split("@").at(-1)}": ` +
      "expected sqlite:PATH or a postgres:// URL",
    { exitCode: ExitCode.USAGE },
  );
}
