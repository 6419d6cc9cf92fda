import { assertEquals } from "../_assert.ts";
import { smcOutcome, summarizeSmc } from "../../lib/boot/smc.ts";
import { activateSubsystems } from "../../lib/boot/activate.ts";
import { genAFiles, SMC_RULES, SMC_TESTS } from "../fixtures/os_tree.ts";
import { withGenATree } from "./_helpers.ts";

Deno.test("summarizeSmc() reads what the real SMC files declare, and a missing tests key is zero cases", () => {
  const files = genAFiles();
  const rules = JSON.parse(files["control_plane/SHOPPING_MODE_CONTROLLER_RULES_v1.json"]!);
  const tests = JSON.parse(files["control_plane/SHOPPING_MODE_CONTROLLER_TESTS_v1.json"]!);
  assertEquals(summarizeSmc(rules, tests), {
    tests_declared: 5,
    modes: ["FIND", "EVALUATE", "FINE_TUNE"],
    triggers: 5,
    evaluated: false,
    decision_logic: "control_plane/shopping_mode_controller.py",
  });
  assertEquals(summarizeSmc(SMC_RULES, { ...SMC_TESTS, tests: undefined }).tests_declared, 0);
});

Deno.test("activateSubsystems() sets the SMC ACTIVE from its files without modelling its decision logic", async () => {
  const { tests: _cases, ...noCases } = SMC_TESTS;
  await withGenATree({
    overrides: {
      "control_plane/SHOPPING_MODE_CONTROLLER_TESTS_v1.json": JSON.stringify(noCases),
    },
  }, async (root) => {
    const out = await activateSubsystems(root);
    const smc = out.strict.SHOPPING_MODE_CONTROLLER!;
    assertEquals([smc.status, smc.detail.tests_declared, smc.detail.evaluated], [
      "ACTIVE",
      0,
      false,
    ]);
    assertEquals(out.crash, undefined);
  });
});

Deno.test("smcOutcome() reads the self-test report the bundle's own runtime recorded", () => {
  const record = {
    SHOPPING_MODE_CONTROLLER: {
      status: "ACTIVE",
      detail: { ok: false, tests_run: 5, failures: [{ id: "SMC-T2" }] },
    },
  };
  assertEquals(smcOutcome(record, "state_hub/a.json"), {
    ok: false,
    tests_run: 5,
    failures: [{ id: "SMC-T2" }],
    source: "state_hub/a.json",
  });
  assertEquals(smcOutcome({ SHOPPING_MODE_CONTROLLER: { detail: {} } }, "x"), undefined);
});
