/**
 * The sidecar chain of a record log: `<log>.chain` holds one
 * {@linkcode ChainEntry} per log line, so the log's lines stay exactly the
 * records they are (the living image's 13-field cycle log) and still form a
 * hash chain. The recipe, crash rules and verification are in `mod.ts`.
 *
 * @module
 */
import { sha256Hex } from "../fs/sha256.ts";
import type { ChainEntry } from "../../schemas/state.ts";
import { chainEntry } from "./chain.ts";

/**
 * The sidecar chain file of a log.
 *
 * @param path The log.
 * @returns `<path>.chain`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chainPathOf } from "./sidecar.ts";
 * assert.equal(chainPathOf("/d/audit/metacognition.jsonl"), "/d/audit/metacognition.jsonl.chain");
 * ```
 */
export function chainPathOf(path: string): string {
  return `${path}.chain`;
}

/**
 * The chain entry of log line `seq`: `line_sha256` = SHA-256 of the line's
 * UTF-8 bytes without its newline; `chain_sha256` = SHA-256 of
 * `{"line_sha256":…,"prev_sha256":…,"seq":…}` (keys sorted, compact,
 * ASCII-escaped: the ledger recipe of mips.md §5 over the entry without
 * `chain_sha256`).
 *
 * @param seq 1-based line number in the log.
 * @param line The line (text or bytes), without its newline.
 * @param prev The previous entry's `chain_sha256`, `null` for line 1.
 * @returns The entry, keys in the order they are written.
 *
 * @example The first two entries of a log
 * ```ts
 * import assert from "node:assert/strict";
 * import { sidecarEntry } from "./sidecar.ts";
 * import { sha256Hex } from "../fs/sha256.ts";
 * const one = sidecarEntry(1, '{"event_type":"STATE_TRANSITION"}', null);
 * const two = sidecarEntry(2, '{"event_type":"FINAL_OUTCOME"}', one.chain_sha256);
 * assert.equal(one.line_sha256, sha256Hex('{"event_type":"STATE_TRANSITION"}'));
 * assert.equal(
 *   one.chain_sha256,
 *   sha256Hex(`{"line_sha256":"${one.line_sha256}","prev_sha256":null,"seq":1}`),
 * );
 * assert.equal(two.prev_sha256, one.chain_sha256);
 * ```
 */
export function sidecarEntry(
  seq: number,
  line: Uint8Array | string,
  prev: string | null,
): ChainEntry {
  return chainEntry({ seq, line_sha256: sha256Hex(line) }, prev, "chain_sha256");
}
