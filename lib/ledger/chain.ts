/**
 * The one chain recipe (mips.md §5) and the one link rule of every kit ledger.
 *
 * @module
 */
import { sha256Hex } from "../fs/sha256.ts";
import { type JsonObjectNode, parseJsonTree } from "../json/json_tree.ts";
import { pythonJsonDumps, pythonJsonDumpsNode } from "../json/py_json.ts";
import { splitLines } from "./_lines.ts";

const CANONICAL = { separators: [",", ":"] as const, sortKeys: true, ensureAscii: true };

/**
 * The chain hash of a ledger entry: SHA-256 of the entry without `hashField`,
 * keys sorted recursively, compact separators, ASCII-escaped (Python's
 * `json.dumps(e, sort_keys=True, separators=(",", ":"))`).
 *
 * @param entry The entry (a plain object, or a parsed {@linkcode JsonObjectNode} to keep number lexemes).
 * @param hashField The field that holds the hash, left out of the hash. @default {"sha256"}
 * @returns 64 hex characters.
 *
 * @example The spec's genesis event
 * ```ts
 * import assert from "node:assert/strict";
 * import { chainHash } from "./chain.ts";
 * const e = { event_id: "evt_000001", ts_utc: "2026-01-10T12:00:00Z", event_type: "SYSTEM_INIT",
 *   payload: { kind: "system_init", detail: "demo ledger" }, prev_sha256: null };
 * assert.equal(chainHash(e), "45bfb3930d5e2e8112b774a1420e1dc24b561a23e35a039787e23ecc74e127f4");
 * ```
 */
export function chainHash(
  entry: Record<string, unknown> | JsonObjectNode,
  hashField = "sha256",
): string {
  if (isObjectNode(entry)) {
    const without: JsonObjectNode = {
      kind: "object",
      entries: entry.entries.filter(([k]) => k !== hashField),
    };
    return sha256Hex(pythonJsonDumpsNode(without, CANONICAL));
  }
  const { [hashField]: _omit, ...rest } = entry;
  return sha256Hex(pythonJsonDumps(rest, CANONICAL));
}

/**
 * Adds the chain fields to an entry: `prev_sha256` = `prev`, then `hashField`
 * = {@linkcode chainHash} of the result (fields that are `undefined` are dropped first).
 *
 * @param fields The entry's own fields (without `prev_sha256` and `hashField`).
 * @param prev The previous entry's link ({@linkcode linkOf}), `null` for the first.
 * @param hashField Where the chain hash goes: `sha256` (event ledgers) or `chain_sha256`
 *   (ingest ledgers and sidecar chains, where `sha256` names something else).
 * @returns The chained entry, keys in order: fields, `prev_sha256`, `hashField`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chainEntry, chainHash } from "./chain.ts";
 * const e = chainEntry({ path: "p", bytes: 1, host: undefined }, null, "chain_sha256");
 * assert.deepEqual(Object.keys(e), ["path", "bytes", "prev_sha256", "chain_sha256"]);
 * assert.equal(e.chain_sha256, chainHash(e, "chain_sha256"));
 * ```
 */
export function chainEntry<F extends Record<string, unknown>, K extends string>(
  fields: F,
  prev: string | null,
  hashField: K,
): F & { prev_sha256: string | null } & Record<K, string> {
  const entry: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) entry[k] = v;
  entry["prev_sha256"] = prev;
  entry[hashField] = chainHash(entry, hashField);
  return entry as F & { prev_sha256: string | null } & Record<K, string>;
}

/**
 * The link a ledger line gives the line after it (its `prev_sha256`), one rule
 * for every ledger: the line's own chain hash (`hashField`) when it has one;
 * for an unchained JSON object (the original watcher's lines), its recipe
 * hash ({@linkcode chainHash}, number lexemes as written); for a line that is
 * not a JSON object, the SHA-256 of its text. So an append never fails on a
 * bad line before it; the verifier reports that line.
 *
 * @param line One complete line, without its newline.
 * @param hashField The field that holds a chained line's hash.
 * @returns 64 hex characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chainHash, linkOf } from "./chain.ts";
 * const legacy = { ts: "t", path: "p", sha256: "0".repeat(64), bytes: 1 };
 * assert.equal(linkOf(JSON.stringify(legacy), "chain_sha256"), chainHash(legacy, "chain_sha256"));
 * assert.equal(linkOf('{"sha256":"' + "a".repeat(64) + '"}', "sha256"), "a".repeat(64));
 * ```
 */
export function linkOf(line: string, hashField: string): string {
  try {
    const tree = parseJsonTree(line);
    if (tree.kind === "object") {
      const own = tree.entries.findLast(([k]) => k === hashField)?.[1];
      if (own?.kind === "string" && /^[0-9a-f]{64}$/i.test(own.value)) {
        return own.value.toLowerCase();
      }
      return chainHash(tree, hashField);
    }
  } catch { /* not JSON: hash the text */ }
  return sha256Hex(line);
}

/**
 * The link the next line appended to a ledger text would get: {@linkcode linkOf}
 * its last complete non-blank line, `null` for an empty ledger (a torn tail
 * does not count: the append cuts it).
 *
 * @param text The ledger's text.
 * @param hashField The field that holds a chained line's hash.
 * @returns The next `prev_sha256`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nextLink } from "./chain.ts";
 * const line = '{"chain_sha256":"' + "c".repeat(64) + '"}';
 * assert.equal(nextLink(`${line}\n\n{"torn":`, "chain_sha256"), "c".repeat(64));
 * assert.equal(nextLink("", "chain_sha256"), null);
 * ```
 */
export function nextLink(text: string, hashField: string): string | null {
  const last = splitLines(text).lines.findLast((l) => l.text.trim() !== "");
  return last ? linkOf(last.text.replace(/\r$/, ""), hashField) : null;
}

function isObjectNode(v: unknown): v is JsonObjectNode {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "object" &&
    Array.isArray((v as { entries?: unknown }).entries) && Object.keys(v).length === 2;
}
