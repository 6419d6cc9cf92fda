/**
 * JSON as the original Python tools wrote it: a parser that keeps number
 * lexemes and key order ({@linkcode parseJsonTree}) and an emulation of
 * Python's `json.dumps` ({@linkcode pythonJsonDumps}). Every hash the kit
 * reproduces (MIPS self-hashes, ledger chains, receipts, the image's
 * `mission_brief_hash`) is computed over this serialisation.
 *
 * @example Python's `json.dumps(v, sort_keys=True)`
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonJsonDumps } from "./mod.ts";
 * assert.equal(pythonJsonDumps({ b: 1, a: "é" }, { sortKeys: true }), '{"a": "\\u00e9", "b": 1}');
 * ```
 *
 * @module
 */
export * from "./json_tree.ts";
export * from "./py_json.ts";
