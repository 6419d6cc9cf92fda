/**
 * A small zip reader and writer with bounded memory: end-record search
 * (comment up to 64 KiB), zip64 records and extra fields, central-directory
 * parsing, local-header checks, stored and deflate data via node:zlib, CRC-32
 * via `zlib.crc32`, and a deterministic streaming writer.
 *
 * @module
 */
export * from "./block_reader.ts";
export * from "./directory.ts";
export * from "./entry.ts";
export * from "./entry_data.ts";
export * from "./format.ts";
export * from "./local_header.ts";
export * from "./writer.ts";
