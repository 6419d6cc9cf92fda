import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { simulateBoot } from "../../lib/boot/simulate.ts";
import { REQUIRED_SUBSYSTEMS } from "../../lib/boot/subsystems.ts";
import {
  ActivationStatusArtifactSchema,
  ChatCaptureArtifactSchema,
  SmokeArtifactSchema,
  TreeBootSchema,
} from "../../schemas/boot.ts";
import { FIXED_NOW, withGenATree } from "./_helpers.ts";
import { genAFiles, SMC_TESTS } from "../fixtures/os_tree.ts";

const SID = "20260110T120000Z";

Deno.test("simulateBoot() boots the complete Gen-A fixture: BOOT_OK from both verdicts, all ten ACTIVE", async () => {
  await withGenATree({}, async (root, out) => {
    const boot = await simulateBoot(root, { outDir: out, now: FIXED_NOW });
    TreeBootSchema.parse(boot);
    assertEquals(boot.strict.signal, "BOOT_OK");
    assertEquals(boot.strict.lines, [
      "BOOT_OK",
      "MetaBlooms OS READY",
      `ACTIVATION_ARTIFACT: control_plane/state_hub/activation_status_${SID}.json`,
      "TASK_EXECUTED: boot_smoke_test",
    ]);
    assertEquals(boot.compat.ok, true);
    assertEquals(boot.compat.differs, false);
    assertEquals(boot.subsystems.map((s) => s.name), [...REQUIRED_SUBSYSTEMS]);
    assert(boot.subsystems.every((s) => s.status === "ACTIVE" && s.compat_status === "ACTIVE"));
    assertEquals(boot.subsystems.find((s) => s.name === "BLE")!.file, "ble/BLE_RULESET.md");
    assertEquals(boot.findings.filter((f) => f.severity !== "info"), []);
  });
});

Deno.test("simulateBoot() writes the three receipts in the exact shapes of boot.md §4", async () => {
  await withGenATree({}, async (root, out) => {
    const boot = await simulateBoot(root, { outDir: out, now: FIXED_NOW });
    const read = async (p: string | undefined) => JSON.parse(await Deno.readTextFile(p!));
    const activation = ActivationStatusArtifactSchema.parse(
      await read(boot.artifacts?.activation_status),
    );
    assertEquals(Object.keys(activation), [...REQUIRED_SUBSYSTEMS].sort());
    assertEquals(activation.BRIDGE_MAP!.detail, {
      file: `${root}/control_plane/bridge_map.json`,
      status: "mapped",
      kind: "control_plane",
    });
    assertEquals(activation.CHM!.detail, { status: "active", note: "chat health monitor active" });
    assertEquals(activation.BRIDGE_MAP!.timestamp_utc, "2026-01-10T12:00:00.100000Z");
    const smoke = SmokeArtifactSchema.parse(await read(boot.artifacts?.smoke));
    assertEquals(smoke, {
      session_id: SID,
      timestamp_utc: "2026-01-10T12:00:00.100000Z",
      task: "boot_smoke_test",
      result: "success",
      boot_state_keys: ["governance", "learning", "os", "state"],
      activation_artifact: `control_plane/state_hub/activation_status_${SID}.json`,
    });
    const capture = ChatCaptureArtifactSchema.parse(await read(boot.artifacts?.chat_capture));
    assertEquals(capture.schema, "MB_MANDATORY_CHAT_CAPTURE_v1");
    assertEquals(capture.captured_at_unix, 1768046400);
    assertEquals(capture.context, { invocation: "RUN_METABLOOMS" });
    const health = (await Deno.readTextFile(boot.artifacts!.chat_health!)).split("\n");
    assertEquals(health.length, 2);
    assertEquals(JSON.parse(health[0]!).health, "GREEN");
  });
});

Deno.test("simulateBoot() reports CONTROL_PLANE_ERROR when BOOT_STATE.json is missing", async () => {
  await withGenATree({ omit: ["control_plane/BOOT_STATE.json"] }, async (root, out) => {
    const boot = await simulateBoot(root, { outDir: out, now: FIXED_NOW });
    assertEquals(boot.strict.code, "CONTROL_PLANE_ERROR");
    assertEquals(boot.compat.code, "CONTROL_PLANE_ERROR");
    assertEquals(boot.compat.exit_code, 1);
    assertEquals(boot.compat.lines.at(-1), "BOOT_FAILED: ENTRYPOINT_EXIT_NONZERO");
    assertMatch(boot.strict.reason, /BOOT_STATE\.json/);
    assertEquals(boot.artifacts, undefined);
  });
});

Deno.test("simulateBoot() reports CONTROL_PLANE_ERROR when BOOT_STATE.json is not JSON", async () => {
  await withGenATree(
    { overrides: { "control_plane/BOOT_STATE.json": "{not json" } },
    async (root) => {
      assertEquals((await simulateBoot(root)).strict.code, "CONTROL_PLANE_ERROR");
    },
  );
});

Deno.test("simulateBoot() reports ACTIVATION_GATE_FAILED naming a subsystem whose anchor is missing", async () => {
  await withGenATree(
    { omit: ["control_plane/decision_spine/DECISION_SPINE.md"] },
    async (root, out) => {
      const boot = await simulateBoot(root, { outDir: out, now: FIXED_NOW });
      assertEquals(boot.strict.code, "ACTIVATION_GATE_FAILED");
      assertEquals(boot.strict.lines[1], "REQUIRED_SUBSYSTEMS_NOT_ACTIVE: ['DECISION_SPINE']");
      assertMatch(boot.strict.reason, /DECISION_SPINE MISSING_REQUIRED_FILE/);
      assertEquals(boot.compat.code, "ACTIVATION_GATE_FAILED");
      assertEquals(boot.compat.differs, false);
      const row = boot.subsystems.find((s) => s.name === "DECISION_SPINE")!;
      assertEquals([row.status, row.error, row.file], [
        "ERROR",
        "MISSING_REQUIRED_FILE",
        "control_plane/decision_spine/DECISION_SPINE.md",
      ]);
      assertEquals(boot.artifacts, undefined, "no receipts after a failed gate");
    },
  );
});

Deno.test("simulateBoot() reports EGG_JUICER errors: missing directory, then missing anchor", async () => {
  await withGenATree({ omit: ["egg_juicer"] }, async (root) => {
    const row = (await simulateBoot(root)).subsystems.find((s) => s.name === "EGG_JUICER")!;
    assertEquals(row.error, "MISSING_DIRECTORY");
  });
  await withGenATree({
    omit: ["egg_juicer/README.md"],
    overrides: { "egg_juicer/notes.txt": "x\n" },
  }, async (root) => {
    const boot = await simulateBoot(root);
    assertEquals(
      boot.subsystems.find((s) => s.name === "EGG_JUICER")!.error,
      "NO_ANCHOR_FILE_FOUND",
    );
    assertEquals(boot.strict.lines[1], "REQUIRED_SUBSYSTEMS_NOT_ACTIVE: ['EGG_JUICER']");
  });
});

Deno.test("simulateBoot() uses the BLE and governance fallbacks like the original", async () => {
  await withGenATree({
    omit: ["ble/BLE_RULESET.md", "governance/GOVERNANCE.md"],
    overrides: {
      "control_plane/MB_REASONING_ENGINE_INTERFACE_SPEC_v1.json": '{"learning": "on"}',
      "control_plane/MB_GATE_REGISTRY_MANIFEST_v1.json": "{}",
    },
  }, async (root) => {
    const boot = await simulateBoot(root);
    assertEquals(boot.strict.ok, true);
    const ble = boot.subsystems.find((s) => s.name === "BLE")!;
    assertEquals([ble.file, ble.detail.status], [
      "control_plane/MB_REASONING_ENGINE_INTERFACE_SPEC_v1.json",
      "on",
    ]);
    assertEquals(
      boot.subsystems.find((s) => s.name === "GOVERNANCE_CORE")!.file,
      "control_plane/MB_GATE_REGISTRY_MANIFEST_v1.json",
    );
  });
});

Deno.test("simulateBoot() fails the kit but not the original when chm_contract.json is missing (masking)", async () => {
  await withGenATree({ omit: ["control_plane/chm_contract.json"] }, async (root) => {
    const boot = await simulateBoot(root);
    assertEquals(boot.strict.code, "ACTIVATION_GATE_FAILED");
    assertEquals(boot.strict.lines[1], "REQUIRED_SUBSYSTEMS_NOT_ACTIVE: ['CHM']");
    assertEquals(boot.compat.ok, true);
    assertEquals(boot.compat.differs, true);
    assertEquals(boot.compat.masked.map((m) => [m.subsystem, m.error]), [[
      "CHM",
      "MISSING_REQUIRED_FILE",
    ]]);
    const chm = boot.subsystems.find((s) => s.name === "CHM")!;
    assertEquals([chm.status, chm.compat_status, chm.masked], ["ERROR", "ACTIVE", true]);
  });
});

Deno.test("simulateBoot() masks a missing heuristic matrix when the v1.1 delta exists (compat only)", async () => {
  await withGenATree({
    omit: ["control_plane/heuristic_matrix.json"],
    overrides: { "control_plane/heuristic_matrix_v1_1_delta.json": '{"status": "delta"}' },
  }, async (root) => {
    const boot = await simulateBoot(root);
    assertEquals(boot.strict.code, "ACTIVATION_GATE_FAILED");
    assertEquals(boot.compat.ok, true);
    assertEquals(boot.compat.masked[0]?.subsystem, "HEURISTIC_MATRIX");
  });
});

Deno.test("simulateBoot() does not guess the SMC's self-tests: they are the bundle's Python", async () => {
  const tests = { ...SMC_TESTS, tests: [{ ...SMC_TESTS.tests[0]!, expected_mode: "EVALUATE" }] };
  await withGenATree({
    overrides: { "control_plane/SHOPPING_MODE_CONTROLLER_TESTS_v1.json": JSON.stringify(tests) },
  }, async (root) => {
    const boot = await simulateBoot(root);
    const smc = boot.subsystems.find((s) => s.name === "SHOPPING_MODE_CONTROLLER")!;
    assertEquals([smc.status, smc.detail.evaluated, smc.detail.tests_declared], [
      "ACTIVE",
      false,
      1,
    ]);
    assertEquals([boot.strict.ok, boot.compat.ok], [true, true]);
  });
});

Deno.test("simulateBoot() maps a missing SMC rules file to UNCAUGHT_EXCEPTION; the original exits non-zero", async () => {
  await withGenATree(
    { omit: ["control_plane/SHOPPING_MODE_CONTROLLER_RULES_v1.json"] },
    async (root) => {
      const boot = await simulateBoot(root);
      assertEquals(boot.strict.code, "UNCAUGHT_EXCEPTION");
      assertMatch(boot.strict.reason, /SHOPPING_MODE_CONTROLLER_RULES_v1\.json/);
      assertEquals(boot.compat.code, "ENTRYPOINT_EXIT_NONZERO");
      assertEquals(boot.compat.lines, [
        "Traceback (most recent call last): …",
        "BOOT_FAILED: ENTRYPOINT_EXIT_NONZERO",
      ]);
      assertEquals(
        boot.subsystems.filter((s) => s.compat_status === "NOT_REACHED").map((s) => s.name),
        [
          "SHOPPING_MODE_CONTROLLER",
          "EGG_JUICER",
          "BLE",
          "GOVERNANCE_CORE",
          "DECISION_SPINE",
          "SANDFIT_V0",
        ],
      );
    },
  );
});

Deno.test("simulateBoot() reports NO_ENTRYPOINT when no entry exists, and refuses to guess one", async () => {
  await withGenATree({ omit: ["RUN_METABLOOMS.py"] }, async (root) => {
    const boot = await simulateBoot(root);
    assertEquals(boot.strict.code, "NO_ENTRYPOINT");
    assertEquals(boot.compat.code, "NO_ENTRYPOINT");
    assertEquals(boot.compat.exit_code, 11);
  });
  await withGenATree(
    { overrides: { "boot_manifest.json": '{"success_signal": "BOOT_OK"}' } },
    async (root) => {
      const boot = await simulateBoot(root);
      assertEquals(boot.strict.code, "NO_ENTRYPOINT");
      assertEquals(boot.compat.ok, true, "the launcher falls back to RUN_METABLOOMS.py");
      assertEquals(boot.compat.masked[0]?.subsystem, "LAUNCHER");
    },
  );
});

Deno.test("simulateBoot() reports CHAT_CAPTURE_ERROR when the capture cannot be written", async () => {
  await withGenATree({}, async (root, out) => {
    await Deno.mkdir(`${out}/control_plane/state_hub/chat_capture_${SID}.json`, {
      recursive: true,
    });
    const boot = await simulateBoot(root, { outDir: out, now: FIXED_NOW });
    assertEquals(boot.strict.code, "CHAT_CAPTURE_ERROR");
    assertEquals(boot.artifacts, undefined);
  });
});

Deno.test("simulateBoot() needs the success signal as a whole line; the original accepts a substring", async () => {
  const manifest = { entrypoint: "RUN_METABLOOMS.py", success_signal: "OS READY" };
  await withGenATree(
    { overrides: { "boot_manifest.json": JSON.stringify(manifest) } },
    async (root) => {
      const boot = await simulateBoot(root);
      assertEquals(boot.strict.code, "SUCCESS_SIGNAL_MISSING");
      assertEquals(boot.compat.ok, true);
    },
  );
});

Deno.test("simulateBoot() maps an unparseable boot manifest to UNCAUGHT_EXCEPTION (the launcher crashes)", async () => {
  await withGenATree({ overrides: { "boot_manifest.json": "[" } }, async (root) => {
    const boot = await simulateBoot(root);
    assertEquals(boot.strict.code, "UNCAUGHT_EXCEPTION");
    assertEquals(boot.compat.code, "UNCAUGHT_EXCEPTION");
  });
});

Deno.test("simulateBoot() enforces the bundle's own REQUIRED list in compat and flags the others", async () => {
  await withGenATree({}, async (root) => {
    const boot = await simulateBoot(root);
    const lists = boot.required.lists.map((
      l,
    ) => [l.source, l.names.length, l.enforced_by_original]);
    assertEquals(lists, [
      ["control_plane/boot_activator.py REQUIRED", 10, true],
      ["scripts/build_manifest.json", 5, false],
    ]);
    assertEquals(boot.findings.map((f) => [f.code, f.severity]), [[
      "REQUIRED_LIST_DISAGREES",
      "info",
    ]]);
  });
  const activator = genAFiles()["control_plane/boot_activator.py"]!.replace(
    /^REQUIRED = \[[^\]]*\]/m,
    'REQUIRED = ["CHM", "HEURISTIC_MATRIX", "BRIDGE_MAP"]',
  );
  await withGenATree({
    omit: ["egg_juicer"],
    overrides: { "control_plane/boot_activator.py": activator },
  }, async (root) => {
    const boot = await simulateBoot(root);
    assertEquals(boot.required.compat_enforced, ["CHM", "HEURISTIC_MATRIX", "BRIDGE_MAP"]);
    assertEquals(boot.compat.ok, true, "the original enforces only its own 3");
    assertEquals(boot.strict.code, "ACTIVATION_GATE_FAILED");
    assert(
      boot.findings.some((f) => f.code === "REQUIRED_LIST_DISAGREES" && f.severity === "warning"),
    );
  });
});

Deno.test("simulateBoot() warns on boot contract drift", async () => {
  const contract = {
    boot_filename: "BOOT_METABLOOMS.py",
    boot_sha256: "0".repeat(64),
    required_full_entrypoint: "RUN_METABLOOMS.py",
    required_success_markers: ["BOOT_OK", "ALL SYSTEMS GO"],
  };
  await withGenATree(
    { overrides: { "boot_contract.json": JSON.stringify(contract) } },
    async (root) => {
      const boot = await simulateBoot(root);
      assertEquals(boot.strict.ok, true, "contract drift is a warning");
      assertEquals(
        boot.findings.filter((f) => f.severity === "warning").map((f) => f.code),
        ["CONTRACT_HASH_MISMATCH", "CONTRACT_MARKER_NEVER_EMITTED"],
      );
    },
  );
});
