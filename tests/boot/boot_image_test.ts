import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { bootImage } from "../../lib/boot/boot_image.ts";
import { readAuditLog } from "../../lib/boot/audit.ts";
import { readSlots } from "../../lib/boot/slots.ts";
import { bootStatus } from "../../lib/boot/status.ts";
import { buildBundle } from "../../lib/bundle/build.ts";
import { BootReportSchema, SmokeArtifactSchema } from "../../schemas/boot.ts";
import { SMC_TESTS, writeGenBTree, writeGenCTree } from "../fixtures/os_tree.ts";
import { buildGenABundle, testConfig, withTempDir } from "./_helpers.ts";
import { pythonTest } from "../_python.ts";

Deno.test("bootImage() boots the Gen-A fixture bundle, writes receipts, stages it and logs the boot", async () => {
  await withTempDir(async (dir) => {
    const config = testConfig(`${dir}/data`);
    const path = await buildGenABundle(dir, "good");
    const report = BootReportSchema.parse(await bootImage(config, path));
    assertEquals([report.signal, report.code, report.bundle.generation], [
      "BOOT_OK",
      undefined,
      "A",
    ]);
    assertEquals([report.compat.ok, report.compat.differs], [true, false]);
    assertEquals(report.subsystems.filter((s) => s.status === "ACTIVE").length, 10);
    assertEquals(report.slot.action, "staged");
    const smoke = SmokeArtifactSchema.parse(
      JSON.parse(await Deno.readTextFile(report.artifacts!.smoke!)),
    );
    assertEquals(smoke.session_id, report.session_id);
    assert(report.artifacts!.dir.startsWith(`${dir}/data/boots/${report.boot_id}`));
    assertEquals(
      BootReportSchema.parse(JSON.parse(await Deno.readTextFile(report.receipt!))),
      report,
    );
    assertEquals([...Deno.readDirSync(`${dir}/data/staging`)], [], "staging is cleaned up");
    const slots = await readSlots(config);
    assertEquals([slots.slots.CANDIDATE?.boot_id, slots.slots.CANDIDATE?.receipt], [
      report.boot_id,
      report.receipt,
    ]);
    const audit = await readAuditLog(`${dir}/data/audit/boot_events.ndjson`);
    assertEquals(audit.events.map((e) => e.event_type), ["BOOT_OK", "SLOT_STAGE"]);
    assertEquals(audit.events[0]!.payload.sha256, report.bundle.sha256);
  });
});

Deno.test("bootImage() with exec runs the bundle's own Python entry, which agrees with the kit", async () => {
  await withTempDir(async (dir) => {
    const report = await bootImage(testConfig(`${dir}/data`), await buildGenABundle(dir, "good"), {
      exec: true,
    });
    assertEquals([
      report.ok,
      report.exec?.ok,
      report.exec?.agrees_with_kit,
      report.exec?.agrees_with_compat,
    ], [
      true,
      true,
      true,
      true,
    ]);
    assertEquals(report.exec?.signal_line, true);
  });
});

Deno.test("bootImage() fails closed with ACTIVATION_GATE_FAILED listing the missing anchor, and does not stage", async () => {
  await withTempDir(async (dir) => {
    const config = testConfig(`${dir}/data`);
    const path = await buildGenABundle(dir, "noanchor", {
      omit: ["microblooms/sandfit_v0/src/sandfit_engine.py"],
    });
    const report = await bootImage(config, path, { exec: true });
    assertEquals(report.validation?.ok, true, "the validator does not look at anchors");
    assertEquals([report.signal, report.code], ["BOOT_FAILED", "ACTIVATION_GATE_FAILED"]);
    assertEquals(report.lines[1], "REQUIRED_SUBSYSTEMS_NOT_ACTIVE: ['SANDFIT_V0']");
    assertEquals([report.exec?.code, report.exec?.agrees_with_kit], [
      "ACTIVATION_GATE_FAILED",
      true,
    ]);
    assertEquals(report.slot.action, "none");
    assertEquals(report.artifacts, undefined);
    const status = await bootStatus(config);
    assertEquals([status.slots.CANDIDATE, status.last_failure?.code], [
      undefined,
      "ACTIVATION_GATE_FAILED",
    ]);
    const audit = await readAuditLog(`${dir}/data/audit/boot_events.ndjson`);
    assertEquals(audit.events.map((e) => e.event_type), ["BOOT_FAILED"]);
  });
});

Deno.test("bootImage() reports where the original masks a failure: kit fails, compat and exec pass", async () => {
  await withTempDir(async (dir) => {
    const path = await buildGenABundle(dir, "nochm", { omit: ["control_plane/chm_contract.json"] });
    const report = await bootImage(testConfig(`${dir}/data`), path, { exec: true });
    assertEquals([report.ok, report.code], [false, "ACTIVATION_GATE_FAILED"]);
    assertEquals([report.compat.ok, report.compat.differs, report.compat.masked[0]?.subsystem], [
      true,
      true,
      "CHM",
    ]);
    assertEquals([report.exec?.ok, report.exec?.agrees_with_kit, report.exec?.agrees_with_compat], [
      true,
      false,
      true,
    ]);
  });
});

Deno.test("bootImage() reports CONTROL_PLANE_ERROR for an unparseable BOOT_STATE.json", async () => {
  await withTempDir(async (dir) => {
    const path = await buildGenABundle(dir, "badstate", {
      overrides: { "control_plane/BOOT_STATE.json": "{oops" },
    });
    const report = await bootImage(testConfig(`${dir}/data`), path);
    assertEquals([report.code, report.compat.code], ["CONTROL_PLANE_ERROR", "CONTROL_PLANE_ERROR"]);
  });
});

pythonTest(
  "bootImage() fails with BUNDLE_INVALID what the validator faults, beside what the bundle's own runtime says",
  async () => {
    await withTempDir(async (dir) => {
      const cases = [
        ["ENTRYPOINT.md", true, undefined],
        ["control_plane/BOOT_STATE.json", false, "CONTROL_PLANE_ERROR"],
      ] as const;
      for (const [omit, runtimeOk, runtimeCode] of cases) {
        const path = await buildGenABundle(dir, omit.replace(/\W/g, "_"), { omit: [omit] });
        const report = await bootImage(testConfig(`${dir}/data`), path);
        assertEquals([report.code, report.validation?.ok, report.slot.action], [
          "BUNDLE_INVALID",
          false,
          "none",
        ]);
        assertEquals([report.compat.source, report.compat.ok, report.compat.code], [
          "runtime",
          runtimeOk,
          runtimeCode,
        ]);
        assert(
          report.validation!.findings.some((f) => f.severity === "error" && f.path === omit),
          omit,
        );
        assertMatch(report.reason, /the validator refuses the bundle/);
      }
    });
  },
);

pythonTest(
  "bootImage() reads a failed SMC self-test from the runtime's own record: the original masks it, the kit fails with that evidence",
  async () => {
    await withTempDir(async (dir) => {
      const tests = {
        ...SMC_TESTS,
        tests: [{ ...SMC_TESTS.tests[0]!, expected_mode: "EVALUATE" }],
      };
      const path = await buildGenABundle(dir, "smc", {
        overrides: {
          "control_plane/SHOPPING_MODE_CONTROLLER_TESTS_v1.json": JSON.stringify(tests),
        },
      });
      const report = await bootImage(testConfig(`${dir}/data`), path);
      assertEquals([report.compat.ok, report.compat.source, report.code], [
        true,
        "runtime",
        "ACTIVATION_GATE_FAILED",
      ]);
      const smc = report.subsystems.find((s) => s.name === "SHOPPING_MODE_CONTROLLER")!;
      assertEquals([smc.status, smc.compat_status, smc.masked], ["ERROR", "ACTIVE", true]);
      const evidence = report.findings.find((f) => f.code === "SMC_TESTS_FAILED");
      assertMatch(evidence?.path ?? "", /^control_plane\/state_hub\/activation_status_.*\.json$/);
      assert(report.findings.some((f) => f.code === "KIT_DISAGREES_WITH_RUNTIME"));
      const blind = await bootImage(testConfig(`${dir}/data`), path, { exec: false });
      assertEquals([blind.ok, blind.runtime?.code, blind.compat.evaluated], [
        true,
        "EXEC_DISABLED",
        false,
      ]);
    });
  },
);

Deno.test("bootImage() refuses a Git LFS pointer named .zip with BUNDLE_INVALID naming the pointer", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/MetaBlooms_OS_v9.zip`;
    await Deno.writeTextFile(
      path,
      `version https://git-lfs.github.com/spec/v1\noid sha256:${"ab".repeat(32)}\nsize 254000\n`,
    );
    const report = await bootImage(testConfig(`${dir}/data`), path);
    assertEquals(report.code, "BUNDLE_INVALID");
    assert(
      report.validation!.findings.some((f) => /LFS/.test(f.code)),
      JSON.stringify(report.validation),
    );
  });
});

pythonTest(
  "bootImage() boots Gen B and Gen C by running their own launchers, and says RUNTIME_NOT_RUN without them",
  async () => {
    await withTempDir(async (dir) => {
      for (const [gen, write] of [["B", writeGenBTree], ["C", writeGenCTree]] as const) {
        await write(`${dir}/src_${gen}`);
        const { bundle_path: bundlePath } = await buildBundle(`${dir}/src_${gen}`, {
          version: `v2.0.0-${gen}`,
          output: `${dir}/out_${gen}`,
          date: "2026-01-10",
        });
        const plain = await bootImage(testConfig(`${dir}/data`), bundlePath, { exec: false });
        assertEquals([plain.bundle.generation, plain.code, plain.runtime?.code], [
          gen,
          "RUNTIME_NOT_RUN",
          "EXEC_DISABLED",
        ]);
        const run = await bootImage(testConfig(`${dir}/data`), bundlePath);
        assertEquals(
          [run.ok, run.exec?.generation, run.compat.source, run.slot.action],
          [true, gen, "runtime", "staged"],
          run.reason,
        );
      }
    });
  },
);

Deno.test("bootImage() with exec fails closed when the interpreter is missing: INTERPRETER_MISSING", async () => {
  await withTempDir(async (dir) => {
    const report = await bootImage(testConfig(`${dir}/data`), await buildGenABundle(dir, "good"), {
      exec: true,
      interpreter: "python-not-installed-0",
    });
    assertEquals([report.strict.ok, report.ok, report.code], [true, false, "INTERPRETER_MISSING"]);
    assertMatch(report.reason, /kit's simulation passed/);
  });
});

Deno.test("bootImage() with promote makes the bundle ACTIVE and the previous one ROLLBACK", async () => {
  await withTempDir(async (dir) => {
    const config = testConfig(`${dir}/data`);
    const first = await bootImage(config, await buildGenABundle(dir, "one"), { promote: true });
    const second = await bootImage(
      config,
      await buildGenABundle(dir, "two", { overrides: { "docs/x.md": "x\n" } }),
      {
        promote: true,
      },
    );
    assertEquals([first.slot.action, second.slot.action], ["promoted", "promoted"]);
    const status = await bootStatus(config, { verify: true });
    assertEquals([status.slots.ACTIVE?.boot_id, status.slots.ROLLBACK?.boot_id], [
      second.boot_id,
      first.boot_id,
    ]);
    assertEquals([
      status.slots.ACTIVE?.verify?.ok,
      status.slots.ROLLBACK?.verify?.ok,
      status.bootable,
    ], [true, true, "ACTIVE"]);
  });
});

Deno.test("bootStatus() with verify falls back to ROLLBACK when the ACTIVE bundle was tampered with", async () => {
  await withTempDir(async (dir) => {
    const config = testConfig(`${dir}/data`);
    await bootImage(config, await buildGenABundle(dir, "one"), { promote: true });
    await bootImage(
      config,
      await buildGenABundle(dir, "two", { overrides: { "docs/x.md": "x\n" } }),
      { promote: true },
    );
    const active = (await readSlots(config)).slots.ACTIVE!;
    const bytes = await Deno.readFile(active.bundle_path);
    bytes[bytes.length - 30] = bytes[bytes.length - 30]! ^ 0xff;
    await Deno.writeFile(active.bundle_path, bytes);
    const status = await bootStatus(config, { verify: true });
    assertEquals([status.slots.ACTIVE?.sha256_ok, status.bootable], [false, "ROLLBACK"]);
    assert(status.problems.some((p) => p.includes("does not hash")));
  });
});
