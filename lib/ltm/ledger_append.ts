/**
 * Appending to the hash-chained event ledger (`ledger/ledger.ndjson`,
 * mips.md §5): one writer at a time (a lock file that works across
 * processes), the next `evt_NNNNNN` id, the chain hash of
 * {@linkcode chainHash}, one `O_APPEND` write, fsync.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import { parseJsonTree, toPlain } from "../mips/json_tree.ts";
import { pythonJsonDumps } from "../mips/py_json.ts";
import { formatUtc } from "../mips/timestamps.ts";
import type { LedgerEvent } from "../../schemas/ltm.ts";
import { chainHash } from "./ledger.ts";

/** Options of {@linkcode appendLedgerEvent}. */
export interface AppendLedgerOptions {
  /** The event time. @default {new Date()} */
  now?: Date | undefined;
  /** Give up waiting for another writer's lock after this long. @default {10000} */
  lockTimeoutMs?: number | undefined;
}

/**
 * Appends the next chained event to an event ledger (creating it), under a
 * cross-process lock file (`<path>.lock`), as one `O_APPEND` write, fsynced.
 *
 * @param path The ledger (`ledger/ledger.ndjson`).
 * @param eventType The event type (`INDEX_UPDATE`, …).
 * @param payload The event data.
 * @param options Clock and lock timeout.
 * @returns The event written.
 * @throws {KitError} `LEDGER_TORN` when the last line is half-written; `LEDGER_LOCKED` when the lock is not released in time.
 *
 * @example Append two events and verify the chain
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendLedgerEvent } from "./ledger_append.ts";
 * import { verifyLedger } from "./ledger.ts";
 * const dir = await Deno.makeTempDir();
 * await appendLedgerEvent(`${dir}/ledger.ndjson`, "SYSTEM_INIT", { kind: "system_init" });
 * const e = await appendLedgerEvent(`${dir}/ledger.ndjson`, "INDEX_UPDATE", { modules: 3 });
 * assert(e.event_id === "evt_000002" && (await verifyLedger(`${dir}/ledger.ndjson`)).ok);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendLedgerEvent(
  path: string,
  eventType: string,
  payload: Record<string, unknown>,
  options: AppendLedgerOptions = {},
): Promise<LedgerEvent> {
  if (!/^[A-Za-z0-9_.:-]+$/.test(eventType)) {
    throw new KitError(
      "LEDGER_EVENT_INVALID",
      `Event type ${JSON.stringify(eventType)} must be a word (A-Z, 0-9, _.:-)`,
      {
        path,
        exitCode: 2,
      },
    );
  }
  return await withFileLock(`${path}.lock`, options.lockTimeoutMs ?? 10_000, async () => {
    const { last, count, endsWithNewline, empty } = await readTail(path);
    let prevSha: string | null = null;
    let nextNo = 1;
    if (last !== undefined) {
      let prev: Record<string, unknown>;
      try {
        const tree = parseJsonTree(last);
        if (tree.kind !== "object") throw new SyntaxError("not an object");
        prev = toPlain(tree) as Record<string, unknown>;
      } catch {
        throw new KitError(
          "LEDGER_TORN",
          `Cannot append to ${path}: its last line is not a JSON object (a torn write?)`,
          {
            path,
          },
        );
      }
      prevSha = typeof prev["sha256"] === "string" ? prev["sha256"] : null;
      if (prevSha === null) {
        throw new KitError(
          "LEDGER_TORN",
          `Cannot append to ${path}: its last line has no sha256 to chain to`,
          { path },
        );
      }
      const m = /^evt_(\d+)$/.exec(String(prev["event_id"] ?? ""));
      nextNo = m ? Number(m[1]) + 1 : count + 1;
    }
    const event: Omit<LedgerEvent, "sha256" | "prev_sha256"> & {
      sha256?: string;
      prev_sha256: string | null;
    } = {
      event_id: `evt_${String(nextNo).padStart(6, "0")}`,
      ts_utc: formatUtc(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000),
      event_type: eventType,
      payload,
      prev_sha256: prevSha,
    };
    const sha256 = chainHash(event as Record<string, unknown>);
    const line: LedgerEvent = {
      event_id: event.event_id,
      ts_utc: event.ts_utc,
      event_type: event.event_type,
      payload,
      sha256,
      prev_sha256: prevSha,
    };
    const text = (empty || endsWithNewline ? "" : "\n") +
      pythonJsonDumps(line, { separators: [",", ":"], ensureAscii: true }) + "\n";
    using file = await Deno.open(path, { append: true, create: true });
    const bytes = new TextEncoder().encode(text);
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    await file.syncData();
    return line;
  });
}

async function readTail(
  path: string,
): Promise<{ last?: string; count: number; endsWithNewline: boolean; empty: boolean }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { count: 0, endsWithNewline: true, empty: true };
    }
    throw error;
  }
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const last = lines.at(-1);
  return {
    ...(last === undefined ? {} : { last: last.replace(/\r$/, "") }),
    count: lines.length,
    endsWithNewline: text.endsWith("\n"),
    empty: text.length === 0,
  };
}

async function withFileLock<T>(
  lockPath: string,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5;; wait = Math.min(wait * 2, 200)) {
    try {
      const f = await Deno.open(lockPath, { write: true, createNew: true });
      await f.write(
        new TextEncoder().encode(
          JSON.stringify({ pid: Deno.pid, started_utc: new Date().toISOString() }),
        ),
      );
      f.close();
      break;
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      const stale = await Deno.stat(lockPath).then(
        (s) => Date.now() - (s.mtime?.getTime() ?? 0) > 30_000,
        () => false,
      );
      if (stale) {
        await Deno.remove(lockPath).catch(() => {});
        continue;
      }
      if (Date.now() > deadline) {
        throw new KitError(
          "LEDGER_LOCKED",
          `Cannot append: ${lockPath} is held by another writer (remove it if no writer is running)`,
          {
            path: lockPath,
          },
        );
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  try {
    return await fn();
  } finally {
    await Deno.remove(lockPath).catch(() => {});
  }
}
