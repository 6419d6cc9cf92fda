import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { decideNextMode, runSmcTests, SmcFormatError } from "../../lib/boot/smc.ts";
import { genAFiles } from "../fixtures/os_tree.ts";

const files = genAFiles();
const rules = JSON.parse(files["control_plane/SHOPPING_MODE_CONTROLLER_RULES_v1.json"]!);
const tests = JSON.parse(files["control_plane/SHOPPING_MODE_CONTROLLER_TESTS_v1.json"]!);

Deno.test("decideNextMode() takes the first matching rule, else stays in a known mode, else the default", () => {
  assertEquals(decideNextMode(rules, "BROWSE", "compare"), "COMPARE");
  assertEquals(decideNextMode(rules, "CHECKOUT", "unknown"), "CHECKOUT");
  assertEquals(decideNextMode(rules, "NOWHERE", "compare"), "BROWSE");
});

Deno.test("runSmcTests() passes the fixture's own test cases", () => {
  assertEquals(runSmcTests(rules, tests), { ok: true, tests_run: 3, failures: [] });
});

Deno.test("runSmcTests() lists each failing case with expected and got", () => {
  const bad = {
    cases: [...tests.cases, { id: "X", mode: "BROWSE", signal: "decide", expect: "CHECKOUT" }],
  };
  const report = runSmcTests(rules, bad);
  assertEquals(report.ok, false);
  assertEquals(report.failures, [{ id: "X", expected: "CHECKOUT", got: "BROWSE" }]);
});

Deno.test("runSmcTests() throws SmcFormatError where the original would raise KeyError", () => {
  const error = assertThrows(() => runSmcTests(rules, { tests: [] }), SmcFormatError);
  assert(String(error).includes('"cases"'));
  assertThrows(() => decideNextMode({ rules: [{ from: "A" }] }, "A", "x"), SmcFormatError);
});
