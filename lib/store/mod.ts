/**
 * The embedded SQLite store.
 *
 * @module
 */
export * from "./sqlite.ts";
