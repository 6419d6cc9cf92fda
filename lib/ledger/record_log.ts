/**
 * Writing a record log with a sidecar chain: {@linkcode appendRecords} for a
 * one-off append, {@linkcode openRecordLog} for a writer that never blocks its
 * caller (buffered, written in batches in the background) and loses nothing
 * on a clean shutdown (`flush()`, `close()`). Each batch is one locked step:
 * finish a pending rotation, reconcile the log with its chain (crash repair),
 * write the lines, then their chain entries.
 *
 * @module
 */
import { dirname } from "node:path";
import { withLock } from "../fs/lock.ts";
import { ledgerLine } from "./append.ts";
import { reconcile, type SidecarPosition, writeBatch } from "./_sidecar.ts";
import { finishRotation } from "./_rotation.ts";

/** Options of the record-log writers. */
export interface RecordLogOptions {
  /** How long one batch waits for another writer's lock. @default {15000} */
  lockWaitMs?: number;
  /** Aborts a wait for the lock. */
  signal?: AbortSignal;
}

/** Where appended records landed. */
export interface AppendRecordsResult {
  /** Line number of the first record (0 when none were given). */
  first_line: number;
  /** Line number of the last record. */
  last_line: number;
}

/**
 * Appends records to a record log and its sidecar chain (both created with
 * their folder), repairing what a crash left first. Each record is written as
 * one compact, ASCII-escaped JSON line, keys in the order given.
 *
 * @param path The log (e.g. `audit/metacognition.jsonl`).
 * @param records JSON-able objects.
 * @param options Lock wait and abort.
 * @returns The line numbers written.
 * @throws {KitError} `LEDGER_BROKEN` when the chain covers more lines than the log has
 *   (rotate the pair away); `LOCKED` when another writer keeps the lock.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendRecords, verifyLedger } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * await appendRecords(`${dir}/m.jsonl`, [{ event_type: "STATE_TRANSITION" }]);
 * const at = await appendRecords(`${dir}/m.jsonl`, [{ event_type: "FINAL_OUTCOME" }]);
 * assert.deepEqual(at, { first_line: 2, last_line: 2 });
 * const v = await verifyLedger(`${dir}/m.jsonl`);
 * assert(v.ok && v.kind === "sidecar" && v.chained === 2);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendRecords(
  path: string,
  records: readonly object[],
  options: RecordLogOptions = {},
): Promise<AppendRecordsResult> {
  const lines = records.map(serialise);
  const after = await lockedBatch(path, undefined, lines, options);
  return { first_line: lines.length ? after.seq - lines.length + 1 : 0, last_line: after.seq };
}

/**
 * Repairs a record log and its chain after a crash, without appending: cuts
 * torn tails, gives complete lines their missing chain entries.
 *
 * @param path The log.
 * @param options Lock wait and abort.
 * @returns The number of log lines the chain covers now.
 * @throws {KitError} `LEDGER_BROKEN` when the chain covers more lines than the log has.
 *
 * @example A line written just before a crash gets its chain entry
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendRecords, repairRecordLog, verifyLedger } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * await appendRecords(`${dir}/m.jsonl`, [{ n: 1 }]);
 * await Deno.writeTextFile(`${dir}/m.jsonl`, '{"n":2}\n{"n":', { append: true });
 * assert.equal((await verifyLedger(`${dir}/m.jsonl`)).chained, 1);
 * assert.equal(await repairRecordLog(`${dir}/m.jsonl`), 2);
 * assert.equal((await Deno.readTextFile(`${dir}/m.jsonl`)).split("\n").length, 3);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function repairRecordLog(
  path: string,
  options: RecordLogOptions = {},
): Promise<number> {
  return (await lockedBatch(path, undefined, [], options)).seq;
}

/** A buffered record-log writer. */
export interface RecordLog extends AsyncDisposable {
  /** The log file. */
  readonly path: string;
  /** Records appended but not yet on disk. */
  readonly pending: number;
  /**
   * Queues a record (serialised at once, so later changes to the object do
   * not matter) and starts a background write; never waits.
   * @throws {TypeError} After `close()`.
   */
  append(record: object): void;
  /**
   * Resolves once every record appended before the call is on disk (log and
   * chain, fsynced); retries a batch that failed before.
   * @throws The error of the last failed batch (its records stay queued).
   */
  flush(): Promise<void>;
  /** Flushes, then refuses further appends. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@linkcode openRecordLog}. */
export interface OpenRecordLogOptions extends RecordLogOptions {
  /** Told about a background batch that failed (its records stay queued for the next try). */
  onError?: (error: unknown) => void;
}

/**
 * Opens a buffered writer on a record log: `append` queues and returns at
 * once; batches are written in the background, one locked step each.
 *
 * @param path The log (e.g. `audit/metacognition.jsonl`).
 * @param options Lock wait, abort, error callback.
 * @returns The writer; `close()` it (or `await using`) to write what is queued.
 * @throws {KitError} `LEDGER_BROKEN` from the opening repair; `LOCKED`.
 *
 * @example Append without waiting, then close
 * ```ts
 * import assert from "node:assert/strict";
 * import { openRecordLog, verifyLedger } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const log = await openRecordLog(`${dir}/audit/metacognition.jsonl`);
 * for (let i = 0; i < 100; i++) log.append({ cycle_id: "c-1", n: i });
 * await log.close();
 * const v = await verifyLedger(`${dir}/audit/metacognition.jsonl`);
 * assert(v.ok && v.lines === 100 && v.chained === 100);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function openRecordLog(
  path: string,
  options: OpenRecordLogOptions = {},
): Promise<RecordLog> {
  const writer = new BufferedRecordLog(path, options);
  await writer.open();
  return writer;
}

class BufferedRecordLog implements RecordLog {
  readonly path: string;
  readonly #options: OpenRecordLogOptions;
  #queue: string[] = [];
  #appended = 0;
  #written = 0;
  #position: SidecarPosition | undefined;
  #running: Promise<void> | undefined;
  #error: unknown;
  #closed = false;

  constructor(path: string, options: OpenRecordLogOptions) {
    this.path = path;
    this.#options = options;
  }

  get pending(): number {
    return this.#queue.length;
  }

  async open(): Promise<void> {
    this.#position = await lockedBatch(this.path, undefined, [], this.#options);
  }

  append(record: object): void {
    if (this.#closed) throw new TypeError(`The record log ${this.path} is closed`);
    this.#queue.push(serialise(record));
    this.#appended++;
    if (this.#error === undefined) this.#kick();
  }

  async flush(): Promise<void> {
    const target = this.#appended;
    this.#error = undefined;
    while (this.#written < target) {
      if (this.#error !== undefined) throw this.#error;
      this.#kick();
      await this.#running;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #kick(): void {
    if (this.#running || this.#queue.length === 0) return;
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#error === undefined) this.#kick(); // records queued in the meantime
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice();
      try {
        this.#position = await lockedBatch(this.path, this.#position, batch, this.#options);
      } catch (error) {
        this.#error = error;
        this.#position = undefined; // re-read the files next time
        this.#options.onError?.(error);
        return;
      }
      this.#queue.splice(0, batch.length);
      this.#written += batch.length;
    }
  }
}

function serialise(record: object): string {
  return ledgerLine(record).slice(0, -1);
}

async function lockedBatch(
  path: string,
  known: SidecarPosition | undefined,
  lines: readonly string[],
  options: RecordLogOptions,
): Promise<SidecarPosition> {
  await Deno.mkdir(dirname(path), { recursive: true });
  return await withLock(`${path}.lock`, async () => {
    await finishRotation(path);
    const at = await reconcile(path, known);
    return await writeBatch(path, at, lines);
  }, {
    purpose: `append to ${path}`,
    ...(options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
