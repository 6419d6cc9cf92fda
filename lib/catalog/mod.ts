/**
 * The knowledge catalog: cycle-log records and remembered documents in one
 * store component, searchable by BM25 (and by vector similarity when an
 * embedding model answers), read back by the audit capability.
 *
 * @module
 */
export * from "./repository.ts";
export * from "./record_line.ts";
export * from "./records.ts";
export * from "./ingest.ts";
export * from "./store_component.ts";
