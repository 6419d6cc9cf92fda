/**
 * The shopping mode controller (SMC, subsystem 5) as the kit can know it
 * without guessing (boot.md §3): its rules file is descriptive (no code reads
 * `default_action`), its decision logic is the bundle's own Python
 * (`control_plane/shopping_mode_controller.py`), and a missing `tests` key is
 * zero cases. So the kit only reads what the files declare; whether the
 * self-tests pass is known only from running the bundle's code — the
 * activation record its runtime writes.
 *
 * @module
 */

/** What the SMC files declare, read without running anything. */
export interface SmcSummary {
  /** Test cases declared (`tests`; a missing key is zero cases). */
  tests_declared: number;
  /** Modes the rules name. */
  modes: string[];
  /** Triggers the rules describe. */
  triggers: number;
  /** Always false: the decision logic is bundle code; its outcome comes from running it. */
  evaluated: false;
  /** The file holding the decision logic. */
  decision_logic: string;
}

/** The SMC self-test report the bundle's own runtime recorded. */
export interface SmcOutcome {
  /** Every case passed. */
  ok: boolean;
  /** Cases run, when recorded. */
  tests_run?: number;
  /** Failed cases as recorded. */
  failures: unknown[];
  /** The activation record it came from (`control_plane/state_hub/activation_status_<sid>.json`). */
  source: string;
}

/** The file holding the SMC decision logic. */
export const SMC_LOGIC = "control_plane/shopping_mode_controller.py";

/**
 * Summarises the parsed SMC rules and tests files.
 *
 * @param rules The parsed rules file.
 * @param tests The parsed tests file.
 * @returns Counts of what they declare.
 *
 * @example The real shapes; a tests file without `tests` has zero cases
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarizeSmc } from "./smc.ts";
 * const rules = { modes: ["FIND", "EVALUATE", "FINE_TUNE"], triggers: [{ id: "T1" }] };
 * assert.equal(summarizeSmc(rules, { tests: [{ id: "a" }, { id: "b" }] }).tests_declared, 2);
 * assert.equal(summarizeSmc(rules, { status: "draft" }).tests_declared, 0);
 * ```
 */
export function summarizeSmc(rules: unknown, tests: unknown): SmcSummary {
  const r = isRecord(rules) ? rules : {};
  const t = isRecord(tests) ? tests : {};
  return {
    tests_declared: Array.isArray(t.tests) ? t.tests.length : 0,
    modes: Array.isArray(r.modes) ? r.modes.filter((m): m is string => typeof m === "string") : [],
    triggers: Array.isArray(r.triggers) ? r.triggers.length : 0,
    evaluated: false,
    decision_logic: SMC_LOGIC,
  };
}

/**
 * The SMC self-test outcome from an activation record the bundle's runtime
 * wrote (`{SHOPPING_MODE_CONTROLLER: {detail: {ok, tests_run, failures}}}`).
 *
 * @param artifact The parsed activation status file.
 * @param source Its path, named in the outcome.
 * @returns The outcome, or undefined when the record carries no test report.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { smcOutcome } from "./smc.ts";
 * const artifact = { SHOPPING_MODE_CONTROLLER: { status: "ACTIVE", detail: { ok: false, tests_run: 5, failures: [{ id: "T2" }] } } };
 * assert.equal(smcOutcome(artifact, "a.json")?.ok, false);
 * assert.equal(smcOutcome({}, "a.json"), undefined);
 * ```
 */
export function smcOutcome(artifact: unknown, source: string): SmcOutcome | undefined {
  const record = isRecord(artifact) ? artifact.SHOPPING_MODE_CONTROLLER : undefined;
  const detail = isRecord(record) ? record.detail : undefined;
  if (!isRecord(detail) || typeof detail.ok !== "boolean") return undefined;
  return {
    ok: detail.ok,
    ...(typeof detail.tests_run === "number" ? { tests_run: detail.tests_run } : {}),
    failures: Array.isArray(detail.failures) ? detail.failures : [],
    source,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
