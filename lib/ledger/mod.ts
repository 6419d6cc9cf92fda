/**
 * The kit's one chained log: append, read, verify and rotate hash-chained
 * NDJSON ledgers, in three kinds that share one recipe, one torn-tail rule,
 * one lock and one serialisation.
 *
 * **Recipe** (mips.md §5). A chain hash is the SHA-256 of the entry without
 * its hash field, keys sorted recursively, compact separators, non-ASCII
 * escaped (Python's `json.dumps(e, sort_keys=True, separators=(",", ":"))`);
 * `prev_sha256` is the previous line's link ({@linkcode linkOf}), `null` first.
 *
 * **Kinds.**
 * - *event* ({@linkcode appendEvent}): `{event_id, ts_utc, event_type, payload,
 *   sha256, prev_sha256}`, `sha256` the chain hash. The LTM event ledger
 *   (`ledger/ledger.ndjson`) and the boot audit log (`audit/boot_events.ndjson`).
 *   The verifier also accepts the older genesis recipe for `evt_000001` only
 *   (`sha256` = SHA-256 of `json.dumps(payload, sort_keys=True)`, DECISIONS "Two ledgers").
 * - *ingest* ({@linkcode appendChained}): the LTM ingest ledger
 *   (`manifests/ledger.ndjson`), where `sha256` names the file, so the chain
 *   hash is `chain_sha256`. Lines of the original watcher carry no chain; the
 *   first chained line links to the last one's recipe hash; once chained,
 *   every later line must be.
 * - *sidecar* ({@linkcode appendRecords}, {@linkcode openRecordLog}): a log
 *   whose lines must stay exactly a record shape (the living image's
 *   `audit/metacognition.jsonl`, 13 fields a line). Its chain lives beside it
 *   in `<log>.chain`, one {@linkcode ChainEntry} per log line:
 *   `{"seq":N,"line_sha256":…,"prev_sha256":…,"chain_sha256":…}`, where
 *   `line_sha256` = SHA-256 of log line N's UTF-8 bytes without the newline
 *   and `chain_sha256` = SHA-256 of `{"line_sha256":…,"prev_sha256":…,"seq":N}`
 *   (the recipe above over the entry without `chain_sha256`).
 *
 * **Torn tail — one rule for every kind.** Text after a file's last newline
 * is a complete line when it is a JSON object (its newline is missing: the
 * next append writes it first); otherwise it is a *torn tail*, a write cut
 * short by a crash. Readers skip it and report it as `torn_tail`, the
 * verifier reports `torn_tail` and not a break (`ok` stays true), and the next
 * append cuts it under the lock before writing. A complete line that is not a
 * JSON object is damage: readers report it as bad, the verifier as the first
 * break, and an append links past it by the SHA-256 of its text.
 *
 * **Writing.** One writer at a time: every append takes `<ledger>.lock`
 * ({@linkcode withLock}, cross-process, stale-PID takeover), reads the link
 * from the file's end under it, writes once and fsyncs. Lines are compact,
 * ASCII-escaped JSON ({@linkcode ledgerLine}); times are whole-second UTC
 * (`isoUtc`). Sidecar crash rules: the log line is written (and fsynced)
 * before its chain entry; under the lock, before every batch, a torn log or
 * chain tail is cut and complete log lines without an entry get one; a chain
 * covering more lines than the log has is `LEDGER_BROKEN` (the log was
 * truncated: verify it, rotate it away).
 *
 * **Verifying** ({@linkcode verifyLedger}) stops at the first break and names
 * its line: for a sidecar log, the first log line that was edited, deleted,
 * moved (`LINE_MISMATCH`) or truncated away (`LINE_MISSING`), or whose chain
 * entry is wrong. Log lines after the last chain entry (a crash between the
 * two writes) count in `lines` but not in `chained`.
 *
 * **Rotating** ({@linkcode rotateLedger}) moves a log and its chain together
 * under the lock, journaled (`<ledger>.rotating`) so that a crash midway is
 * completed by the next writer.
 *
 * @example Event ledger, then a sidecar record log
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendEvent, appendRecords, verifyLedger } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * await appendEvent(`${dir}/events.ndjson`, "BOOT_OK", { boot_id: "b1" });
 * assert((await verifyLedger(`${dir}/events.ndjson`)).ok);
 * await appendRecords(`${dir}/metacognition.jsonl`, [{ cycle_id: "c-1" }]);
 * assert.equal((await verifyLedger(`${dir}/metacognition.jsonl`)).kind, "sidecar");
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./chain.ts";
export * from "./read.ts";
export * from "./append.ts";
export * from "./verify.ts";
export * from "./sidecar.ts";
export * from "./record_log.ts";
export * from "./rotate.ts";
export * from "./render.ts";
export * from "../../schemas/state.ts";
