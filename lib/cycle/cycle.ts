/**
 * One cognitive cycle (spec §3–§5): the prototypal state machine run for one
 * mission inside one image transaction. IDLE → DECOMPOSING (BRICK plans, the
 * DataGuardian checks the plan) → DELEGATING (retrieval) → SYNTHESIZING (the
 * target's persona writes the method) → VALIDATING (ALFRED: PersistenceGuardian,
 * DataGuardian, a trial run of the method on the original message in the
 * sandbox, the declared result) → COMPLETE (commit: the method and the answer's
 * slot changes together) or FAILED (abort: the image is unchanged).
 *
 * Every transition and artifact is one cycle-log record. The cycle holds no
 * database lock while it thinks: its transaction is a unit of work committed
 * with compare-and-set at COMPLETE.
 *
 * @module
 */
import { isoUtc } from "../clock.ts";
import { KitError, toKitError } from "../errors.ts";
import type { PsmState } from "../../schemas/cycle_log.ts";
import type { CodedError, CycleSummary } from "../../schemas/image.ts";
import { newId } from "../image/ids.ts";
import type { JsonValue } from "../image/object.ts";
import { type MissionBrief, missionBriefHash } from "./brief.ts";
import type { CycleLogContext } from "./log.ts";
import { assertTransition, PSM_TABLE, psmStateOid } from "./psm.ts";
import { decompose, delegate, synthesize, validateAndStage } from "./_steps.ts";
import {
  type CycleDeps,
  type CycleMission,
  type CycleOutcome,
  type CycleRun,
  ValidationFailure,
} from "./mission.ts";

const STATE_INDEX: Record<PsmState, number> = {
  IDLE: 0,
  DECOMPOSING: 1,
  DELEGATING: 2,
  SYNTHESIZING: 3,
  VALIDATING: 4,
  COMPLETE: 5,
  FAILED: 5,
};

/**
 * Runs one cycle to COMPLETE or FAILED. Never throws for what happens inside
 * the cycle: the outcome says how it ended (and the log says why).
 *
 * @param deps Image, sandbox, LLM, log, retriever, signal, progress.
 * @param mission The mission.
 * @returns The outcome.
 * @throws {KitError} Only when the cycle's own bookkeeping cannot be written.
 */
export async function runCycle(deps: CycleDeps, mission: CycleMission): Promise<CycleOutcome> {
  const tx = deps.image.begin();
  const cycle_id = newId("c");
  const brief: MissionBrief = mission.correction
    ? {
      type: "self_correction_mandate",
      selector: "correct_generated_artifact",
      original_artifact: mission.correction.artifact,
      validation_error: mission.correction.errors as unknown as JsonValue,
      target_oid: mission.target_oid,
      target_selector: mission.selector,
    }
    : { type: "unhandled_message", selector: mission.selector, args: mission.args, kwargs: {} };
  const ctx: CycleLogContext = {
    cycle_id,
    transaction_id: tx.id,
    mission_brief_hash: missionBriefHash(brief),
  };
  const run: CycleRun = {
    deps,
    mission,
    cycle_id,
    tx,
    state: "IDLE",
    emit: (event) => deps.log.write(ctx, { ...event, current_state: run.state }),
    tmp: {
      plan: null,
      correction_prompt: null,
      snippets: [],
      persona: null,
      raw: null,
      source: null,
      extract_error: null,
      answer: null,
    },
  };
  const started = isoUtc(deps.image.clock.now());
  const summary = (outcome: "COMPLETE" | "FAILED", error: CodedError | null): CycleSummary => ({
    cycle_id,
    parent_cycle_id: mission.parent_cycle_id,
    attempt: mission.attempt,
    mission_type: brief.type,
    transaction_id: tx.id,
    outcome,
    failed_state: outcome === "FAILED" ? run.state : null,
    error,
  });
  run.emit({
    event_type: "CYCLE_STARTED",
    validation_result: {
      mission_type: brief.type,
      selector: mission.selector,
      target_oid: mission.target_oid,
      attempt: mission.attempt,
      parent_cycle_id: mission.parent_cycle_id,
    },
  });
  if (mission.attempt === 0) {
    run.emit({
      event_type: "DOES_NOT_UNDERSTAND",
      validation_result: { failed_message_name: mission.selector, target_oid: mission.target_oid },
    });
  }
  deps.progress?.(0, 5, note(run));
  try {
    await move(run, "DECOMPOSING");
    await decompose(run);
    await move(run, "DELEGATING");
    await delegate(run);
    await move(run, "SYNTHESIZING");
    await synthesize(run);
    await move(run, "VALIDATING");
    await validateAndStage(run);
    await move(run, "COMPLETE");
    await commitWithRetry(run);
    run.emit({
      event_type: "FINAL_OUTCOME",
      artifact_oid: `${cycle_id}/method`,
      final_outcome: "COMPLETE",
    });
    const done = summary("COMPLETE", null);
    await record(deps, mission, done, started);
    return { summary: done, answer: run.tmp.answer, rejection: null, error: null };
  } catch (thrown) {
    return await fail(run, thrown, summary, started);
  }
}

async function fail(
  run: CycleRun,
  thrown: unknown,
  summary: (outcome: "FAILED", error: CodedError) => CycleSummary,
  started: string,
): Promise<CycleOutcome> {
  const { deps, mission } = run;
  const rejection = thrown instanceof ValidationFailure ? thrown.rejection : null;
  const error = rejection
    ? new KitError(rejection.errors[0]?.code ?? "VALIDATION_FAILED", describe(rejection.errors), {
      details: { errors: rejection.errors },
    })
    : cycleError(thrown, deps.signal);
  const coded: CodedError = { code: error.code, message: error.message };
  const from = run.state;
  if (PSM_TABLE[from].next.includes("FAILED")) {
    run.emit({
      event_type: "STATE_TRANSITION",
      transition_to: "FAILED",
      active_persona: PSM_TABLE[from].persona,
    });
  }
  const result = summary("FAILED", coded);
  run.state = "FAILED"; // the unit of work is dropped: nothing it wrote reaches the image
  deps.progress?.(5, 5, note(run));
  if (rejection && mission.may_correct) {
    run.emit({
      event_type: "SELF_CORRECTION_INITIATED",
      validation_result: {
        error: { stage: rejection.stage, errors: rejection.errors },
        attempt: mission.attempt + 1,
        parent_cycle_id: run.cycle_id,
      },
    });
  }
  run.emit({
    event_type: "FINAL_OUTCOME",
    final_outcome: "FAILED",
    validation_result: { reason: { ...coded, state: from } },
  });
  await record(deps, mission, { ...result, failed_state: from }, started);
  return { summary: { ...result, failed_state: from }, answer: null, rejection, error };
}

/** Moves to `to` if the state object in the image allows it, and logs the transition. */
async function move(run: CycleRun, to: PsmState): Promise<void> {
  if (run.deps.signal?.aborted) throw cycleError(run.deps.signal.reason, run.deps.signal);
  const allowed = await run.tx.slot(psmStateOid(run.state), "next");
  assertTransition(run.state, to, allowed);
  run.emit({
    event_type: "STATE_TRANSITION",
    transition_to: to,
    active_persona: PSM_TABLE[run.state].persona,
    ...(to === "COMPLETE" ? { artifact_oid: `${run.cycle_id}/method` } : {}),
  });
  run.state = to;
  run.deps.progress?.(STATE_INDEX[to], 5, note(run));
}

/** Commits the cycle; after a conflict, re-stages the install and trial run on fresh data. */
async function commitWithRetry(run: CycleRun): Promise<void> {
  const meta = { kind: "cycle", note: run.mission.selector, cycle_id: run.cycle_id };
  for (let attempt = 0;; attempt++) {
    if (run.deps.signal?.aborted) throw cycleError(run.deps.signal.reason, run.deps.signal);
    try {
      await run.deps.image.commit(run.tx, meta);
      return;
    } catch (error) {
      if ((error as KitError).code !== "IMAGE_CONFLICT" || attempt >= 3) throw error;
      run.tx = run.deps.image.begin(run.tx.id);
      await validateAndStage(run, { quiet: true });
    }
  }
}

async function record(
  deps: CycleDeps,
  mission: CycleMission,
  s: CycleSummary,
  started: string,
): Promise<void> {
  await deps.image.repository.recordCycle({
    cycle_id: s.cycle_id,
    parent_cycle_id: s.parent_cycle_id,
    attempt: s.attempt,
    mission_type: s.mission_type,
    target_oid: mission.target_oid,
    selector: mission.selector,
    transaction_id: s.transaction_id,
    outcome: s.outcome,
    failed_state: s.failed_state,
    error: s.error as unknown as Record<string, JsonValue> | null,
    started_at: started,
    ended_at: isoUtc(deps.image.clock.now()),
  });
}

function cycleError(thrown: unknown, signal: AbortSignal | undefined): KitError {
  if (!signal?.aborted) return toKitError(thrown);
  return new KitError("CANCELLED", "The cognitive cycle was cancelled; the image is unchanged", {
    cause: thrown,
  });
}

function describe(errors: CodedError[]): string {
  return errors.map((e) => `${e.code}${e.path ? ` at ${e.path}` : ""}: ${e.message}`).join("; ");
}

function note(run: CycleRun): string {
  const persona = PSM_TABLE[run.state].persona;
  return `cycle ${run.cycle_id} (attempt ${run.mission.attempt}): ${run.state}${
    persona ? ` (${persona})` : ""
  }`;
}
