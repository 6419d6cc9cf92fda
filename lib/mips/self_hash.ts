/**
 * Self-hash verification of a MIPS delta (mips.md §3): every recipe R1–R11
 * (and DeltaPack's DP1), ASCII-escaped and raw UTF-8, reported as
 * `VERIFIED(recipe)`, `MISMATCH`, `UNVERIFIABLE` or `ABSENT`. Files are never
 * rewritten and never rejected for their hash alone (DECISIONS.md).
 *
 * @module
 */
import type { HashVerdict } from "../../schemas/mips.ts";
import { sha256Hex } from "../fs/sha256.ts";
import { parseMips } from "./parse.ts";
import { pythonJsonDumps } from "../json/py_json.ts";

/**
 * Verifies a delta's declared self-hash.
 *
 * `MISMATCH` means a well-formed digest that no known recipe reproduces (the
 * file changed after it was hashed, or was hashed some unknown way);
 * `UNVERIFIABLE` means the declared value is not a digest, or the format has no
 * known recipe (M-front, T-jsontext); `ABSENT` means no hash is declared.
 *
 * @param text The file's exact text.
 * @param filename Its name or path (a `.json` name marks broken JSON as invalid).
 * @returns The verdict with the recipe, encoding and field when verified.
 *
 * @example The spec's M-html vector verifies with R11
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifySelfHash } from "./self_hash.ts";
 * const text = '<!--MIPS_HEADER\n{"artifact_id": "MB__DOC__Demo_v1", "version": "v1", "sha256": "5ca0494383a06062c147164382afd26dfe55c8eb53aa8acc15840e136a9eca7d"}\nMIPS_HEADER-->\n\n# Demo README\n\nSome text.\n';
 * assert(verifySelfHash(text, "README_Demo.mips.md").label === "VERIFIED(R11)");
 * ```
 */
export function verifySelfHash(text: string, filename: string): HashVerdict {
  const { record } = parseMips(text, filename);
  if (record.format === "invalid") {
    return {
      status: "UNVERIFIABLE",
      label: "UNVERIFIABLE",
      note: record.problem ?? "the file cannot be parsed",
    };
  }
  const verdict: HashVerdict = {
    status: record.hash_status,
    label: record.hash_recipe ? `VERIFIED(${record.hash_recipe})` : record.hash_status,
  };
  if (record.hash_recipe) verdict.recipe = record.hash_recipe;
  if (record.hash_encoding) verdict.encoding = record.hash_encoding;
  if (record.hash_field) verdict.field = record.hash_field;
  if (record.declared_hash) verdict.declared = record.declared_hash;
  const note = record.warnings.find((w) => w.startsWith("self-hash: "));
  if (note) verdict.note = note.slice("self-hash: ".length);
  return verdict;
}

/**
 * DeltaPack v1's `hash_sha256` (bundle.md §6): SHA-256 of Python
 * `json.dumps(pack minus hash_sha256, sort_keys=True)`, non-ASCII escaped.
 *
 * @param pack The DeltaPack object (its `hash_sha256`, if present, is ignored).
 * @returns 64 hex characters.
 *
 * @example The spec's test vector
 * ```ts
 * import assert from "node:assert/strict";
 * import { deltaPackHash } from "./self_hash.ts";
 * const pack = {"schema":"MetaBlooms::DeltaPack::v1","delta_id":"delta_20260110T120000Z","created_utc":"2026-01-10T12:00:00Z","author":"kit_demo","scope":"governance","operations":[{"op":"add","path":"docs/DEMO.md","why":"demo"}],"activation_requirements":{"requires":["GOVERNANCE_CORE"],"verify":["DEMO.md exists"]},"links":{"chat_session_id":"chat_demo01","chat_turn_id":"t000001"},"tags":["demo"]};
 * assert(deltaPackHash(pack).startsWith("f27764ee"));
 * ```
 */
export function deltaPackHash(pack: Record<string, unknown>): string {
  const { hash_sha256: _ignored, ...rest } = pack;
  return sha256Hex(pythonJsonDumps(rest, { sortKeys: true }));
}
