/**
 * The boot audit log `<dataDir>/audit/boot_events.ndjson`: one hash-chained
 * event per boot and per slot change, with the LTM event-ledger recipe
 * (mips.md §5): `sha256` = SHA-256 of the event without `sha256`, keys sorted
 * recursively, compact separators, ASCII-escaped; `prev_sha256` = the
 * previous line's `sha256` (`null` first). Appends are serialised by a file
 * lock; a line torn by a crash is cut off before the next append.
 *
 * @module
 */
import { join } from "node:path";
import type { Config } from "../config.ts";
import { sha256Hex } from "../fs/sha256.ts";
import { readRange } from "../fs/read_range.ts";
import { pythonJsonDumps } from "../mips/py_json.ts";
import type { AuditRef } from "../../schemas/boot.ts";
import { withFileLock } from "./lock.ts";

/** One line of the audit log. */
export interface AuditEvent {
  /** `evt_000001`, … */
  event_id: string;
  /** ISO time, UTC, seconds. */
  ts_utc: string;
  /** `BOOT_OK`, `BOOT_FAILED`, `SLOT_STAGE`, `SLOT_PROMOTE`, `SLOT_ROLLBACK`, … */
  event_type: string;
  /** Facts of the event. */
  payload: Record<string, unknown>;
  /** Chain hash. */
  sha256: string;
  /** Previous event's hash (`null` for the first). */
  prev_sha256: string | null;
}

/**
 * The audit log path of a configuration.
 *
 * @param config The configuration.
 * @returns `<dataDir>/audit/boot_events.ndjson`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { auditLogPath } from "./audit.ts";
 * assert(auditLogPath({ dataDir: "/d" } as never) === "/d/audit/boot_events.ndjson");
 * ```
 */
export function auditLogPath(config: Pick<Config, "dataDir">): string {
  return join(config.dataDir, "audit", "boot_events.ndjson");
}

/**
 * The chain hash of an event (the event without `sha256`).
 *
 * @param event The event (its `sha256`, if any, is ignored).
 * @returns 64 hex characters.
 *
 * @example The LTM ledger's test vector
 * ```ts
 * import assert from "node:assert/strict";
 * import { auditEventHash } from "./audit.ts";
 * const h = auditEventHash({ event_id: "evt_000002", ts_utc: "2026-01-10T12:01:00Z", event_type: "ARTIFACT_CREATED",
 *   payload: { path: "deltas/2026-01/MB__03_DELTA__BlueWidgets_v1.mips.json" },
 *   prev_sha256: "45bfb3930d5e2e8112b774a1420e1dc24b561a23e35a039787e23ecc74e127f4" });
 * assert(h === "b419bb3e570b6d3cbbf2195542ca806f46efa66ae75ea4ce927005709dac8239");
 * ```
 */
export function auditEventHash(event: Omit<AuditEvent, "sha256"> & { sha256?: string }): string {
  const { sha256: _ignored, ...rest } = event;
  return sha256Hex(pythonJsonDumps(rest, { sortKeys: true, separators: [",", ":"] }));
}

/**
 * Appends one event to a hash-chained log (created with its folder if needed).
 *
 * @param path The log file.
 * @param eventType The event type.
 * @param payload JSON-able facts.
 * @param now Clock. @default {new Date()}
 * @returns The event's id, hash and the log path.
 * @throws {KitError} `LOCKED` when another writer holds the log too long.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendAuditEvent, readAuditLog } from "./audit.ts";
 * const dir = await Deno.makeTempDir();
 * await appendAuditEvent(`${dir}/log.ndjson`, "BOOT_OK", { boot_id: "b1" });
 * const ref = await appendAuditEvent(`${dir}/log.ndjson`, "BOOT_FAILED", { boot_id: "b2" });
 * assert(ref.event_id === "evt_000002" && (await readAuditLog(`${dir}/log.ndjson`)).ok);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendAuditEvent(
  path: string,
  eventType: string,
  payload: Record<string, unknown>,
  now: Date = new Date(),
): Promise<AuditRef> {
  await Deno.mkdir(join(path, ".."), { recursive: true });
  return await withFileLock(`${path}.lock`, async () => {
    const last = await lastCompleteLine(path);
    let prev: AuditEvent | undefined;
    if (last.line !== undefined) {
      try {
        prev = JSON.parse(last.line) as AuditEvent;
      } catch { /* an unreadable last line: the chain restarts from its absence */ }
    }
    const n = prev && /^evt_(\d+)$/.test(prev.event_id) ? Number(prev.event_id.slice(4)) + 1 : 1;
    const body = {
      event_id: `evt_${String(n).padStart(6, "0")}`,
      ts_utc: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
      event_type: eventType,
      payload,
    };
    const prevSha = typeof prev?.sha256 === "string" ? prev.sha256 : null;
    const sha256 = auditEventHash({ ...body, prev_sha256: prevSha });
    const line = JSON.stringify({ ...body, sha256, prev_sha256: prevSha }) + "\n";
    const file = await Deno.open(path, { write: true, create: true });
    try {
      // Cut a line torn by a crash mid-append, then write the new one at the end.
      await file.truncate(last.end);
      await file.seek(last.end, Deno.SeekMode.Start);
      const bytes = new TextEncoder().encode(line);
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      await file.sync();
    } finally {
      file.close();
    }
    return { event_id: body.event_id, sha256, path };
  }, { purpose: `append ${eventType}` });
}

/** The result of {@linkcode readAuditLog}. */
export interface AuditLogRead {
  /** Every line parses and the chain holds. */
  ok: boolean;
  /** Parsed events in order. */
  events: AuditEvent[];
  /** What is wrong, by line number. */
  problems: string[];
}

/**
 * Reads and verifies a hash-chained audit log.
 *
 * @param path The log file.
 * @returns Events and chain problems (a missing file is an empty, valid log).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readAuditLog } from "./audit.ts";
 * assert((await readAuditLog("/no/such/log.ndjson")).events.length === 0);
 * ```
 */
export async function readAuditLog(path: string): Promise<AuditLogRead> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { ok: true, events: [], problems: [] };
    throw error;
  }
  const events: AuditEvent[] = [];
  const problems: string[] = [];
  let prev: string | null = null;
  text.split("\n").forEach((line, i) => {
    if (line === "") return;
    let event: AuditEvent;
    try {
      event = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not JSON`);
      return;
    }
    if (event.prev_sha256 !== prev) problems.push(`line ${i + 1}: prev_sha256 does not link`);
    if (auditEventHash(event) !== event.sha256) problems.push(`line ${i + 1}: sha256 mismatch`);
    prev = event.sha256;
    events.push(event);
  });
  return { ok: problems.length === 0, events, problems };
}

/** The last newline-terminated line and the offset just after it. */
async function lastCompleteLine(path: string): Promise<{ line?: string; end: number }> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { end: 0 };
    throw error;
  }
  try {
    const size = (await file.stat()).size;
    let window = 64 * 1024;
    for (;;) {
      const start = Math.max(0, size - window);
      const buf = await readRange(file, start, size);
      const lastNl = buf.lastIndexOf(10);
      if (lastNl === -1) {
        if (start === 0) return { end: 0 };
        window *= 4;
        continue;
      }
      const prevNl = buf.lastIndexOf(10, lastNl - 1);
      if (prevNl === -1 && start > 0) {
        window *= 4;
        continue;
      }
      const line = new TextDecoder().decode(buf.subarray(prevNl + 1, lastNl));
      return { line, end: start + lastNl + 1 };
    }
  } finally {
    file.close();
  }
}
