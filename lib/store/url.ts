/**
 * Database URLs: which backend they name, and how to show them without the
 * password.
 *
 * @module
 */

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
 * @returns The URL without the password (or a placeholder when it cannot be parsed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { redactUrl } from "./url.ts";
 * assert.equal(redactUrl("postgres://kit:s3cret@db.example:5432/mb"), "postgres://kit@db.example:5432/mb");
 * ```
 */
export function redactUrl(url: string): string {
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
