/**
 * The shapes a cognitive cycle works with: what it needs from the vessel, its
 * mission, how it ended, and the running state its steps share.
 *
 * @module
 */
import type { KitError } from "../errors.ts";
import type { ProgressFn } from "../progress.ts";
import type { CycleLogRecord, PsmState } from "../../schemas/cycle_log.ts";
import type { CodedError, CycleSummary, GuardianReport, SendResult } from "../../schemas/image.ts";
import type { OllamaClient } from "../llm/client.ts";
import type { Image } from "../image/image.ts";
import type { JsonValue } from "../image/object.ts";
import type { Sandbox } from "../image/sandbox.ts";
import type { ImageTransaction } from "../image/unit_of_work.ts";
import type { CycleEvent, CycleLog } from "./log.ts";
import type { Retriever } from "./retrieval.ts";

/** What a cycle needs from the vessel (never persisted). */
export interface CycleDeps {
  /** The image. */
  image: Image;
  /** The sandbox for the trial run. */
  sandbox: Sandbox;
  /** Inference (`chat` with a persona). */
  llm: Pick<OllamaClient, "chat">;
  /** The cycle log. */
  log: CycleLog;
  /** Knowledge retrieval for DELEGATING. */
  retriever: Retriever;
  /** Aborts the cycle: FAILED with `CANCELLED`, nothing committed. */
  signal?: AbortSignal | undefined;
  /** Told at each state (done = state index, total 5). */
  progress?: ProgressFn | undefined;
}

/** A failed artifact carried to the corrective cycle. */
export interface Rejection {
  /** Which artifact failed: the plan or the method. */
  stage: "plan" | "method";
  /** Its text. */
  artifact: string;
  /** Why. */
  errors: CodedError[];
}

/** The mission of one cycle. */
export interface CycleMission {
  /** The receiver of the unanswered message. */
  target_oid: string;
  /** The selector. */
  selector: string;
  /** The arguments. */
  args: JsonValue[];
  /** A facet's intent text, when the slot held one. */
  intent: string | null;
  /** 0 for a first cycle; n for the n-th corrective cycle. */
  attempt: number;
  /** The cycle this one corrects. */
  parent_cycle_id: string | null;
  /** The failed artifact and its errors (corrective cycles). */
  correction: Rejection | null;
  /** Whether a corrective cycle may follow a validation failure (logs SELF_CORRECTION_INITIATED). */
  may_correct: boolean;
}

/** How a cycle ended. */
export interface CycleOutcome {
  /** The summary (as in `SendResult.cycles`). */
  summary: CycleSummary;
  /** The answer to the original message (COMPLETE only). */
  answer: SendResult | null;
  /** The failed artifact, when the failure was a validation failure (a corrective cycle may follow). */
  rejection: Rejection | null;
  /** The error (FAILED only). */
  error: KitError | null;
}

/** A validation failure: FAILED, and a corrective cycle may follow. */
export class ValidationFailure extends Error {
  /** The rejected artifact. */
  readonly rejection: Rejection;
  /** The guardian's report. */
  readonly report: GuardianReport;

  /**
   * A failure of `rejection` with the guardian's report.
   *
   * @param rejection The rejected artifact.
   * @param report The guardian's report.
   */
  constructor(rejection: Rejection, report: GuardianReport) {
    super(`${report.guardian} rejected the ${rejection.stage}`);
    this.rejection = rejection;
    this.report = report;
  }
}

/** The mutable state of a running cycle, shared by the steps. */
export interface CycleRun {
  /** The deps. */
  deps: CycleDeps;
  /** The mission. */
  mission: CycleMission;
  /** The cycle id. */
  cycle_id: string;
  /** The cycle's unit of work. */
  tx: ImageTransaction;
  /** The current state. */
  state: PsmState;
  /** Writes one log record of this cycle. */
  emit(event: Omit<CycleEvent, "current_state">): CycleLogRecord;
  /** `_tmp_synthesis_data`. */
  tmp: {
    plan: JsonValue | null;
    correction_prompt: string | null;
    snippets: { id: string; text: string }[];
    persona: string | null;
    raw: string | null;
    source: string | null;
    extract_error: CodedError | null;
    answer: SendResult | null;
  };
}
