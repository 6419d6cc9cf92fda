/**
 * The one ledger verifier: every line parses, every hash and link holds, for
 * the three kinds of kit ledger (see `mod.ts`). It stops at the first break
 * and names its line; a torn tail is reported as `torn_tail`, not as a break.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { sha256File, sha256Hex } from "../fs/sha256.ts";
import { getKey, type JsonNode, type JsonObjectNode, parseJsonTree } from "../json/json_tree.ts";
import { pythonJsonDumpsNode } from "../json/py_json.ts";
import type { LedgerBreak, LedgerVerifyResult } from "../../schemas/state.ts";
import { splitLines } from "./_lines.ts";
import { chainHash, linkOf } from "./chain.ts";
import { verifySidecar } from "./_sidecar.ts";
import { chainPathOf } from "./sidecar.ts";
import { brk, broken } from "./_break.ts";

/** The field that holds a chained ingest line's chain hash. */
export const INGEST_CHAIN_FIELD = "chain_sha256";

/** Options of {@linkcode verifyLedger}. */
export interface VerifyLedgerOptions {
  /**
   * `event`, `ingest` or `sidecar`; when not given: `sidecar` if `<path>.chain`
   * exists, else detected from the first line (`event_id`/`event_type` → `event`).
   */
  kind?: "event" | "ingest" | "sidecar" | undefined;
  /**
   * Ingest ledgers: also check each file's bytes and sha256 (paths relative to
   * the LTM folder, the ledger's grandparent).
   * @default {false}
   */
  checkFiles?: boolean | undefined;
}

/**
 * Verifies a ledger. Event ledgers: `sha256` is the chain hash of the line and
 * `prev_sha256` the previous line's; `evt_000001` may instead hash
 * `json.dumps(payload, sort_keys=True)` (the older genesis recipe). Ingest
 * ledgers: lines may start unchained; once a line carries `chain_sha256`,
 * every later line must. Sidecar logs: see `sidecar.ts`.
 *
 * @param path The ledger file.
 * @param options Kind and file checks.
 * @returns `{ok, kind, lines, chained, genesis_legacy, first_broken?, torn_tail?}`.
 * @throws {Deno.errors.NotFound} When the file does not exist.
 *
 * @example Verify the spec's test vector, then a torn tail
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyLedger } from "./verify.ts";
 * const f = await Deno.makeTempFile({ suffix: ".ndjson" });
 * const line = '{"event_id":"evt_000001","ts_utc":"2026-01-10T12:00:00Z","event_type":"SYSTEM_INIT","payload":{"kind":"system_init","detail":"demo ledger"},"sha256":"45bfb3930d5e2e8112b774a1420e1dc24b561a23e35a039787e23ecc74e127f4","prev_sha256":null}\n';
 * await Deno.writeTextFile(f, line);
 * const result = await verifyLedger(f);
 * assert(result.ok && result.kind === "event" && result.lines === 1);
 * await Deno.writeTextFile(f, '{"event_id":"evt_0', { append: true }); // a crash mid-write
 * const torn = await verifyLedger(f);
 * assert.equal(torn.ok, true);
 * assert.deepEqual(torn.torn_tail, { line: 2, bytes: 18 });
 * await Deno.remove(f);
 * ```
 */
export async function verifyLedger(
  path: string,
  options: VerifyLedgerOptions = {},
): Promise<LedgerVerifyResult> {
  let kind = options.kind;
  if (kind === undefined && (await exists(chainPathOf(path)))) kind = "sidecar";
  if (kind === "sidecar") return await verifySidecar(path);
  const text = await Deno.readTextFile(path);
  const split = splitLines(text);
  const result: LedgerVerifyResult = {
    path,
    ok: true,
    kind: kind ?? "event",
    lines: 0,
    chained: 0,
    genesis_legacy: false,
    ...(split.torn ? { torn_tail: split.torn } : {}),
  };
  let prevHash: string | null = null;
  let chainStarted = false;
  const root = resolve(dirname(path), "..");
  for (const { line: lineNo, text: rawText } of split.lines) {
    const raw = rawText.replace(/\r$/, "");
    if (raw.trim() === "") continue;
    result.lines++;
    let tree: JsonNode;
    try {
      tree = parseJsonTree(raw);
    } catch (error) {
      const message = `not JSON: ${(error as Error).message}`;
      return broken(result, brk(lineNo, "NOT_JSON", null, raw.slice(0, 80), message));
    }
    if (tree.kind !== "object") {
      const message = `line is a JSON ${tree.kind}, not an object`;
      return broken(result, brk(lineNo, "NOT_JSON", "an object", tree.kind, message));
    }
    if (!kind) {
      kind = getKey(tree, "event_id") || getKey(tree, "event_type") ? "event" : "ingest";
      result.kind = kind;
    }
    const fail = kind === "event"
      ? checkEvent(tree, lineNo, prevHash, result)
      : await checkIngest(tree, lineNo, prevHash, chainStarted, root, options.checkFiles ?? false);
    if (fail) return broken(result, fail);
    if (kind === "ingest" && getKey(tree, INGEST_CHAIN_FIELD)) {
      chainStarted = true;
      result.chained++;
    }
    prevHash = linkOf(raw, kind === "event" ? "sha256" : INGEST_CHAIN_FIELD);
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
    const message = `"prev_sha256" is missing or not a string/null`;
    return brk(line, "MISSING_FIELD", "prev_sha256", null, message);
  }
  const actualPrev = prev.kind === "string" ? prev.value : null;
  if (actualPrev !== prevHash) {
    const message = `prev_sha256 does not equal the previous line's sha256`;
    return brk(line, "PREV_MISMATCH", prevHash, actualPrev, message);
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
  const message = "sha256 does not match the event's content";
  return brk(line, "HASH_MISMATCH", computed, declared, message);
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
      const message = "prev_sha256 does not equal the previous line's chain hash";
      return brk(line, "PREV_MISMATCH", prevHash, actualPrev, message);
    }
    const computed = chainHash(tree, INGEST_CHAIN_FIELD);
    if (str(chain) !== computed) {
      const message = `${INGEST_CHAIN_FIELD} does not match the line's content`;
      return brk(line, "HASH_MISMATCH", computed, str(chain) ?? null, message);
    }
  } else if (chainStarted) {
    const message = "an unchained line follows chained ones";
    return brk(line, "CHAIN_DROPPED", INGEST_CHAIN_FIELD, null, message);
  }
  return checkFiles ? await checkFile(tree, line, root, sha, bytes.lexeme) : undefined;
}

async function checkFile(
  tree: JsonObjectNode,
  line: number,
  root: string,
  sha: string,
  bytes: string,
): Promise<LedgerBreak | undefined> {
  const file = resolve(root, str(getKey(tree, "path"))!);
  try {
    const info = await Deno.stat(file);
    if (String(info.size) !== bytes) {
      return brk(line, "FILE_MISMATCH", bytes, String(info.size), `${file} has a different size`);
    }
    const actual = await sha256File(file);
    if (actual !== sha.toLowerCase()) {
      return brk(line, "FILE_MISMATCH", sha, actual, `${file} has a different sha256`);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    return brk(line, "FILE_MISMATCH", "file", null, `${file} does not exist`);
  }
  return undefined;
}

function str(node: JsonNode | undefined): string | undefined {
  return node?.kind === "string" ? node.value : undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
