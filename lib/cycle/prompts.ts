/**
 * The cycle's meta-prompts: decomposition (BRICK → a CognitivePlan), synthesis
 * ("Cognitive Weaving": the target's persona → method source) and correction
 * (a failed artifact and its structured errors → the corrected artifact). Each
 * states the expected form of the answer; the model's persona speaks through
 * the system prompt built from the codex.
 *
 * @module
 */
import type { CodedError } from "../../schemas/image.ts";
import type { JsonValue } from "../image/object.ts";
import type { Snippet } from "./retrieval.ts";

/** What the prompts know about the unanswered message. */
export interface MissionFacts {
  /** The receiver. */
  target_oid: string;
  /** The selector. */
  selector: string;
  /** The arguments. */
  args: JsonValue[];
  /** A facet's intent text, if the selector's slot held one. */
  intent: string | null;
}

/**
 * The expected form of a method, as every synthesis prompt states it.
 *
 * @param selector The method's name.
 * @returns The instructions.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { methodForm } from "./prompts.ts";
 * assert.match(methodForm("greet"), /function greet\(self, \.\.\.args\)/);
 * ```
 */
export function methodForm(selector: string): string {
  return [
    "Answer with exactly one JavaScript function definition and nothing else:",
    `function ${selector}(self, ...args) { ... }`,
    "- `self` is a JSON copy of the receiver's slots; assign `self.<slot> = value` to change the " +
    "receiver (the change is saved with the call).",
    "- Return a JSON value (string, number, boolean, null, array or plain object).",
    "- Persistence Covenant: plain synchronous JavaScript, no TypeScript types; no import or " +
    "export, no eval or Function, no globalThis, Deno, process, fetch or require, no `this`, no " +
    "prototype changes (__proto__, constructor, .prototype); no files, network, timers or I/O.",
  ].join("\n");
}

function describeMission(m: MissionFacts): string[] {
  return [
    `Object \`${m.target_oid}\` was sent the message \`${m.selector}\` with arguments ` +
    `${JSON.stringify(m.args)}, and neither it nor its parents has a method for it.`,
    ...(m.intent ? [`The slot's intent: ${m.intent}`] : []),
  ];
}

/**
 * The DECOMPOSING prompt: a CognitivePlan as JSON.
 *
 * @param mission The message.
 * @param planSchema The CognitivePlan covenant from the image.
 * @param rejected A previous plan and why it was rejected (corrective cycles).
 * @returns The user prompt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decomposePrompt } from "./prompts.ts";
 * const p = decomposePrompt({ target_oid: "o", selector: "s", args: [], intent: null }, {});
 * assert.match(p, /JSON/);
 * ```
 */
export function decomposePrompt(
  mission: MissionFacts,
  planSchema: JsonValue | undefined,
  rejected?: { artifact: string; errors: CodedError[] },
): string {
  return [
    ...describeMission(mission),
    "Decompose the mission of writing that method into a plan of 1 to 3 steps.",
    "Answer with one JSON object only (no prose, no code fences) matching this JSON Schema:",
    JSON.stringify(planSchema ?? {}),
    `Use plan_id "plan", mission_brief = one sentence, step_id 1, 2, 3; persona one of ALFRED, ` +
    "BRICK, ROBIN, BABS; put a short search query for the knowledge catalog in inputs.query.",
    ...(rejected ? rejectedBlock(rejected) : []),
  ].join("\n");
}

/**
 * The SYNTHESIZING prompt ("Cognitive Weaving").
 *
 * @param mission The message.
 * @param context The receiver's data slots, its method names, the plan, retrieved
 *   snippets and the declared result schema.
 * @returns The user prompt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { synthesizePrompt } from "./prompts.ts";
 * const p = synthesizePrompt({ target_oid: "o", selector: "s", args: [1], intent: null },
 *   { slots: { n: 1 }, methods: [], plan: null, snippets: [], result_schema: null });
 * assert.match(p, /function s\(self/);
 * ```
 */
export function synthesizePrompt(
  mission: MissionFacts,
  context: {
    slots: Record<string, JsonValue>;
    methods: string[];
    plan: JsonValue | null;
    snippets: Snippet[];
    result_schema: JsonValue | null;
  },
): string {
  return [
    ...describeMission(mission),
    `Write the method \`${mission.selector}\`.`,
    `The receiver's data slots: ${JSON.stringify(context.slots)}`,
    ...(context.methods.length ? [`Its methods: ${context.methods.join(", ")}`] : []),
    ...(context.plan === null ? [] : [`The plan: ${JSON.stringify(context.plan)}`]),
    ...(context.snippets.length
      ? ["Knowledge:", ...context.snippets.map((s) => `- [${s.id}] ${s.text}`)]
      : []),
    ...(context.result_schema === null
      ? []
      : [`The answer must match this JSON Schema: ${JSON.stringify(context.result_schema)}`]),
    methodForm(mission.selector),
  ].join("\n");
}

/**
 * The prompt of a corrective cycle: correct the artifact given the errors.
 *
 * @param mission The original message.
 * @param rejected The failed method source and its structured errors.
 * @returns The user prompt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { correctionPrompt } from "./prompts.ts";
 * const p = correctionPrompt({ target_oid: "o", selector: "s", args: [], intent: null },
 *   { artifact: "function s(self) { return eval('1'); }", errors: [{ code: "GUARDIAN_FORBIDDEN", message: "eval" }] });
 * assert.match(p, /GUARDIAN_FORBIDDEN/);
 * ```
 */
export function correctionPrompt(
  mission: MissionFacts,
  rejected: { artifact: string; errors: CodedError[] },
): string {
  return [
    ...describeMission(mission),
    "Correct this artifact given the errors below. Output only the corrected artifact.",
    ...rejectedBlock(rejected),
    methodForm(mission.selector),
  ].join("\n");
}

function rejectedBlock(rejected: { artifact: string; errors: CodedError[] }): string[] {
  return [
    "The previous artifact:",
    rejected.artifact,
    "It was rejected for:",
    ...rejected.errors.map((e) => `- ${e.code}${e.path ? ` at ${e.path}` : ""}: ${e.message}`),
  ];
}
