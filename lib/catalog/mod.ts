/**
 * The knowledge catalog: cycle-log records and remembered documents in one
 * store component, searchable by BM25 (and by vector similarity when an
 * embedding model answers), read back by the audit capability and by a
 * cycle's DELEGATING state.
 *
 * @module
 */
export * from "./repository.ts";
export * from "./record_line.ts";
export * from "./records.ts";
export * from "./ingest.ts";
export * from "./chunk.ts";
export * from "./embedder.ts";
export * from "./remember.ts";
export * from "./snippet.ts";
export * from "./search.ts";
export * from "./retriever.ts";
export * from "./render.ts";
export * from "./store_component.ts";
export * from "../../schemas/catalog.ts";
export * from "../../schemas/catalog_input.ts";
