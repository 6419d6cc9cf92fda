/**
 * Appending to a ledger whose lines carry their own chain: event ledgers
 * ({@linkcode appendEvent}: the LTM event ledger, the boot audit log) and
 * chained-line ledgers ({@linkcode appendChained}: the LTM ingest ledger).
 * One writer at a time (a lock), the link read from the file's end under that
 * lock, a torn tail cut and a missing final newline added first, one write,
 * fsync.
 *
 * @module
 */
import { dirname } from "node:path";
import { type Clock, isoUtc, systemClock } from "../clock.ts";
import { KitError } from "../errors.ts";
import { withLock } from "../fs/lock.ts";
import { pythonJsonDumps } from "../json/py_json.ts";
import type { LedgerEvent } from "../../schemas/state.ts";
import { type FileTail, readFileTail, writeAtTail } from "./_lines.ts";
import { chainEntry, linkOf } from "./chain.ts";
import { readLedger } from "./read.ts";
import { finishRotation } from "./_rotation.ts";

/** Options of every ledger append. */
export interface AppendOptions {
  /** Time source of the entry's timestamp. @default {systemClock} */
  clock?: Clock;
  /**
   * The lock that serialises writers, `<path>.lock` by default; `null` when the
   * caller already holds a lock that every writer of this ledger takes (the LTM
   * repo's writer lock for the ingest ledger).
   */
  lockPath?: string | null;
  /** How long to wait for another writer. @default {15000} */
  lockWaitMs?: number;
  /** Aborts the wait for the lock. */
  signal?: AbortSignal;
}

/** Event types are words: they go into logs and messages as they are. */
const EVENT_TYPE = /^[A-Za-z0-9_.:-]+$/;

/**
 * Appends the next event to an event ledger (created with its folder):
 * `{event_id, ts_utc, event_type, payload, sha256, prev_sha256}` with the next
 * `evt_NNNNNN` id, `ts_utc` to the whole second, `prev_sha256` the previous
 * line's link and `sha256` the chain hash, written as compact ASCII-escaped JSON.
 *
 * @param path The ledger (`ledger/ledger.ndjson`, `audit/boot_events.ndjson`).
 * @param eventType The event type, a word (`BOOT_OK`, `INDEX_UPDATE`, …).
 * @param payload The event's JSON-able facts.
 * @param options Clock and lock.
 * @returns The event written.
 * @throws {KitError} `LEDGER_EVENT_INVALID` (exit 2) for an event type that is not a word;
 *   `LOCKED` when another writer keeps the lock.
 *
 * @example Append two events and verify the chain
 * ```ts
 * import assert from "node:assert/strict";
 * import { fixedClock } from "../clock.ts";
 * import { appendEvent, verifyLedger } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const clock = fixedClock(Date.UTC(2026, 0, 10, 12));
 * await appendEvent(`${dir}/ledger.ndjson`, "SYSTEM_INIT", { kind: "system_init" }, { clock });
 * const e = await appendEvent(`${dir}/ledger.ndjson`, "INDEX_UPDATE", { modules: 3 }, { clock });
 * assert.equal(e.event_id, "evt_000002");
 * assert.equal(e.ts_utc, "2026-01-10T12:00:00Z");
 * assert((await verifyLedger(`${dir}/ledger.ndjson`)).ok);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendEvent(
  path: string,
  eventType: string,
  payload: Record<string, unknown>,
  options: AppendOptions = {},
): Promise<LedgerEvent> {
  if (!EVENT_TYPE.test(eventType)) {
    throw new KitError(
      "LEDGER_EVENT_INVALID",
      `Cannot append to ${path}: event type ${
        JSON.stringify(eventType)
      } must be a word (A-Z, 0-9, _.:-)`,
      { path, exitCode: 2 },
    );
  }
  return await appendAtTail(path, options, async (tail) => {
    let number = 1;
    if (tail.last !== undefined) {
      const m = /^evt_(\d+)$/.exec(String(parseObject(tail.last)?.["event_id"] ?? ""));
      number = m ? Number(m[1]) + 1 : (await readLedger(path)).entries.length + 1;
    }
    const event = chainEntry(
      {
        event_id: `evt_${String(number).padStart(6, "0")}`,
        ts_utc: isoUtc((options.clock ?? systemClock).now()),
        event_type: eventType,
        payload,
      },
      tail.last === undefined ? null : linkOf(tail.last, "sha256"),
      "sha256",
    );
    const line: LedgerEvent = {
      event_id: event.event_id,
      ts_utc: event.ts_utc,
      event_type: event.event_type,
      payload,
      sha256: event.sha256,
      prev_sha256: event.prev_sha256,
    };
    return { text: ledgerLine(line), result: line };
  });
}

/**
 * Appends a line that carries its own chain to a chained-line ledger (created
 * with its folder): the fields, then `prev_sha256` (the previous line's link,
 * `null` on an empty ledger) and `chain_sha256` (the chain hash of the line).
 *
 * @param path The ledger (`manifests/ledger.ndjson`).
 * @param fields The line's own fields (`undefined` ones are dropped).
 * @param options Lock (the ingest ledger is written under the LTM writer lock: `lockPath: null`).
 * @returns The line written.
 * @throws {KitError} `LOCKED` when another writer keeps the lock.
 *
 * @example Chain onto a legacy unchained line
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendChained, chainHash } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const legacy = { ts: "t", path: "deltas/a", sha256: "0".repeat(64), bytes: 1 };
 * await Deno.writeTextFile(`${dir}/ledger.ndjson`, JSON.stringify(legacy)); // no final newline
 * const line = await appendChained(`${dir}/ledger.ndjson`, { ts: "t2", path: "deltas/b", sha256: "1".repeat(64), bytes: 2 });
 * assert.equal(line.prev_sha256, chainHash(legacy, "chain_sha256"));
 * assert.equal((await Deno.readTextFile(`${dir}/ledger.ndjson`)).split("\n").length, 3);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendChained<F extends Record<string, unknown>>(
  path: string,
  fields: F,
  options: AppendOptions = {},
): Promise<F & { prev_sha256: string | null; chain_sha256: string }> {
  return await appendAtTail(path, options, (tail) => {
    const prev = tail.last === undefined ? null : linkOf(tail.last, "chain_sha256");
    const line = chainEntry(fields, prev, "chain_sha256");
    return Promise.resolve({ text: ledgerLine(line), result: line });
  });
}

/**
 * One ledger line as the kit writes every ledger: compact JSON, non-ASCII
 * escaped (`\u00e9`, as Python writes), keys in the given order, newline-terminated.
 *
 * @param value A JSON-able object.
 * @returns The line, ending in `\n`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ledgerLine } from "./append.ts";
 * assert.equal(ledgerLine({ b: "é", a: 1 }), '{"b":"\\u00e9","a":1}\n');
 * ```
 */
export function ledgerLine(value: object): string {
  return pythonJsonDumps(value, { separators: [",", ":"], ensureAscii: true }) + "\n";
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Under the ledger's lock: read the tail, build the line from it, write it there. */
async function appendAtTail<T>(
  path: string,
  options: AppendOptions,
  build: (tail: FileTail) => Promise<{ text: string; result: T }>,
): Promise<T> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const write = async () => {
    await finishRotation(path);
    using file = await Deno.open(path, { read: true, write: true, create: true });
    const tail = await readFileTail(file);
    const { text, result } = await build(tail);
    await writeAtTail(file, tail, text);
    return result;
  };
  const lockPath = options.lockPath === undefined ? `${path}.lock` : options.lockPath;
  if (lockPath === null) return await write();
  return await withLock(lockPath, write, {
    purpose: `append to ${path}`,
    ...(options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
