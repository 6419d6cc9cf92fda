/**
 * The LTM's two NDJSON ledgers (mips.md §5, DECISIONS.md "Two ledgers"):
 *
 * - the **event ledger** (`ledger/ledger.ndjson`), one event a line,
 *   `sha256` = SHA-256 of the event without `sha256`, keys sorted
 *   recursively, compact, ASCII-escaped; `prev_sha256` = the previous line's
 *   `sha256` (null first). The genesis event `evt_000001` may instead hash
 *   `json.dumps(payload, sort_keys=True)` — the older recipe.
 * - the **ingest ledger** (`manifests/ledger.ndjson`), `{ts, path, sha256,
 *   bytes[, host]}` a line, where `sha256` is the file's hash. Lines may start
 *   unchained (the real ledger is); a chained line carries `prev_sha256` (the
 *   previous line's chain hash, null first) and `chain_sha256` =
 *   {@linkcode chainHash}(line, `"chain_sha256"`). Once chained, every later line must be.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { sha256File, sha256Hex } from "../fs/sha256.ts";
import { getKey, type JsonNode, type JsonObjectNode, parseJsonTree } from "../mips/json_tree.ts";
import { pythonJsonDumps, pythonJsonDumpsNode } from "../mips/py_json.ts";
import type { LedgerBreak, LedgerVerifyResult } from "../../schemas/ltm.ts";

/** The field that holds an ingest line's chain hash. */
export const INGEST_CHAIN_FIELD = "chain_sha256";

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
 * import { chainHash } from "./ledger.ts";
 * const e = { event_id: "evt_000001", ts_utc: "2026-01-10T12:00:00Z", event_type: "SYSTEM_INIT", payload: { kind: "system_init", detail: "demo ledger" }, prev_sha256: null };
 * assert(chainHash(e).startsWith("45bfb393"));
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

/** Options of {@linkcode verifyLedger}. */
export interface VerifyLedgerOptions {
  /** `event` or `ingest`; detected from the first line when not given. */
  kind?: "event" | "ingest" | undefined;
  /** Ingest ledgers: also check each file's bytes and sha256 (paths relative to the LTM folder, the ledger's grandparent). @default {false} */
  checkFiles?: boolean | undefined;
}

/**
 * Verifies a ledger: every line parses, every hash and link holds. Stops at the first break.
 *
 * @param path The `.ndjson` file.
 * @param options Kind and file checks.
 * @returns `{ok, kind, lines, first_broken?}`.
 * @throws {Deno.errors.NotFound} When the file does not exist.
 *
 * @example Verify the spec's test vector
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyLedger } from "./ledger.ts";
 * const f = await Deno.makeTempFile({ suffix: ".ndjson" });
 * await Deno.writeTextFile(f, '{"event_id":"evt_000001","ts_utc":"2026-01-10T12:00:00Z","event_type":"SYSTEM_INIT","payload":{"kind":"system_init","detail":"demo ledger"},"sha256":"45bfb3930d5e2e8112b774a1420e1dc24b561a23e35a039787e23ecc74e127f4","prev_sha256":null}\n');
 * const result = await verifyLedger(f);
 * assert(result.ok && result.kind === "event" && result.lines === 1);
 * await Deno.remove(f);
 * ```
 */
export async function verifyLedger(
  path: string,
  options: VerifyLedgerOptions = {},
): Promise<LedgerVerifyResult> {
  const text = await Deno.readTextFile(path);
  const physical = text.split("\n");
  if (physical.at(-1) === "") physical.pop();
  let kind = options.kind;
  const result: LedgerVerifyResult = {
    path,
    ok: true,
    kind: kind ?? "event",
    lines: 0,
    chained: 0,
    genesis_legacy: false,
  };
  let prevHash: string | null = null;
  let chainStarted = false;
  const root = resolve(dirname(path), "..");
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i]!.replace(/\r$/, "");
    if (raw.trim() === "") continue;
    const lineNo = i + 1;
    result.lines++;
    let tree: JsonNode;
    try {
      tree = parseJsonTree(raw);
    } catch (error) {
      return broken(
        result,
        lineNo,
        "NOT_JSON",
        null,
        raw.slice(0, 80),
        `not JSON: ${(error as Error).message}`,
      );
    }
    if (tree.kind !== "object") {
      return broken(
        result,
        lineNo,
        "NOT_JSON",
        "an object",
        tree.kind,
        `line is a JSON ${tree.kind}, not an object`,
      );
    }
    if (!kind) {
      kind = getKey(tree, "event_id") || getKey(tree, "event_type") ? "event" : "ingest";
      result.kind = kind;
    }
    const fail = kind === "event"
      ? checkEvent(tree, lineNo, prevHash, result)
      : await checkIngest(tree, lineNo, prevHash, chainStarted, root, options.checkFiles ?? false);
    if (fail) {
      return broken(result, fail.line, fail.reason, fail.expected, fail.actual, fail.message);
    }
    if (kind === "event") prevHash = str(getKey(tree, "sha256")) ?? null;
    else {
      const chained = getKey(tree, INGEST_CHAIN_FIELD);
      if (chained) {
        chainStarted = true;
        result.chained++;
      }
      prevHash = str(chained) ?? chainHash(tree, INGEST_CHAIN_FIELD);
    }
  }
  if (!kind && /manifests[\\/][^\\/]*$/.test(path)) result.kind = "ingest";
  return result;
}

function checkEvent(
  tree: JsonObjectNode,
  line: number,
  prevHash: string | null,
  result: LedgerVerifyResult,
): LedgerBreak | undefined {
  for (const field of ["event_id", "ts_utc", "event_type", "sha256"]) {
    if (getKey(tree, field)?.kind !== "string") {
      return brk(line, "MISSING_FIELD", field, null, `"${field}" is missing or not a string`);
    }
  }
  const prev = getKey(tree, "prev_sha256");
  if (!prev || (prev.kind !== "null" && prev.kind !== "string")) {
    return brk(
      line,
      "MISSING_FIELD",
      "prev_sha256",
      null,
      `"prev_sha256" is missing or not a string/null`,
    );
  }
  const actualPrev = prev.kind === "string" ? prev.value : null;
  if (actualPrev !== prevHash) {
    return brk(
      line,
      "PREV_MISMATCH",
      prevHash,
      actualPrev,
      `prev_sha256 does not equal the previous line's sha256`,
    );
  }
  const declared = str(getKey(tree, "sha256"))!;
  const computed = chainHash(tree);
  if (computed === declared.toLowerCase()) {
    result.chained++;
    return undefined;
  }
  const payload = getKey(tree, "payload");
  if (result.lines === 1 && str(getKey(tree, "event_id")) === "evt_000001" && payload) {
    const legacy = sha256Hex(pythonJsonDumpsNode(payload, { sortKeys: true, ensureAscii: true }));
    if (legacy === declared.toLowerCase()) {
      result.genesis_legacy = true;
      result.chained++;
      return undefined;
    }
  }
  return brk(
    line,
    "HASH_MISMATCH",
    computed,
    declared,
    "sha256 does not match the event's content",
  );
}

async function checkIngest(
  tree: JsonObjectNode,
  line: number,
  prevHash: string | null,
  chainStarted: boolean,
  root: string,
  checkFiles: boolean,
): Promise<LedgerBreak | undefined> {
  for (const field of ["ts", "path", "sha256"]) {
    if (getKey(tree, field)?.kind !== "string") {
      return brk(line, "MISSING_FIELD", field, null, `"${field}" is missing or not a string`);
    }
  }
  const sha = str(getKey(tree, "sha256"))!;
  if (!/^[0-9a-f]{64}$/i.test(sha)) {
    return brk(line, "MISSING_FIELD", "a SHA-256 digest", sha, `"sha256" is not a SHA-256 digest`);
  }
  const bytes = getKey(tree, "bytes");
  if (bytes?.kind !== "number" || !/^\d+$/.test(bytes.lexeme)) {
    return brk(line, "MISSING_FIELD", "bytes", null, `"bytes" is missing or not a whole number`);
  }
  const chain = getKey(tree, INGEST_CHAIN_FIELD);
  const prev = getKey(tree, "prev_sha256");
  if (chain || prev) {
    const actualPrev = prev?.kind === "string" ? prev.value : null;
    if (!prev || actualPrev !== prevHash) {
      return brk(
        line,
        "PREV_MISMATCH",
        prevHash,
        actualPrev,
        "prev_sha256 does not equal the previous line's chain hash",
      );
    }
    const computed = chainHash(tree, INGEST_CHAIN_FIELD);
    if (str(chain) !== computed) {
      return brk(
        line,
        "HASH_MISMATCH",
        computed,
        str(chain) ?? null,
        `${INGEST_CHAIN_FIELD} does not match the line's content`,
      );
    }
  } else if (chainStarted) {
    return brk(
      line,
      "CHAIN_DROPPED",
      INGEST_CHAIN_FIELD,
      null,
      "an unchained line follows chained ones",
    );
  }
  if (checkFiles) {
    const file = resolve(root, str(getKey(tree, "path"))!);
    try {
      const info = await Deno.stat(file);
      if (String(info.size) !== bytes.lexeme) {
        return brk(
          line,
          "FILE_MISMATCH",
          bytes.lexeme,
          String(info.size),
          `${file} has a different size`,
        );
      }
      const actual = await sha256File(file);
      if (actual !== sha.toLowerCase()) {
        return brk(line, "FILE_MISMATCH", sha, actual, `${file} has a different sha256`);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      return brk(line, "FILE_MISMATCH", "file", null, `${file} does not exist`);
    }
  }
  return undefined;
}

function str(node: JsonNode | undefined): string | undefined {
  return node?.kind === "string" ? node.value : undefined;
}

function isObjectNode(v: unknown): v is JsonObjectNode {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "object" &&
    Array.isArray((v as { entries?: unknown }).entries) && Object.keys(v).length === 2;
}

function brk(
  line: number,
  reason: string,
  expected: string | null,
  actual: string | null,
  message: string,
): LedgerBreak {
  return { line, reason, expected, actual, message };
}

function broken(
  result: LedgerVerifyResult,
  line: number,
  reason: string,
  expected: string | null,
  actual: string | null,
  message: string,
): LedgerVerifyResult {
  return { ...result, ok: false, first_broken: brk(line, reason, expected, actual, message) };
}
