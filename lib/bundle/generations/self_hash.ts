/**
 * Self-hashed receipts (generations.md §3, §6; bundle.md §6 DeltaPack
 * convention): a JSON object whose `receipt_hash`, `receipt_sha256`,
 * `boot_receipt_sha256` or `hash_sha256` is the SHA-256 of Python
 * `json.dumps(object minus that key, sort_keys=True)`. Every known spacing
 * and escaping is tried (DECISIONS.md "Self-hash").
 *
 * @module
 */
import type { ClaimItem } from "../../../schemas/bundle.ts";
import { sha256Hex } from "../../fs/sha256.ts";
import { type JsonNode, parseJsonTree } from "../../json/json_tree.ts";
import { type PythonDumpsOptions, pythonJsonDumpsNode } from "../../json/py_json.ts";
import { digestOf } from "./claims.ts";

/** Keys that hold a self-hash. */
export const SELF_HASH_KEYS: readonly string[] = [
  "receipt_hash",
  "receipt_sha256",
  "boot_receipt_sha256",
  "hash_sha256",
];

const RECIPES: ReadonlyArray<PythonDumpsOptions> = [
  { sortKeys: true },
  { sortKeys: true, ensureAscii: false },
  { sortKeys: true, separators: [",", ":"] },
  { sortKeys: true, indent: 2 },
];

/**
 * Checks the self-hash of one JSON document, if it declares one.
 *
 * @param name The entry name (reported as the claim's key and path).
 * @param text The document.
 * @returns A claim item (`verified` or `stale`), or undefined when the document declares no self-hash.
 *
 * @example The DeltaPack test vector of bundle.md §6
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkSelfHash } from "./self_hash.ts";
 * const body = '"schema":"MetaBlooms::DeltaPack::v1","delta_id":"delta_20260110T120000Z","created_utc":"2026-01-10T12:00:00Z","author":"kit_demo","scope":"governance","operations":[{"op":"add","path":"docs/DEMO.md","why":"demo"}],"activation_requirements":{"requires":["GOVERNANCE_CORE"],"verify":["DEMO.md exists"]},"links":{"chat_session_id":"chat_demo01","chat_turn_id":"t000001"},"tags":["demo"]';
 * const hash = "f27764ee450bc8cde1abf747c2fadc29e0c0e6f5bf89bec1e685733a2205ccdb";
 * assert.equal(checkSelfHash("d.json", `{${body},"hash_sha256":"${hash}"}`)?.status, "verified");
 * assert.equal(checkSelfHash("d.json", `{${body},"hash_sha256":"${"0".repeat(64)}"}`)?.status, "stale");
 * assert.equal(checkSelfHash("d.json", "{}"), undefined);
 * ```
 */
export function checkSelfHash(name: string, text: string): ClaimItem | undefined {
  let node: JsonNode;
  try {
    node = parseJsonTree(text.replace(/^\uFEFF/, ""));
  } catch {
    return undefined;
  }
  if (node.kind !== "object") return undefined;
  for (const [key, value] of node.entries) {
    if (!SELF_HASH_KEYS.includes(key) || value.kind !== "string") continue;
    const declared = digestOf(value.value);
    if (declared === undefined) continue;
    const rest: JsonNode = { kind: "object", entries: node.entries.filter(([k]) => k !== key) };
    const ok = RECIPES.some((recipe) => sha256Hex(pythonJsonDumpsNode(rest, recipe)) === declared);
    return {
      key: `${name}#${key}`,
      path: name,
      status: ok ? "verified" : "stale",
      expected: declared,
    };
  }
  return undefined;
}
