/**
 * The store seam and its two implementations: the embedded SQLite store (the default) and
 * the shared PostgreSQL store (`MB_DATABASE_URL`).
 *
 * @module
 */
export * from "./store.ts";
export * from "./sqlite_store.ts";
export * from "./pg_store.ts";
export * from "./open.ts";
export * from "./url.ts";
export * from "./lease.ts";
export * from "./run_with_lease.ts";
export * from "./component.ts";
export * from "./copy.ts";
export * from "../../schemas/store.ts";
export * from "./extensions.ts";
