import assert from "node:assert/strict";
import { CycleLogRecordSchema } from "../../schemas/cycle_log.ts";
import { methodOf } from "../../lib/image/mod.ts";
import { missionBriefHash } from "../../lib/cycle/mod.ts";
import type { KitError } from "../../lib/errors.ts";
import {
  cycleEvents,
  GOOD_GREETING,
  GOOD_PLAN,
  imageSnapshot,
  type LivingFixture,
  startLivingImage,
} from "../fixtures/living_image.ts";

const START = ["CYCLE_STARTED:IDLE", "DOES_NOT_UNDERSTAND:IDLE"];
const PLAN_OK = [
  "STATE_TRANSITION:IDLE>DECOMPOSING",
  "ARTIFACT_GENERATED:DECOMPOSING",
  "VALIDATION_SUCCESS:DECOMPOSING",
  "STATE_TRANSITION:DECOMPOSING>DELEGATING",
  "RESEARCH_COMPLETE:DELEGATING",
  "STATE_TRANSITION:DELEGATING>SYNTHESIZING",
  "ARTIFACT_GENERATED:SYNTHESIZING",
  "STATE_TRANSITION:SYNTHESIZING>VALIDATING",
];
const CORRECTIVE_TO_VALIDATING = [
  "CYCLE_STARTED:IDLE",
  "STATE_TRANSITION:IDLE>DECOMPOSING",
  "STATE_TRANSITION:DECOMPOSING>DELEGATING",
  "RESEARCH_COMPLETE:DELEGATING",
  "STATE_TRANSITION:DELEGATING>SYNTHESIZING",
  "ARTIFACT_GENERATED:SYNTHESIZING",
  "STATE_TRANSITION:SYNTHESIZING>VALIDATING",
];
const VALIDATED_AND_COMPLETE = [
  "VALIDATION_SUCCESS:VALIDATING", // PersistenceGuardian
  "VALIDATION_SUCCESS:VALIDATING", // DataGuardian: MethodArtifact
  "VALIDATION_SUCCESS:VALIDATING", // SandboxTrial
  "VALIDATION_SUCCESS:VALIDATING", // DataGuardian: the declared result of greet_architect
  "STATE_TRANSITION:VALIDATING>COMPLETE",
  "FINAL_OUTCOME:COMPLETE",
];
const FAILED_AT_VALIDATING_THEN_CORRECTED = [
  "STATE_TRANSITION:VALIDATING>FAILED",
  "SELF_CORRECTION_INITIATED:FAILED",
  "FINAL_OUTCOME:FAILED",
];

/** Every record is a strict 13-field record, and each cycle's records share their ids. */
function assertWellFormedLog(f: LivingFixture): void {
  for (const r of f.records) CycleLogRecordSchema.parse(r);
  for (const id of new Set(f.records.map((r) => r.cycle_id))) {
    const mine = f.records.filter((r) => r.cycle_id === id);
    assert.equal(new Set(mine.map((r) => r.transaction_id)).size, 1);
    assert.equal(new Set(mine.map((r) => r.mission_brief_hash)).size, 1);
    assert.equal(mine.at(-1)?.event_type, "FINAL_OUTCOME");
  }
}

/** Sends greet_architect to genesis_obj and returns the error (the send must fail). */
async function failingSend(f: LivingFixture, signal?: AbortSignal): Promise<KitError> {
  let error: KitError | undefined;
  await f.living.send("genesis_obj", "greet_architect", [], signal ? { signal } : {}).catch((e) =>
    error = e
  );
  assert(error, "the send was expected to fail");
  return error;
}

Deno.test("a cycle learns a method: COMPLETE commits it with the answer's changes, the log is exact", async () => {
  await using f = await startLivingImage();
  const answer = await f.living.send("genesis_obj", "greet_architect", []);
  assert.equal(answer.result, "Hello, the Architect");
  assert.deepEqual([answer.learned, answer.found_in, answer.changed_slots], [
    true,
    "genesis_obj",
    ["greeted"],
  ]);
  const [cycle] = answer.cycles;
  assert.deepEqual([answer.cycles.length, cycle?.outcome, cycle?.attempt], [1, "COMPLETE", 0]);
  assert.deepEqual(cycleEvents(f.records, cycle!.cycle_id), [
    ...START,
    ...PLAN_OK,
    ...VALIDATED_AND_COMPLETE,
  ]);
  assert.equal(
    f.records[0]?.mission_brief_hash,
    missionBriefHash({
      type: "unhandled_message",
      selector: "greet_architect",
      args: [],
      kwargs: {},
    }),
  );
  assertWellFormedLog(f);
  const genesis = await f.image.get("genesis_obj");
  const method = methodOf(genesis.slots.greet_architect);
  assert.equal(method?.source, GOOD_GREETING);
  assert.deepEqual([method?.persona, method?.cycle_id, method?.verdict.ok], [
    "ROBIN",
    cycle?.cycle_id,
    true,
  ]);
  assert.deepEqual([genesis.version, genesis.slots.greeted, genesis.tx_id], [
    2,
    1,
    cycle?.transaction_id,
  ]);
  const again = await f.living.send("genesis_obj", "greet_architect", []);
  assert.deepEqual(
    [again.learned, again.cycles, (await f.image.get("genesis_obj")).slots.greeted],
    [
      false,
      [],
      2,
    ],
  );
  const rows = await f.image.repository.listCycles();
  assert.deepEqual(rows.map((r) => [r.cycle_id, r.outcome]), [[cycle?.cycle_id, "COMPLETE"]]);
});

Deno.test("a guardian rejection aborts the cycle, and a corrective cycle with the error succeeds", async () => {
  await using f = await startLivingImage({
    queue: { robin: ["function greet_architect(self) { return eval('1'); }", GOOD_GREETING] },
  });
  const answer = await f.living.send("genesis_obj", "greet_architect", []);
  const [first, second] = answer.cycles;
  assert.deepEqual(
    [first?.outcome, first?.failed_state, first?.error?.code],
    ["FAILED", "VALIDATING", "GUARDIAN_FORBIDDEN"],
  );
  assert.deepEqual(
    [second?.outcome, second?.attempt, second?.parent_cycle_id, second?.mission_type],
    ["COMPLETE", 1, first?.cycle_id, "self_correction_mandate"],
  );
  assert.notEqual(first?.transaction_id, second?.transaction_id);
  assert.deepEqual(cycleEvents(f.records, first!.cycle_id), [
    ...START,
    ...PLAN_OK,
    "VALIDATION_FAILURE:VALIDATING",
    ...FAILED_AT_VALIDATING_THEN_CORRECTED,
  ]);
  assert.deepEqual(cycleEvents(f.records, second!.cycle_id), [
    ...CORRECTIVE_TO_VALIDATING,
    ...VALIDATED_AND_COMPLETE,
  ]);
  const corrective = f.records.find((r) =>
    r.cycle_id === second?.cycle_id && r.event_type === "ARTIFACT_GENERATED"
  );
  assert.match(corrective?.llm_prompt ?? "", /GUARDIAN_FORBIDDEN/);
  assert.match(corrective?.llm_prompt ?? "", /eval\('1'\)/);
  const started = f.records.find((r) =>
    r.cycle_id === second?.cycle_id && r.event_type === "CYCLE_STARTED"
  );
  assert.deepEqual(started?.validation_result, {
    mission_type: "self_correction_mandate",
    selector: "greet_architect",
    target_oid: "genesis_obj",
    attempt: 1,
    parent_cycle_id: first?.cycle_id,
  });
  assertWellFormedLog(f);
  assert.equal(
    methodOf((await f.image.get("genesis_obj")).slots.greet_architect)?.source,
    GOOD_GREETING,
  );
});

Deno.test("a malformed plan fails DECOMPOSING; the corrective cycle re-plans and succeeds", async () => {
  await using f = await startLivingImage({
    queue: { brick: ["Sure! Here is my plan: steps 1-3", GOOD_PLAN] },
  });
  const answer = await f.living.send("genesis_obj", "greet_architect", []);
  const [first, second] = answer.cycles;
  assert.deepEqual([first?.failed_state, first?.error?.code], ["DECOMPOSING", "DATA_NOT_JSON"]);
  assert.deepEqual(cycleEvents(f.records, first!.cycle_id), [
    ...START,
    "STATE_TRANSITION:IDLE>DECOMPOSING",
    "ARTIFACT_GENERATED:DECOMPOSING",
    "VALIDATION_FAILURE:DECOMPOSING",
    "STATE_TRANSITION:DECOMPOSING>FAILED",
    "SELF_CORRECTION_INITIATED:FAILED",
    "FINAL_OUTCOME:FAILED",
  ]);
  assert.deepEqual(cycleEvents(f.records, second!.cycle_id), [
    "CYCLE_STARTED:IDLE",
    ...PLAN_OK,
    ...VALIDATED_AND_COMPLETE,
  ]);
  assertWellFormedLog(f);
});

Deno.test("a plan that never matches the covenant ends in CYCLE_FAILED with the image unchanged", async () => {
  const badPlan = JSON.stringify({ plan_id: "p", mission_brief: "m", steps: [] });
  await using f = await startLivingImage({
    max_corrections: 2,
    queue: { brick: [badPlan, badPlan, badPlan] },
  });
  const before = await imageSnapshot(f.image);
  const error = await failingSend(f);
  assert.equal(error.code, "CYCLE_FAILED");
  const cycles = error.details?.cycles as { outcome: string; error: { code: string } }[];
  assert.deepEqual(cycles.map((c) => [c.outcome, c.error.code]), [
    ["FAILED", "DATA_COVENANT_VIOLATION"],
    ["FAILED", "DATA_COVENANT_VIOLATION"],
    ["FAILED", "DATA_COVENANT_VIOLATION"],
  ]);
  const last = f.records.filter((r) => r.event_type === "SELF_CORRECTION_INITIATED");
  assert.equal(last.length, 2); // the third cycle does not announce a correction
  assert.deepEqual(await imageSnapshot(f.image), before);
  assertWellFormedLog(f);
});

Deno.test("a method that loops forever fails its trial run with SANDBOX_TIMEOUT; the correction succeeds", async () => {
  await using f = await startLivingImage({
    timeoutMs: 300,
    queue: { robin: ["function greet_architect(self) { for (;;) {} }", GOOD_GREETING] },
  });
  const before = await f.image.get("genesis_obj");
  const answer = await f.living.send("genesis_obj", "greet_architect", []);
  const [first] = answer.cycles;
  assert.deepEqual([first?.failed_state, first?.error?.code], ["VALIDATING", "SANDBOX_TIMEOUT"]);
  assert.deepEqual(cycleEvents(f.records, first!.cycle_id), [
    ...START,
    ...PLAN_OK,
    "VALIDATION_SUCCESS:VALIDATING",
    "VALIDATION_SUCCESS:VALIDATING",
    "VALIDATION_FAILURE:VALIDATING",
    ...FAILED_AT_VALIDATING_THEN_CORRECTED,
  ]);
  const trial = f.records.find((r) =>
    r.cycle_id === first?.cycle_id && r.event_type === "VALIDATION_FAILURE"
  );
  assert.equal((trial?.validation_result as { guardian: string }).guardian, "SandboxTrial");
  assert.equal((await f.image.get("genesis_obj")).version, before.version + 1); // only the good one
});

Deno.test("a memory bomb fails its trial run with SANDBOX_MEMORY and leaves the image unchanged", async () => {
  await using f = await startLivingImage({
    memoryMb: 48,
    timeoutMs: 20_000,
    max_corrections: 0,
    queue: {
      robin: [
        "function greet_architect(self) { const a = []; for (;;) a.push(new Array(1e6).fill(7)); }",
      ],
    },
  });
  const before = await imageSnapshot(f.image);
  const error = await failingSend(f);
  assert.equal(error.code, "CYCLE_FAILED");
  assert.equal(
    (error.details?.cycles as { error: { code: string } }[])[0]?.error.code,
    "SANDBOX_MEMORY",
  );
  assert.deepEqual(await imageSnapshot(f.image), before);
  assertWellFormedLog(f);
});

Deno.test("file and network escapes are stopped by the guardian, or else by the sandbox", async () => {
  const obvious = "function greet_architect(self) { return Deno.readTextFileSync('/etc/passwd'); }";
  const sneaky =
    "function greet_architect(self) { const F = Reflect.get(Object, 'con' + 'structor'); " +
    "return F(\"return fetch('http://127.0.0.1:9/')\")(); }";
  await using f = await startLivingImage({
    max_corrections: 1,
    queue: { robin: [obvious, sneaky] },
  });
  const before = await imageSnapshot(f.image);
  const error = await failingSend(f);
  const cycles = error.details?.cycles as { failed_state: string; error: { code: string } }[];
  assert.deepEqual(cycles.map((c) => [c.failed_state, c.error.code]), [
    ["VALIDATING", "GUARDIAN_FORBIDDEN"],
    ["VALIDATING", "SANDBOX_DENIED"],
  ]);
  assert.deepEqual(await imageSnapshot(f.image), before);
  assertWellFormedLog(f);
});

Deno.test("the LLM going down mid-cycle fails the cycle with LLM_UNREACHABLE, without correction", async () => {
  await using f = await startLivingImage({
    wrapLlm: (client, ollama) => ({
      async chat(request, options) {
        const answer = await client.chat(request, options);
        await ollama.close(); // down after the first answer (BRICK's plan)
        return answer;
      },
    }),
  });
  const before = await imageSnapshot(f.image);
  const error = await failingSend(f);
  assert.equal(error.code, "LLM_UNREACHABLE");
  const [cycle] = error.details?.cycles as { cycle_id: string; failed_state: string }[];
  assert.equal(cycle?.failed_state, "SYNTHESIZING");
  assert.deepEqual(cycleEvents(f.records, cycle!.cycle_id), [
    ...START,
    ...PLAN_OK.slice(0, 6),
    "STATE_TRANSITION:SYNTHESIZING>FAILED",
    "FINAL_OUTCOME:FAILED",
  ]);
  assert.deepEqual(await imageSnapshot(f.image), before);
  assertWellFormedLog(f);
});

Deno.test("cancelling mid-cycle aborts the cycle and its transaction with CANCELLED", async () => {
  await using f = await startLivingImage();
  f.ollama.script.headerDelayMs = 400;
  const controller = new AbortController();
  const before = await imageSnapshot(f.image);
  let error: KitError | undefined;
  await f.living.send("genesis_obj", "greet_architect", [], {
    signal: controller.signal,
    progress: (_done, _total, note) => {
      if (note?.includes("SYNTHESIZING")) setTimeout(() => controller.abort(), 50);
    },
  }).catch((e) => error = e);
  assert.equal(error?.code, "CANCELLED");
  const [cycle] = error?.details?.cycles as { cycle_id: string; failed_state: string }[];
  assert.equal(cycle?.failed_state, "SYNTHESIZING");
  assert.deepEqual(cycleEvents(f.records, cycle!.cycle_id).slice(-2), [
    "STATE_TRANSITION:SYNTHESIZING>FAILED",
    "FINAL_OUTCOME:FAILED",
  ]);
  assert.deepEqual(await imageSnapshot(f.image), before);
  assertWellFormedLog(f);
});

Deno.test("a facet slot's intent text reaches the prompt, and the facet learns its method", async () => {
  await using f = await startLivingImage({
    queue: { robin: ["function sage_facet_(self, q) { return 'Consider: ' + q; }"] },
  });
  const answer = await f.living.send("robin_prototype_obj", "sage_facet_", ["why?"]);
  assert.equal(answer.result, "Consider: why?");
  const synth = f.records.find((r) =>
    r.event_type === "ARTIFACT_GENERATED" && r.current_state === "SYNTHESIZING"
  );
  assert.match(synth?.llm_prompt ?? "", /The Sage \(Alan Watts\)/);
});
