/**
 * MIPS delta files: one parser for every header format (J-mips, J-mips_header,
 * J-MIPS, J-MIPS_HEADER, J-header, J-meta, J-flat, M-yaml, M-mips1, M-front,
 * M-html, T-jsontext, plain text) into one normalised record, self-hash
 * verification with every known recipe (the Python `json.dumps` emulation those
 * hashes need lives in `lib/json/`).
 *
 * @example Parse a delta
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMips } from "./mod.ts";
 * const { record } = parseMips("MIPS/1.0\nartifact_id: X_v1\n---\n# X\n", "X_v1.mips.md");
 * assert(record.format === "M-mips1" && record.module_id === "X_v1");
 * ```
 *
 * @module
 */
export * from "./ids.ts";
export * from "./parse.ts";
export * from "./self_hash.ts";
export * from "./timestamps.ts";
export * from "../../schemas/mips.ts";
