/**
 * Reading the catalog's cycle-log records back: an async iterator over every
 * stored record matching a filter, in ingest order, fetched in pages so a
 * million records never sit in memory at once (the audit report and the
 * fine-tune export read through this).
 *
 * @module
 */
import type { Store } from "../store/store.ts";
import {
  migrateCatalog,
  type RecordFilter,
  recordsAfter,
  type StoredRecord,
} from "./repository.ts";

export type { RecordFilter, StoredRecord } from "./repository.ts";

/** Options of {@linkcode iterateRecords}. */
export interface IterateRecordsOptions {
  /** Records fetched per read. @default {1000} */
  pageSize?: number | undefined;
  /** Stops the iteration (throws the signal's reason at the next page). */
  signal?: AbortSignal | undefined;
}

/**
 * Every stored record matching `filter`, in ingest order (oldest first).
 *
 * @param store The store.
 * @param filter Cycle, persona, event type, cycle outcome, time range, source log.
 * @param options Page size and abort.
 * @returns An async iterator of `{id, content_sha256, record, source_log, source_line}`.
 * @throws {RangeError} When `since` / `until` is not a time.
 *
 * @example The records of the cycles that completed
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendRecords } from "../ledger/record_log.ts";
 * import { CycleLog } from "../cycle/log.ts";
 * import { openSqliteStore } from "../store/sqlite_store.ts";
 * import { ingestAuditLog } from "./ingest.ts";
 * import { iterateRecords } from "./records.ts";
 * const dir = await Deno.makeTempDir();
 * const written: object[] = [];
 * const log = new CycleLog({ append: (r) => written.push(r) });
 * for (const [id, outcome] of [["c-1", "COMPLETE"], ["c-2", "FAILED"]] as const) {
 *   const ctx = { cycle_id: id, transaction_id: "tx", mission_brief_hash: "0".repeat(64) };
 *   log.write(ctx, { event_type: "CYCLE_STARTED", current_state: "IDLE" });
 *   log.write(ctx, { event_type: "FINAL_OUTCOME", current_state: outcome, final_outcome: outcome });
 * }
 * await appendRecords(`${dir}/m.jsonl`, written);
 * await using store = await openSqliteStore(":memory:");
 * await ingestAuditLog(store, { file: `${dir}/m.jsonl` });
 * const seen = [];
 * for await (const r of iterateRecords(store, { outcome: "COMPLETE" })) seen.push(r.record.event_type);
 * assert.deepEqual(seen, ["CYCLE_STARTED", "FINAL_OUTCOME"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function* iterateRecords(
  store: Store,
  filter: RecordFilter = {},
  options: IterateRecordsOptions = {},
): AsyncGenerator<StoredRecord> {
  await migrateCatalog(store);
  const pageSize = options.pageSize ?? 1000;
  let after = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await store.read((tx) => recordsAfter(tx, filter, after, pageSize));
    yield* page;
    if (page.length < pageSize) return;
    after = page.at(-1)!.id;
  }
}
