/**
 * The cycle log's records: every state transition and artifact of a cycle
 * becomes one line with exactly the 13 fields of `schemas/cycle_log.ts`, in
 * that order, optional fields as `null`. Records go to a {@linkcode RecordSink}:
 * in the kit, the ledger's buffered record log on `<data>/audit/metacognition.jsonl`
 * (hash-chained in its `.chain` sidecar, written in the background, flushed on close).
 *
 * @module
 */
import { type Clock, isoUtc, systemClock } from "../clock.ts";
import {
  CYCLE_LOG_FIELDS,
  type CycleEventType,
  type CycleLogRecord,
  type PsmState,
} from "../../schemas/cycle_log.ts";

/** Where records go: `append` must not block (the ledger's record log queues). */
export interface RecordSink {
  /** Queues one record. */
  append(record: object): void;
}

/** What every record of one cycle shares. */
export interface CycleLogContext {
  /** The cycle. */
  cycle_id: string;
  /** Its image transaction. */
  transaction_id: string;
  /** The hash of its mission brief. */
  mission_brief_hash: string;
}

/** One event of a cycle (the fields that vary). */
export interface CycleEvent {
  /** What happened (the kit's types, or another, such as the VIII code's `RESEARCH_COMPLETE`). */
  event_type: CycleEventType | "RESEARCH_COMPLETE";
  /** The state it happened in. */
  current_state: PsmState;
  /** The next state (`STATE_TRANSITION`). */
  transition_to?: PsmState | null;
  /** The persona acting. */
  active_persona?: string | null;
  /** The prompt sent. */
  llm_prompt?: string | null;
  /** The raw answer. */
  llm_response_raw?: string | null;
  /** The artifact produced or judged. */
  artifact_oid?: string | null;
  /** A report or payload. */
  validation_result?: Record<string, unknown> | null;
  /** `COMPLETE` / `FAILED` on `FINAL_OUTCOME`. */
  final_outcome?: "COMPLETE" | "FAILED" | null;
}

/**
 * Writes cycle events as 13-field records.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CYCLE_LOG_FIELDS } from "../../schemas/cycle_log.ts";
 * import { CycleLog } from "./log.ts";
 * const records: object[] = [];
 * const log = new CycleLog({ append: (r) => records.push(r) }, { now: () => Date.UTC(2026, 0, 10, 12) });
 * const ctx = { cycle_id: "c-1", transaction_id: "tx-1", mission_brief_hash: "0".repeat(64) };
 * log.write(ctx, { event_type: "STATE_TRANSITION", current_state: "IDLE", transition_to: "DECOMPOSING" });
 * assert.deepEqual(Object.keys(records[0]!), [...CYCLE_LOG_FIELDS]);
 * assert.equal((records[0] as { timestamp: string }).timestamp, "2026-01-10T12:00:00Z");
 * ```
 */
export class CycleLog {
  readonly #sink: RecordSink;
  readonly #clock: Pick<Clock, "now">;

  /**
   * A log writing to `sink`.
   *
   * @param sink Where records go.
   * @param clock The time source. @default {systemClock}
   */
  constructor(sink: RecordSink, clock: Pick<Clock, "now"> = systemClock) {
    this.#sink = sink;
    this.#clock = clock;
  }

  /**
   * Writes one record.
   *
   * @param ctx The cycle's shared fields.
   * @param event The event.
   * @returns The record as written.
   */
  write(ctx: CycleLogContext, event: CycleEvent): CycleLogRecord {
    const record: CycleLogRecord = {
      timestamp: isoUtc(this.#clock.now()),
      cycle_id: ctx.cycle_id,
      transaction_id: ctx.transaction_id,
      mission_brief_hash: ctx.mission_brief_hash,
      event_type: event.event_type,
      current_state: event.current_state,
      transition_to: event.transition_to ?? null,
      active_persona: event.active_persona ?? null,
      llm_prompt: event.llm_prompt ?? null,
      llm_response_raw: event.llm_response_raw ?? null,
      artifact_oid: event.artifact_oid ?? null,
      validation_result: event.validation_result ?? null,
      final_outcome: event.final_outcome ?? null,
    };
    const ordered = Object.fromEntries(
      CYCLE_LOG_FIELDS.map((f) => [f, record[f]]),
    ) as unknown as CycleLogRecord;
    this.#sink.append(ordered);
    return ordered;
  }
}
