/**
 * The work of each PSM state, on a running cycle (see `cycle.ts`).
 *
 * @module
 */
import { isoUtc } from "../clock.ts";
import type { KitError } from "../errors.ts";
import type { CodedError, GuardianReport } from "../../schemas/image.ts";
import { lookupSlot } from "../image/lookup.ts";
import { type JsonValue, methodOf, methodSlot } from "../image/object.ts";
import { callIn } from "../image/send.ts";
import { sha256Hex } from "../fs/sha256.ts";
import { PERSONAS } from "./covenants.ts";
import { validateArtifact } from "./data_guardian.ts";
import { extractMethod } from "./extract.ts";
import { judgeMethodSource } from "./persistence_guardian.ts";
import { personaOid, personaSystemPrompt } from "./personas.ts";
import {
  correctionPrompt,
  decomposePrompt,
  type MissionFacts,
  synthesizePrompt,
} from "./prompts.ts";
import { retrieveAll } from "./retrieval.ts";
import { PSM_TABLE, psmStateOid } from "./psm.ts";
import { type CycleRun, ValidationFailure } from "./mission.ts";

/** DECOMPOSING: BRICK's plan, checked by the DataGuardian; a corrective method cycle builds its prompt. */
export async function decompose(run: CycleRun): Promise<void> {
  const { mission } = run;
  if (mission.correction?.stage === "method") {
    run.tmp.correction_prompt = correctionPrompt(facts(run), mission.correction);
    return;
  }
  const covenants = await covenantsOf(run);
  const prompt = decomposePrompt(
    facts(run),
    covenants.CognitivePlan,
    mission.correction ?? undefined,
  );
  const raw = await ask(run, "BRICK", prompt);
  run.emit({
    event_type: "ARTIFACT_GENERATED",
    active_persona: "BRICK",
    llm_prompt: prompt,
    llm_response_raw: raw,
    artifact_oid: `${run.cycle_id}/plan`,
  });
  const parsed = parseJsonAnswer(raw);
  const report = "error" in parsed
    ? { guardian: "DataGuardian", ok: false, errors: [parsed.error] }
    : validateArtifact(covenants.CognitivePlan ?? true, parsed.value, covenants);
  judge(run, report, { stage: "plan", artifact: raw }, `${run.cycle_id}/plan`);
  run.tmp.plan = (parsed as { value: JsonValue }).value;
}

/** DELEGATING: each query of the plan on the knowledge source (top 2, deduplicated). */
export async function delegate(run: CycleRun): Promise<void> {
  const queries = planQueries(run.tmp.plan);
  run.tmp.snippets = await retrieveAll(run.deps.retriever, queries, 2, run.deps.signal);
  run.emit({
    event_type: "RESEARCH_COMPLETE",
    active_persona: PSM_TABLE.DELEGATING.persona,
    validation_result: { queries, snippet_ids: run.tmp.snippets.map((s) => s.id) },
  });
}

/** SYNTHESIZING: the target's persona writes the method; the extractor cuts it out of the answer. */
export async function synthesize(run: CycleRun): Promise<void> {
  const { mission, tx } = run;
  const persona = await synthesisPersona(run);
  const target = await tx.get(mission.target_oid);
  const covenants = await covenantsOf(run);
  const dataSlots = Object.fromEntries(
    Object.entries(target.slots).filter(([, v]) => !methodOf(v)),
  );
  const prompt = run.tmp.correction_prompt ?? synthesizePrompt(facts(run), {
    slots: dataSlots,
    methods: Object.keys(target.slots).filter((k) => methodOf(target.slots[k])),
    plan: run.tmp.plan,
    snippets: run.tmp.snippets,
    result_schema: declaredResult(covenants, mission.selector) ?? null,
  });
  const raw = await ask(run, persona, prompt);
  run.tmp.persona = persona;
  run.tmp.raw = raw;
  try {
    run.tmp.source = extractMethod(raw, mission.selector);
  } catch (error) {
    const e = error as KitError;
    run.tmp.extract_error = { code: e.code ?? "EXTRACT_NO_CODE", message: e.message };
  }
  run.emit({
    event_type: "ARTIFACT_GENERATED",
    active_persona: persona,
    llm_prompt: prompt,
    llm_response_raw: raw,
    artifact_oid: `${run.cycle_id}/method`,
  });
}

/**
 * VALIDATING: PersistenceGuardian, DataGuardian (MethodArtifact), then the method is
 * installed in the cycle's unit of work and answers the original message in the
 * sandbox (the trial run), and the answer is checked against the declared result.
 * With `quiet`, re-stages after a commit conflict without logging the verdicts again.
 */
export async function validateAndStage(
  run: CycleRun,
  options: { quiet?: boolean } = {},
): Promise<void> {
  const { mission, tx } = run;
  const artifactOid = `${run.cycle_id}/method`;
  const quiet = options.quiet === true;
  const source = run.tmp.source;
  const rejected = { stage: "method" as const, artifact: source ?? run.tmp.raw ?? "" };
  const persistence = run.tmp.extract_error || source === null
    ? persistenceReport([run.tmp.extract_error ?? { code: "EXTRACT_NO_CODE", message: "no code" }])
    : judgeMethodSource(source, mission.selector);
  if (!quiet) judge(run, persistence, rejected, artifactOid);
  const covenants = await covenantsOf(run);
  const artifact = {
    selector: mission.selector,
    language: "javascript",
    source,
    sha256: sha256Hex(source ?? ""),
    persona: run.tmp.persona,
    cycle_id: run.cycle_id,
  };
  const data = validateArtifact(covenants.MethodArtifact ?? true, artifact, covenants);
  if (!quiet) judge(run, data, rejected, artifactOid);
  const checkedAt = isoUtc(run.deps.image.clock.now());
  await tx.set(
    mission.target_oid,
    mission.selector,
    methodSlot(mission.selector, source!, {
      verdict: { guardian: "PersistenceGuardian", ok: true, checked_at: checkedAt },
      cycle_id: run.cycle_id,
      persona: run.tmp.persona,
    }),
  );
  let answer;
  try {
    answer = await callIn(tx, mission.target_oid, mission.selector, mission.args, {
      sandbox: run.deps.sandbox,
      signal: run.deps.signal,
    });
  } catch (error) {
    const code = (error as KitError).code ?? "SANDBOX_ERROR";
    if (code === "CANCELLED" || run.deps.signal?.aborted) throw error;
    const report = {
      guardian: "SandboxTrial",
      ok: false,
      errors: [{ code, message: (error as Error).message }],
    };
    judge(run, report, rejected, artifactOid);
  }
  if (!answer || !("result" in answer)) throw new TypeError("the installed method was not found");
  if (!quiet) judge(run, { guardian: "SandboxTrial", ok: true, errors: [] }, rejected, artifactOid);
  const declared = declaredResult(covenants, mission.selector);
  if (declared !== undefined) {
    const result = validateArtifact(declared, answer.result, covenants);
    if (!quiet || !result.ok) judge(run, result, rejected, artifactOid);
  }
  run.tmp.answer = {
    ...answer,
    learned: true,
    tx_id: tx.id,
    changed_slots: tx.changedSlots(mission.target_oid).filter((s) => s !== mission.selector),
  };
}

/** Logs a verdict; a rejection ends the cycle (FAILED, correctable). */
function judge(
  run: CycleRun,
  report: GuardianReport,
  rejected: { stage: "plan" | "method"; artifact: string },
  artifactOid: string,
): void {
  run.emit({
    event_type: report.ok ? "VALIDATION_SUCCESS" : "VALIDATION_FAILURE",
    active_persona: PSM_TABLE[run.state].persona,
    artifact_oid: artifactOid,
    validation_result: report as unknown as Record<string, unknown>,
  });
  if (!report.ok) throw new ValidationFailure({ ...rejected, errors: report.errors }, report);
}

function persistenceReport(errors: CodedError[]): GuardianReport {
  return { guardian: "PersistenceGuardian", ok: false, errors };
}

/** Asks a persona (its codex from the image as the system prompt, its model from the config). */
async function ask(run: CycleRun, persona: string, prompt: string): Promise<string> {
  const known = (PERSONAS as readonly string[]).includes(persona);
  const codex = known ? await run.tx.slot(personaOid(persona as never), "codex") : undefined;
  const response = await run.deps.llm.chat({
    persona,
    messages: [
      { role: "system", content: personaSystemPrompt(persona, codex) },
      { role: "user", content: prompt },
    ],
    options: { temperature: 0.2 },
  }, { signal: run.deps.signal });
  return response.message.content;
}

/** The persona that writes the method: the target's `persona` slot (by delegation), else the state's. */
async function synthesisPersona(run: CycleRun): Promise<string> {
  const hit = await lookupSlot(run.tx, run.mission.target_oid, "persona");
  const wanted = typeof hit?.value === "string" ? hit.value.toUpperCase() : undefined;
  if (wanted && (PERSONAS as readonly string[]).includes(wanted)) return wanted;
  const fallback = await run.tx.slot(psmStateOid("SYNTHESIZING"), "persona");
  return typeof fallback === "string" ? fallback : "ROBIN";
}

async function covenantsOf(run: CycleRun): Promise<Record<string, JsonValue>> {
  return (await run.tx.get("data_covenants")).slots;
}

function declaredResult(
  covenants: Record<string, JsonValue>,
  selector: string,
): JsonValue | undefined {
  const declared = covenants.result_schemas;
  if (!declared || typeof declared !== "object" || Array.isArray(declared)) return undefined;
  return Object.hasOwn(declared, selector) ? declared[selector] : undefined;
}

function facts(run: CycleRun): MissionFacts {
  const m = run.mission;
  return { target_oid: m.target_oid, selector: m.selector, args: m.args, intent: m.intent };
}

/** The model's answer as JSON: bare, or inside a code fence. */
function parseJsonAnswer(raw: string): { value: JsonValue } | { error: CodedError } {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(raw);
  for (const text of [raw, fenced?.[1], sliceObject(raw)]) {
    if (text === undefined) continue;
    try {
      return { value: JSON.parse(text) };
    } catch { /* try the next form */ }
  }
  return {
    error: { code: "DATA_NOT_JSON", message: "The plan is not JSON (expected one JSON object)" },
  };
}

function sliceObject(raw: string): string | undefined {
  const start = raw.indexOf("{");
  const end = raw.lastIndexOf("}");
  return start >= 0 && end > start ? raw.slice(start, end + 1) : undefined;
}

function planQueries(plan: JsonValue | null): string[] {
  const steps = (plan as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return [];
  const queries: string[] = [];
  for (const step of steps as Record<string, unknown>[]) {
    const inputs = step?.inputs as Record<string, unknown> | undefined;
    const q = typeof inputs?.query === "string" ? inputs.query : step?.action;
    if (typeof q === "string" && q.trim()) queries.push(q.trim());
  }
  return queries.slice(0, 3);
}
