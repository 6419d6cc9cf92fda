/**
 * Cycle logs for the catalog tests, written by the kit's own writers: the
 * records by `CycleLog` (lib/cycle/log.ts), the lines and their `.chain`
 * sidecar by the ledger's `appendRecords`.
 *
 * @module
 */
import { CycleLog } from "../../lib/cycle/log.ts";
import { appendRecords } from "../../lib/ledger/record_log.ts";
import type { CycleLogRecord } from "../../schemas/cycle_log.ts";

/** What {@linkcode cycleRecords} makes per cycle. */
export interface CycleSpec {
  /** The cycle id. */
  id: string;
  /** Its outcome. */
  outcome: "COMPLETE" | "FAILED";
  /** The persona that synthesizes. @default {"ROBIN"} */
  persona?: string;
  /** Words in its prompt and response. */
  words: string;
}

/**
 * The records of cycles as the kit writes them (start, plan, synthesis, validation, outcome).
 *
 * @param cycles The cycles.
 * @param start The first record's time (ms). @default {2026-01-10T12:00:00Z}
 * @returns The records, in order, one second apart.
 */
export function cycleRecords(
  cycles: readonly CycleSpec[],
  start = Date.UTC(2026, 0, 10, 12),
): CycleLogRecord[] {
  let now = start;
  const out: CycleLogRecord[] = [];
  const log = new CycleLog({ append: () => {} }, { now: () => (now += 1000) });
  const write = (...args: Parameters<CycleLog["write"]>) => out.push(log.write(...args));
  for (const c of cycles) {
    const ctx = {
      cycle_id: c.id,
      transaction_id: `tx-${c.id}`,
      mission_brief_hash: "a".repeat(64),
    };
    write(ctx, {
      event_type: "CYCLE_STARTED",
      current_state: "IDLE",
      validation_result: { mission_type: "method_synthesis", attempt: 0, parent_cycle_id: null },
    });
    write(ctx, {
      event_type: "STATE_TRANSITION",
      current_state: "IDLE",
      transition_to: "DECOMPOSING",
    });
    write(ctx, {
      event_type: "ARTIFACT_GENERATED",
      current_state: "SYNTHESIZING",
      active_persona: c.persona ?? "ROBIN",
      llm_prompt: `Write a method about ${c.words}`,
      llm_response_raw: `def run(self): return "${c.words}"`,
      artifact_oid: `o-${c.id}`,
    });
    write(ctx, {
      event_type: c.outcome === "COMPLETE" ? "VALIDATION_SUCCESS" : "VALIDATION_FAILURE",
      current_state: "VALIDATING",
      active_persona: "ALFRED",
      validation_result: {
        guardian: "PersistenceGuardian",
        ok: c.outcome === "COMPLETE",
        errors: c.outcome === "COMPLETE" ? [] : [{ code: "AST_FORBIDDEN", message: "imports os" }],
      },
    });
    write(ctx, {
      event_type: "FINAL_OUTCOME",
      current_state: c.outcome,
      final_outcome: c.outcome,
    });
  }
  return out;
}

/**
 * Appends records to a chained cycle log (creating it and its `.chain`).
 *
 * @param path The log.
 * @param records The records.
 */
export async function writeLog(path: string, records: readonly CycleLogRecord[]): Promise<void> {
  await appendRecords(path, records);
}
