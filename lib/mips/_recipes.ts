/**
 * The self-hash recipe engine (mips.md §3): re-serialise a parsed document
 * every known way and compare with the declared digest.
 *
 * @module
 */
import { sha256Hex } from "../fs/sha256.ts";
import type { HashRecipe, HashVerdict } from "../../schemas/mips.ts";
import type { JsonNode, JsonObjectNode } from "../json/json_tree.ts";
import { getKey } from "../json/json_tree.ts";
import { type PythonDumpsOptions, pythonJsonDumpsNode } from "../json/py_json.ts";

/** Keys that declare a self-hash, in the order they are looked for. */
export const HASH_KEYS: readonly string[] = ["sha256", "sha256_body", "hash_sha256"];

const HEX64 = /^[0-9a-fA-F]{64}$/;

const I2: PythonDumpsOptions = { indent: 2 };
const CS: PythonDumpsOptions = { separators: [",", ":"], sortKeys: true };
const PDS: PythonDumpsOptions = { sortKeys: true };
const I2S: PythonDumpsOptions = { indent: 2, sortKeys: true };

type Target = "DOC-h" | "BODY" | "DOC0";
const JSON_RECIPES: ReadonlyArray<[HashRecipe, Target, PythonDumpsOptions | "utf8-string"]> = [
  ["R1", "DOC-h", I2],
  ["R2", "BODY", I2],
  ["R3", "DOC0", I2],
  ["R4", "BODY", CS],
  ["R5", "BODY", I2S],
  ["R6", "BODY", PDS],
  ["R7", "DOC0", PDS],
  ["R8", "DOC0", CS],
  ["R9", "BODY", "utf8-string"],
  ["DP1", "DOC-h", PDS],
];

/** Where a JSON document keeps its header and body. */
export interface JsonHashLayout {
  /** The whole document. */
  tree: JsonObjectNode;
  /** Top-level key of the header object; undefined for flat documents. */
  headerKey?: string | undefined;
  /** The body value (under its key, or the inline payload). */
  body?: JsonNode | undefined;
  /** Whether the source text may contain non-ASCII characters or `\u` escapes. */
  mayNeedBothEncodings: boolean;
}

/** A declared hash in a JSON document. */
interface Candidate {
  container: string | undefined;
  key: string;
  declared: string;
}

/**
 * Verifies the self-hash of a JSON document with recipes R1–R9 and DP1, both encodings.
 *
 * @param layout The document and where its header and body are.
 * @returns The verdict.
 */
export function verifyJsonLayout(layout: JsonHashLayout): HashVerdict {
  const candidates = findCandidates(layout);
  if (candidates.length === 0) return { status: "ABSENT", label: "ABSENT" };
  const digests = candidates.filter((c) => HEX64.test(c.declared));
  for (const c of digests) {
    const hit = tryJsonRecipes(layout, c);
    if (hit) return hit;
  }
  const first = digests[0] ?? candidates[0]!;
  const field = fieldName(first);
  if (digests.length === 0) {
    return {
      status: "UNVERIFIABLE",
      label: "UNVERIFIABLE",
      field,
      declared: first.declared,
      note: `${field} is not a SHA-256 digest`,
    };
  }
  return {
    status: "MISMATCH",
    label: "MISMATCH",
    field,
    declared: first.declared,
    note: `no recipe (R1–R9, DP1; ASCII-escaped or raw UTF-8) reproduces ${field}`,
  };
}

/**
 * Recipe R10: the text with the declared hex removed (the line keeps `sha256: `).
 *
 * @param text The whole file text.
 * @param offset Where the declared hex starts.
 * @param declared The declared hex as written.
 * @returns True when it reproduces the hash.
 */
export function verifyR10(text: string, offset: number, declared: string): boolean {
  const stripped = text.slice(0, offset) + text.slice(offset + declared.length);
  return sha256Hex(stripped) === declared.toLowerCase();
}

/**
 * Recipe R11: the text after `MIPS_HEADER-->` with leading whitespace removed.
 *
 * @param after The text after the marker.
 * @param declared The declared hex.
 * @returns True when it reproduces the hash.
 */
export function verifyR11(after: string, declared: string): boolean {
  return sha256Hex(pythonLstrip(after)) === declared.toLowerCase();
}

/**
 * Python's `str.lstrip()` (Unicode whitespace, not the BOM).
 *
 * @param s Text.
 * @returns Text without leading whitespace.
 */
export function pythonLstrip(s: string): string {
  return s.replace(
    // deno-lint-ignore no-control-regex -- Python's whitespace set includes \x1c-\x1f
    /^[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/,
    "",
  );
}

/**
 * Whether a declared value looks like a SHA-256 digest.
 *
 * @param v The value.
 * @returns True for 64 hex characters.
 */
export function isDigest(v: unknown): v is string {
  return typeof v === "string" && HEX64.test(v);
}

function fieldName(c: Candidate): string {
  return c.container === undefined ? c.key : `${c.container}.${c.key}`;
}

function findCandidates(layout: JsonHashLayout): Candidate[] {
  const out: Candidate[] = [];
  const containers: Array<[string | undefined, JsonNode | undefined]> = [];
  if (layout.headerKey !== undefined) {
    containers.push([layout.headerKey, getKey(layout.tree, layout.headerKey)]);
  }
  containers.push([undefined, layout.tree]);
  for (const [container, node] of containers) {
    if (node?.kind !== "object") continue;
    for (const key of HASH_KEYS) {
      const v = getKey(node, key);
      if (v?.kind === "string") out.push({ container, key, declared: v.value });
    }
  }
  return out;
}

function tryJsonRecipes(layout: JsonHashLayout, c: Candidate): HashVerdict | undefined {
  const want = c.declared.toLowerCase();
  const targets: Partial<Record<Target, JsonNode>> = {
    "DOC-h": withHash(layout.tree, c, "delete"),
    "DOC0": withHash(layout.tree, c, "null"),
    ...(layout.body === undefined ? {} : { BODY: layout.body }),
  };
  for (const [recipe, target, options] of JSON_RECIPES) {
    const node = targets[target];
    if (!node) continue;
    if (options === "utf8-string") {
      if (node.kind === "string" && sha256Hex(node.value) === want) {
        return verified(recipe, "utf8", c);
      }
      continue;
    }
    const ascii = pythonJsonDumpsNode(node, { ...options, ensureAscii: true });
    if (sha256Hex(ascii) === want) return verified(recipe, "ascii", c);
    if (!layout.mayNeedBothEncodings) continue;
    const raw = pythonJsonDumpsNode(node, { ...options, ensureAscii: false });
    if (raw !== ascii && sha256Hex(raw) === want) return verified(recipe, "utf8", c);
  }
  return undefined;
}

function verified(recipe: HashRecipe, encoding: "ascii" | "utf8", c: Candidate): HashVerdict {
  return {
    status: "VERIFIED",
    label: `VERIFIED(${recipe})`,
    recipe,
    encoding,
    field: fieldName(c),
    declared: c.declared,
  };
}

function withHash(tree: JsonObjectNode, c: Candidate, mode: "delete" | "null"): JsonObjectNode {
  const edit = (node: JsonObjectNode): JsonObjectNode => ({
    kind: "object",
    entries: mode === "delete"
      ? node.entries.filter(([k]) => k !== c.key)
      : node.entries.map(([k, v]) => [k, k === c.key ? { kind: "null" } : v]),
  });
  if (c.container === undefined) return edit(tree);
  return {
    kind: "object",
    entries: tree.entries.map((
      [k, v],
    ) => [k, k === c.container && v.kind === "object" ? edit(v) : v]),
  };
}
