/**
 * The boot audit log `<dataDir>/audit/boot_events.ndjson`: one event per boot
 * and per slot change, an *event* ledger of `lib/ledger/` (the LTM event
 * ledger's recipe, lock and torn-tail rule).
 *
 * @module
 */
import type { Config } from "../config.ts";
import { type Clock, fixedClock } from "../clock.ts";
import { dataLayout } from "../layout.ts";
import { appendEvent } from "../ledger/append.ts";
import { readLedger } from "../ledger/read.ts";
import { verifyLedger } from "../ledger/verify.ts";
import type { AuditRef } from "../../schemas/boot.ts";
import type { LedgerEvent } from "../../schemas/state.ts";

/** One line of the audit log. */
export type AuditEvent = LedgerEvent;

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
 * assert.equal(auditLogPath({ dataDir: "/d" }), "/d/audit/boot_events.ndjson");
 * ```
 */
export function auditLogPath(config: Pick<Config, "dataDir">): string {
  return dataLayout(config.dataDir).boot_events;
}

/**
 * Appends one event to the audit log (created with its folder if needed).
 *
 * @param path The log file.
 * @param eventType The event type (`BOOT_OK`, `SLOT_PROMOTE`, …).
 * @param payload JSON-able facts.
 * @param now The event time, or a clock. @default {the system clock}
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
 * assert.equal(ref.event_id, "evt_000002");
 * assert((await readAuditLog(`${dir}/log.ndjson`)).ok);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendAuditEvent(
  path: string,
  eventType: string,
  payload: Record<string, unknown>,
  now?: Date | Clock,
): Promise<AuditRef> {
  const clock = now instanceof Date ? fixedClock(now.getTime()) : now;
  const event = await appendEvent(path, eventType, payload, clock ? { clock } : {});
  return { event_id: event.event_id, sha256: event.sha256, path };
}

/** The result of {@linkcode readAuditLog}. */
export interface AuditLogRead {
  /** Every line parses and the chain holds. */
  ok: boolean;
  /** Parsed events in order. */
  events: AuditEvent[];
  /** What is wrong, by line number (the first break of the chain). */
  problems: string[];
}

const PROBLEM: Record<string, string> = {
  NOT_JSON: "not JSON",
  PREV_MISMATCH: "prev_sha256 does not link",
  HASH_MISMATCH: "sha256 mismatch",
};

/**
 * Reads and verifies the audit log; a torn last line (a crash mid-append) is
 * skipped, not a problem.
 *
 * @param path The log file.
 * @returns Events and the first chain problem (a missing file is an empty, valid log).
 * @throws {Deno.errors.PermissionDenied} When the file cannot be read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readAuditLog } from "./audit.ts";
 * assert.equal((await readAuditLog("/no/such/log.ndjson")).events.length, 0);
 * ```
 */
export async function readAuditLog(path: string): Promise<AuditLogRead> {
  const read = await readLedger(path);
  if (read.entries.length === 0 && read.bad.length === 0) {
    return { ok: true, events: [], problems: [] };
  }
  const verdict = await verifyLedger(path, { kind: "event" });
  const b = verdict.first_broken;
  const problems = b ? [`line ${b.line}: ${PROBLEM[b.reason] ?? b.message}`] : [];
  return {
    ok: verdict.ok,
    events: read.entries.map((e) => e.value as unknown as AuditEvent),
    problems,
  };
}
