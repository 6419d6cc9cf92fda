/**
 * The living image's cycle log (`metacognition.jsonl`): one record per PSM
 * step, with exactly the 13 fields of the BAT OS VIII blueprint
 * (living-image spec §8). The living image writes it; the audit capability
 * ingests, searches and reports on it.
 *
 * Every field is present on every line the kit writes (optional ones as
 * `null`), so a line is always exactly these 13 keys. The hash chain that
 * protects the log lives beside it, in `<log>.chain` (see `lib/ledger/`), so
 * that the lines themselves stay exactly this shape.
 *
 * `validation_result` is the one object-valued field. On `VALIDATION_*` events
 * it holds the guardian's structured report; on the kit's bookkeeping events it
 * holds that event's payload, as listed on {@linkcode CycleEventType}. This is how
 * the mission type, the attempt number and the parent of a corrective cycle reach
 * the log without adding fields.
 *
 * @example A record as the kit writes it
 * ```ts
 * import assert from "node:assert/strict";
 * import { CYCLE_LOG_FIELDS, CycleLogRecordSchema } from "./cycle_log.ts";
 * const record = CycleLogRecordSchema.parse({
 *   timestamp: "2026-01-10T12:00:03.000Z", cycle_id: "c-0042", transaction_id: "tx-0107",
 *   mission_brief_hash: "aef95cfef436c9a6f6f41239f50e80debd7a61a4f190dc4121d53667ef7987ca",
 *   event_type: "STATE_TRANSITION", current_state: "VALIDATING", transition_to: "COMPLETE",
 *   active_persona: "ALFRED", llm_prompt: null, llm_response_raw: null, artifact_oid: "o-9001",
 *   validation_result: null, final_outcome: null,
 * });
 * assert.deepEqual(Object.keys(record), [...CYCLE_LOG_FIELDS]);
 * ```
 *
 * @module
 */
import { z } from "zod";

/** The 13 fields, in the order the kit writes them. */
export const CYCLE_LOG_FIELDS = [
  "timestamp",
  "cycle_id",
  "transaction_id",
  "mission_brief_hash",
  "event_type",
  "current_state",
  "transition_to",
  "active_persona",
  "llm_prompt",
  "llm_response_raw",
  "artifact_oid",
  "validation_result",
  "final_outcome",
] as const;

/** The states of the prototypal state machine (spec §4). */
export const PSM_STATES = [
  "IDLE",
  "DECOMPOSING",
  "DELEGATING",
  "SYNTHESIZING",
  "VALIDATING",
  "COMPLETE",
  "FAILED",
] as const;

/** A state of the prototypal state machine. */
export type PsmState = typeof PSM_STATES[number];

/**
 * Event types the kit writes. The set is open: readers must accept others
 * (the VIII code and other producers emit more).
 *
 * - `CYCLE_STARTED` (state IDLE): `validation_result` = `{ mission_type, selector,
 *   target_oid, attempt, parent_cycle_id }` (`attempt` 0 for a first cycle; a corrective
 *   cycle has `mission_type` `self_correction_mandate` and its parent's id).
 * - `DOES_NOT_UNDERSTAND`: `{ failed_message_name, target_oid }`.
 * - `STATE_TRANSITION`: `current_state` → `transition_to`.
 * - `ARTIFACT_GENERATED`: `llm_prompt`, `llm_response_raw`, `artifact_oid` (the plan at
 *   DECOMPOSING, the method source at SYNTHESIZING), `active_persona`.
 * - `VALIDATION_SUCCESS` / `VALIDATION_FAILURE`: the guardian's report
 *   `{ guardian, ok, errors: [{ code, message, path? }] }`.
 * - `SELF_CORRECTION_INITIATED`: `{ error, attempt, parent_cycle_id }`.
 * - `FINAL_OUTCOME`: `final_outcome` set; `validation_result` = `{ reason }` or null.
 */
export const CYCLE_EVENT_TYPES = [
  "CYCLE_STARTED",
  "DOES_NOT_UNDERSTAND",
  "STATE_TRANSITION",
  "ARTIFACT_GENERATED",
  "VALIDATION_SUCCESS",
  "VALIDATION_FAILURE",
  "SELF_CORRECTION_INITIATED",
  "FINAL_OUTCOME",
] as const;

/** An event type the kit writes. */
export type CycleEventType = typeof CYCLE_EVENT_TYPES[number];

/** One line of the cycle log: exactly the blueprint's 13 fields. */
export interface CycleLogRecord {
  /** ISO 8601 UTC time of the event. */
  timestamp: string;
  /** The cycle's id; groups one "thought". */
  cycle_id: string;
  /** The store transaction the cycle runs in. */
  transaction_id: string;
  /** SHA-256 of Python `json.dumps(brief, sort_keys=True)` of the mission brief. */
  mission_brief_hash: string;
  /** What happened (see {@linkcode CycleEventType}; other values are accepted on read). */
  event_type: string;
  /** The PSM state the event happened in. */
  current_state: string;
  /** The next state, on `STATE_TRANSITION`. */
  transition_to: string | null;
  /** The persona that acted. */
  active_persona: string | null;
  /** The prompt sent to the model. */
  llm_prompt: string | null;
  /** The model's raw answer. */
  llm_response_raw: string | null;
  /** The artifact produced or judged. */
  artifact_oid: string | null;
  /** A validator's report, or a bookkeeping event's payload. */
  validation_result: Record<string, unknown> | null;
  /** `COMPLETE` or `FAILED`, on the last event of a cycle. */
  final_outcome: "COMPLETE" | "FAILED" | null;
}

const nullableString = z.string().nullable();

/** Schema of {@linkcode CycleLogRecord}: strict, so a line with other keys is not a kit record. */
export const CycleLogRecordSchema: z.ZodType<CycleLogRecord> = z.strictObject({
  timestamp: z.string().min(1),
  cycle_id: z.string().min(1),
  transaction_id: z.string().min(1),
  mission_brief_hash: z.string().regex(/^[0-9a-f]{64}$/),
  event_type: z.string().min(1),
  current_state: z.string().min(1),
  transition_to: nullableString,
  active_persona: nullableString,
  llm_prompt: nullableString,
  llm_response_raw: nullableString,
  artifact_oid: nullableString,
  validation_result: z.record(z.string(), z.unknown()).nullable(),
  final_outcome: z.enum(["COMPLETE", "FAILED"]).nullable(),
});

/** The older record shape of the VIII code's JSON log formatter, which ingest also accepts. */
export interface LegacyCycleLogRecord {
  /** ISO 8601 time. */
  timestamp: string;
  /** The event type. */
  event_type: string;
  /** Who logged it. */
  actor?: string | undefined;
  /** The event's fields (`cycle_id`, `mission_brief_hash`, `current_state`, …). */
  data?: Record<string, unknown> | undefined;
}

/** Schema of {@linkcode LegacyCycleLogRecord} (loose: other keys are kept). */
export const LegacyCycleLogRecordSchema: z.ZodType<LegacyCycleLogRecord> = z.looseObject({
  timestamp: z.string().min(1),
  event_type: z.string().min(1),
  actor: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
