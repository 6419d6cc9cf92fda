/**
 * The store seam and its embedded SQLite implementation.
 *
 * @module
 */
export * from "./store.ts";
export * from "./sqlite_store.ts";
export * from "./open.ts";
