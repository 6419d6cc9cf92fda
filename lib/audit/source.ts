/**
 * Where the audit reads records from: the catalog (the ingested cycle log, in
 * ingest order) or a cycle-log file read directly. Either way the consumers
 * see one async iterable of records and, once it is drained, the facts of the
 * source for the result.
 *
 * @module
 */
import { iterateRecords, type RecordFilter } from "../catalog/records.ts";
import type { Store } from "../store/store.ts";
import type { CycleLogRecord } from "../../schemas/cycle_log.ts";
import type { AuditSource } from "../../schemas/audit.ts";
import { readCycleLog, type ReadTally } from "./read_log.ts";

/** Records and, after they are read, where they came from. */
export interface RecordSource {
  /** The records, oldest first. */
  records: AsyncIterable<CycleLogRecord>;
  /** The source's facts (call after draining `records`). */
  facts(): Omit<AuditSource, "records" | "bad_timestamps">;
}

/**
 * The records of a cycle-log file.
 *
 * @param path The file (absolute).
 * @param signal Stops the read.
 * @returns The source.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logSource } from "./source.ts";
 * const file = await Deno.makeTempFile();
 * await Deno.writeTextFile(file, "{}\n");
 * const source = logSource(file);
 * for await (const _ of source.records) assert.fail();
 * assert.equal(source.facts().skipped, 1);
 * await Deno.remove(file);
 * ```
 */
export function logSource(path: string, signal?: AbortSignal): RecordSource {
  const tally: ReadTally = { records: 0, skipped: 0, skipped_examples: [] };
  return {
    records: readCycleLog(path, tally, signal),
    facts: () => ({
      kind: "log",
      path,
      skipped: tally.skipped,
      skipped_examples: tally.skipped_examples,
    }),
  };
}

/**
 * The catalog's records.
 *
 * @param store The store holding the catalog.
 * @param name How to name the store in the result (its path, or `postgresql`).
 * @param filter Narrows the records read (see `RecordFilter`).
 * @param signal Stops the read.
 * @returns The source.
 */
export function catalogSource(
  store: Store,
  name: string,
  filter: RecordFilter = {},
  signal?: AbortSignal,
): RecordSource {
  async function* records(): AsyncGenerator<CycleLogRecord> {
    for await (const stored of iterateRecords(store, filter, { signal })) yield stored.record;
  }
  return {
    records: records(),
    facts: () => ({ kind: "catalog", path: name, skipped: 0, skipped_examples: [] }),
  };
}
