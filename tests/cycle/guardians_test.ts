import assert from "node:assert/strict";
import {
  extractMethod,
  judgeMethodSource,
  seedCovenants,
  validateArtifact,
} from "../../lib/cycle/mod.ts";

const FENCE = "`".repeat(3);

Deno.test("the extractor accepts the forms models commonly return", () => {
  const body = "{ return 'hi ' + self.name; }";
  const cases: [string, string][] = [
    [`function greet(self) ${body}`, `function greet(self) ${body}`],
    [
      `Sure!\n${FENCE}js\nfunction greet(self) ${body}\n${FENCE}\nDone.`,
      `function greet(self) ${body}`,
    ],
    [`${FENCE}\nfunction greet(self) ${body}\n${FENCE}`, `function greet(self) ${body}`],
    [`Here it is: function greet(self) ${body} Hope it helps.`, `function greet(self) ${body}`],
    [`const greet = (self) => 'hi ' + self.name;`, `const greet = (self) => 'hi ' + self.name;`],
    [`Try: const greet = (self) => 'hi'; and enjoy`, `const greet = (self) => 'hi';`],
    [`export default function greet(self) ${body}`, `function greet(self) ${body}`],
    [`export default function (self) ${body}`, `const greet = function (self) ${body};`],
    [`export function greet(self) ${body}`, `function greet(self) ${body}`],
  ];
  for (const [answer, expected] of cases) {
    assert.equal(extractMethod(answer, "greet"), expected, answer);
  }
});

Deno.test("the extractor keeps helpers and refuses answers without code", () => {
  const source =
    "function helper(x) { return x * 2; }\nfunction twice(self) { return helper(self.n); }";
  assert.equal(extractMethod(`${FENCE}javascript\n${source}\n${FENCE}`, "twice"), source);
  assert.throws(() => extractMethod("I cannot help with that.", "twice"), {
    code: "EXTRACT_NO_CODE",
  });
});

Deno.test("the PersistenceGuardian accepts plain methods", () => {
  for (
    const source of [
      "function greet(self) { return 'hi ' + self.name; }",
      "const greet = (self, who) => `hi ${who}`;",
      "'use strict';\nfunction greet(self) { self.count = (self.count ?? 0) + 1; return Array.prototype.slice.call([1, 2], 1); }",
      "function helper(x) { return x; }\nfunction greet(self) { return helper(self); }",
    ]
  ) {
    const report = judgeMethodSource(source, "greet");
    assert.deepEqual(report, { guardian: "PersistenceGuardian", ok: true, errors: [] }, source);
  }
});

Deno.test("the PersistenceGuardian rejects what a method must not do, with a code and a position", () => {
  const cases: [string, string][] = [
    ["function greet(self) { return 1", "GUARDIAN_SYNTAX"],
    ["import fs from 'node:fs';\nfunction greet(self) { return 1; }", "GUARDIAN_IMPORT"],
    ["function greet(self) { return import('node:fs'); }", "GUARDIAN_IMPORT"],
    ["function greet(self) { return import.meta.url; }", "GUARDIAN_IMPORT"],
    ["function greet(self) { return eval('1'); }", "GUARDIAN_FORBIDDEN"],
    ["function greet(self) { return new Function('return 1')(); }", "GUARDIAN_FORBIDDEN"],
    ["function greet(self) { return globalThis; }", "GUARDIAN_FORBIDDEN"],
    ["function greet(self) { return Deno.readTextFileSync('/etc/passwd'); }", "GUARDIAN_FORBIDDEN"],
    ["function greet(self) { return process.env; }", "GUARDIAN_FORBIDDEN"],
    ["function greet(self) { return fetch('http://x'); }", "GUARDIAN_FORBIDDEN"],
    ["function greet(self) { return this; }", "GUARDIAN_FORBIDDEN"],
    [
      "function greet(self) { return ({}).constructor.constructor('return 1')(); }",
      "GUARDIAN_PROTOTYPE",
    ],
    ["function greet(self) { return self['constructor']; }", "GUARDIAN_PROTOTYPE"],
    ["function greet(self) { self.__proto__ = null; }", "GUARDIAN_PROTOTYPE"],
    ["function greet(self) { return { __proto__: null }; }", "GUARDIAN_PROTOTYPE"],
    ["function greet(self) { Object.setPrototypeOf(self, null); }", "GUARDIAN_PROTOTYPE"],
    ["function greet(self) { Array.prototype.x = 1; }", "GUARDIAN_PROTOTYPE"],
    ["function greet(self) { delete Object.prototype.toString; }", "GUARDIAN_PROTOTYPE"],
    [
      "function greet(self) { Object.defineProperty(Array.prototype, 'x', {}); }",
      "GUARDIAN_PROTOTYPE",
    ],
    ["greet(1);\nfunction greet(self) { return 1; }", "GUARDIAN_TOP_LEVEL"],
    ["function hello(self) { return 1; }", "GUARDIAN_NO_METHOD"],
    ["const greet = 1;", "GUARDIAN_NO_METHOD"],
    ["async function greet(self) { return 1; }", "GUARDIAN_NOT_SYNC"],
    ["function* greet(self) { yield 1; }", "GUARDIAN_NOT_SYNC"],
    [`function greet(self) { return "${"x".repeat(70_000)}"; }`, "GUARDIAN_TOO_LARGE"],
  ];
  for (const [source, code] of cases) {
    const report = judgeMethodSource(source, "greet");
    assert.equal(report.ok, false, source.slice(0, 80));
    assert.equal(report.errors[0]?.code, code, source.slice(0, 80));
    if (code !== "GUARDIAN_TOO_LARGE") assert.match(report.errors[0]?.path ?? "", /^\d+:\d+$/);
  }
});

Deno.test("the DataGuardian validates plans, method artifacts and declared results against the covenants", () => {
  const covenants = seedCovenants();
  const plan = {
    plan_id: "p",
    mission_brief: "m",
    steps: [{ step_id: 1, persona: "BRICK", action: "a", inputs: { query: "q" } }],
  };
  assert.equal(validateArtifact(covenants.CognitivePlan!, plan, covenants).ok, true);
  const bad = validateArtifact(
    covenants.CognitivePlan!,
    { ...plan, steps: [{ step_id: "1", persona: "JOKER", action: "a", inputs: { n: 1 } }] },
    covenants,
  );
  assert.deepEqual(bad.errors.map((e) => e.path).sort(), [
    "#/steps/0/inputs/n",
    "#/steps/0/persona",
    "#/steps/0/step_id",
  ]);
  assert(bad.errors.every((e) => e.code === "DATA_COVENANT_VIOLATION"));
  const declared = (covenants.result_schemas as Record<string, unknown>).greet_architect!;
  assert.equal(validateArtifact(declared as never, "Hello", covenants).ok, true);
  assert.equal(validateArtifact(declared as never, 42, covenants).ok, false);
  assert.equal(validateArtifact(42, {}, covenants).errors[0]?.code, "DATA_COVENANT_INVALID");
});
