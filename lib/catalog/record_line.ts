/**
 * One cycle-log line as the catalog reads it: a 13-field kit record, or the
 * VIII code's older formatter shape (`{timestamp, event_type, actor, data}`),
 * converted; anything else is malformed and named, never silently dropped.
 * A record's identity is its content hash, so the same record read from the
 * live log and again from its rotated copy is stored once. Two identical
 * records in one log are two events (a cycle may log the same report twice in
 * one second): the second one's hash covers its occurrence number too.
 *
 * @module
 */
import { sha256Hex } from "../fs/sha256.ts";
import {
  CYCLE_LOG_FIELDS,
  type CycleLogRecord,
  CycleLogRecordSchema,
  LegacyCycleLogRecordSchema,
} from "../../schemas/cycle_log.ts";

/** A line read as a record, or why it is not one. */
export type RecordLine =
  | { ok: true; record: CycleLogRecord; legacy: boolean }
  | { ok: false; error: string };

/**
 * Reads one parsed log line as a cycle-log record.
 *
 * @param value The line's JSON object.
 * @returns The record (and whether it was the legacy shape), or the reason it is malformed.
 *
 * @example A kit record, a legacy record, and something else
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRecordLine } from "./record_line.ts";
 * const legacy = readRecordLine({ timestamp: "2026-01-10T12:00:00Z", event_type: "STATE_TRANSITION",
 *   actor: "ALFRED", data: { cycle_id: "c-1", current_state: "IDLE", transition_to: "DECOMPOSING" } });
 * assert(legacy.ok && legacy.legacy && legacy.record.cycle_id === "c-1");
 * assert.equal(readRecordLine({ hello: 1 }).ok, false);
 * ```
 */
export function readRecordLine(value: Record<string, unknown>): RecordLine {
  const kit = CycleLogRecordSchema.safeParse(value);
  if (kit.success) return { ok: true, record: kit.data, legacy: false };
  if (!("data" in value) && !("actor" in value)) return { ok: false, error: issue(kit.error) };
  const old = LegacyCycleLogRecordSchema.safeParse(value);
  if (!old.success) return { ok: false, error: issue(old.error) };
  const data = old.data.data ?? {};
  const text = (key: string): string | null => typeof data[key] === "string" ? data[key] : null;
  const cycle = text("cycle_id");
  if (cycle === null) return { ok: false, error: "legacy record without data.cycle_id" };
  const outcome = text("final_outcome");
  const validation = data.validation_result;
  return {
    ok: true,
    legacy: true,
    record: {
      timestamp: old.data.timestamp,
      cycle_id: cycle,
      transaction_id: text("transaction_id") ?? "",
      mission_brief_hash: text("mission_brief_hash") ?? "",
      event_type: old.data.event_type,
      current_state: text("current_state") ?? "",
      transition_to: text("transition_to"),
      active_persona: text("active_persona") ?? old.data.actor ?? null,
      llm_prompt: text("llm_prompt"),
      llm_response_raw: text("llm_response_raw"),
      artifact_oid: text("artifact_oid"),
      validation_result: typeof validation === "object" && validation !== null &&
          !Array.isArray(validation)
        ? validation as Record<string, unknown>
        : null,
      final_outcome: outcome === "COMPLETE" || outcome === "FAILED" ? outcome : null,
    },
  };
}

function issue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const first = error.issues[0];
  if (!first) return "not a cycle-log record";
  const field = first.path.map(String).join(".");
  return `not a cycle-log record: ${field ? `${field}: ` : ""}${first.message}`;
}

/**
 * The content hash a record is unique by: SHA-256 of its canonical JSON (object keys sorted
 * recursively, compact, `JSON.stringify` escaping), so formatting and key order do not make two
 * records of one; for the n-th repeat of an identical record in one log, of the JSON, a newline
 * and n.
 *
 * @param record The record.
 * @param occurrence How many identical records came before it in its log. @default {0}
 * @returns 64 hex characters.
 *
 * @example Key order does not matter
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordContentHash } from "./record_line.ts";
 * const a = { timestamp: "t", cycle_id: "c" } as never;
 * const b = { cycle_id: "c", timestamp: "t" } as never;
 * assert.equal(recordContentHash(a), recordContentHash(b));
 * assert.notEqual(recordContentHash(a), recordContentHash(a, 1));
 * ```
 */
export function recordContentHash(record: CycleLogRecord, occurrence = 0): string {
  const text = canonicalRecord(record);
  return sha256Hex(occurrence === 0 ? text : `${text}\n${occurrence}`);
}

// The 13 fields in canonical (sorted) order, each with what precedes its value.
const SORTED_FIELDS = [...CYCLE_LOG_FIELDS].sort();
const FIELD_PREFIX = SORTED_FIELDS.map((k, i) => `${i === 0 ? "{" : ","}${JSON.stringify(k)}:`);

/**
 * {@linkcode canonicalJson} of a record, the same text, without sorting its keys every time when
 * it has exactly the 13 fields (every record the reader makes).
 */
function canonicalRecord(record: CycleLogRecord): string {
  const object = record as unknown as Record<string, unknown>;
  if (Object.keys(object).length !== SORTED_FIELDS.length) return canonicalJson(record);
  let out = "";
  for (let i = 0; i < SORTED_FIELDS.length; i++) {
    const value = object[SORTED_FIELDS[i]!];
    if (value === undefined) return canonicalJson(record);
    out += FIELD_PREFIX[i] +
      (typeof value === "string" ? JSON.stringify(value) : canonicalJson(value));
  }
  return `${out}}`;
}

/** Compact JSON with object keys sorted at every level (a fixed form, fast: no per-char escaping). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).filter((k) => object[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
