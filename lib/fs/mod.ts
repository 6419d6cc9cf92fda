/**
 * File-system helpers: atomic writes, root confinement, hashing.
 *
 * @module
 */
export * from "./atomic_write.ts";
export * from "./roots.ts";
export * from "./sha256.ts";
export * from "./lock.ts";
export * from "./read_range.ts";
export * from "./sync_dir.ts";
