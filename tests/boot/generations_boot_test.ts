import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { bootImage } from "../../lib/boot/boot_image.ts";
import { execEntrypoint } from "../../lib/boot/exec.ts";
import { promoteSlot, readSlots, rollbackSlot } from "../../lib/boot/slots.ts";
import { bootStatus } from "../../lib/boot/status.ts";
import { writeFixtureTree } from "../fixtures/later/fixture_zip.ts";
import { genDTree } from "../fixtures/later/gen_d_tree.ts";
import { genEComponentPath } from "../fixtures/later/gen_e_tree.ts";
import { genGRelocatedOverrides } from "../fixtures/later/gen_g_tree.ts";
import { writeLaterZip } from "../fixtures/later/samples.ts";
import { testConfig, withTempDir } from "./_helpers.ts";
import { pythonTest } from "../_python.ts";

const test = pythonTest;

test("bootImage() boots Gen D, E and F by running their own launchers and reading their real signals", async () => {
  await withTempDir(async (dir) => {
    const expected: Record<string, string[]> = {
      gen_d: ["launcher"],
      gen_e: ["integration_validation"],
      gen_f: ["run_py"],
    };
    for (const [name, steps] of Object.entries(expected)) {
      const report = await bootImage(
        testConfig(`${dir}/data`),
        await writeLaterZip(name, `${dir}/${name}.zip`),
        { stage: false },
      );
      assertEquals(
        [report.ok, report.compat.source, report.runtime?.status],
        [true, "runtime", "ran"],
        `${name}: ${report.reason}`,
      );
      assertEquals(report.exec?.steps?.map((s) => s.name), steps);
      assertEquals(report.exec?.steps?.every((s) => s.exit_code === 0), true);
    }
  });
});

test("Gen D: failed gates and FATAL exit 0, a crash exits 1; the kit reads the lines, not the exit code", async () => {
  await withTempDir(async (dir) => {
    const W = "MetaBlooms_OS/";
    const cases = [
      [
        "gates",
        { omit: [`${W}schemas/LESSON_PROMOTION.schema.json`] },
        "VALIDATION_GATES_FAILED",
        0,
      ],
      ["fatal", { omit: [`${W}engines`] }, "BOOT_FATAL", 0],
      ["crash", { omit: [`${W}validators/gates.py`] }, "UNCAUGHT_EXCEPTION", 1],
    ] as const;
    for (const [name, options, code, exitCode] of cases) {
      await writeFixtureTree(`${dir}/${name}`, genDTree(), options);
      const run = await execEntrypoint(`${dir}/${name}`, {
        scratchDir: `${dir}/s_${name}`,
        generation: "D",
        bundleRoot: W,
      });
      assertEquals([run.ok, run.code, run.exit_code], [false, code, exitCode], run.reason);
      assertEquals(run.exit_code_misleading === true, exitCode === 0, name);
    }
  });
});

test("Gen E: a failing check still exits 0; the kit reads all_pass and reports the misleading exit code", async () => {
  await withTempDir(async (dir) => {
    const broken = genEComponentPath("commit_system");
    const report = await bootImage(
      testConfig(`${dir}/data`),
      await writeLaterZip("gen_e", `${dir}/e.zip`, {
        overrides: { [broken]: "raise RuntimeError('commit system unavailable')\n" },
      }),
      { stage: false },
    );
    assertEquals([report.validation?.ok, report.code, report.exec?.exit_code], [
      true,
      "INTEGRATION_CHECKS_FAILED",
      0,
    ]);
    assertMatch(report.reason, /all_pass: false \(1 of 10 checks failed: FAIL commit_system/);
    assert(report.findings.some((f) => f.code === "EXIT_CODE_MISLEADING"));
  });
});

test("Gen F: a readable registry without a dependency graph blocks run.py with exit 2 (OS_KERNEL_BLOCKED)", async () => {
  await withTempDir(async (dir) => {
    const registry = {
      engines: [{ engine: "STAGES", path: "engines/STAGES.py", sha256: "0".repeat(64) }],
    };
    const report = await bootImage(
      testConfig(`${dir}/data`),
      await writeLaterZip("gen_f", `${dir}/f.zip`, {
        overrides: { "mb_os_v10_full/ENGINE_REGISTRY.json": JSON.stringify(registry) },
      }),
      { stage: false },
    );
    assertEquals([report.code, report.exec?.exit_code, report.compat.ok], [
      "OS_KERNEL_BLOCKED",
      2,
      false,
    ]);
  });
});

test("Gen G as shipped: non-relocatable, its gate cannot find /mnt/data, run.py exits 2 blaming an engine hash", async () => {
  await withTempDir(async (dir) => {
    const report = await bootImage(
      testConfig(`${dir}/data`),
      await writeLaterZip("gen_g", `${dir}/g.zip`),
      { stage: false },
    );
    assertEquals([report.code, report.validation?.ok], ["BUNDLE_INVALID", false]);
    const [gate, runPy] = report.exec?.steps ?? [];
    assertEquals([gate?.name, gate?.code], ["boot_gate", "UNCAUGHT_EXCEPTION"]);
    assertMatch(gate!.reason, /FileNotFoundError.*\/mnt\/data\/Metablooms_OS\/governance/);
    assertEquals([runPy?.name, runPy?.code, runPy?.exit_code], ["run_py", "OS_KERNEL_BLOCKED", 2]);
    assertMatch(
      runPy!.reason,
      /Engine SHA-256 mismatch.*misleading: ENGINE_DEPENDENCY_GRAPH\.json is missing/,
    );
    assertEquals([report.compat.source, report.compat.code], ["runtime", "UNCAUGHT_EXCEPTION"]);
    const pinned = report.findings.find((f) => f.code === "NON_RELOCATABLE");
    assertMatch(
      pinned?.message ?? "",
      /run as shipped, from the scratch copy: BOOT_FAILED: UNCAUGHT_EXCEPTION/,
    );
  });
});

test("Gen G relocated, with its dropped file and a dependency graph, passes enforce_boot() and run.py", async () => {
  await withTempDir(async (dir) => {
    const report = await bootImage(
      testConfig(`${dir}/data`),
      await writeLaterZip("gen_g", `${dir}/g.zip`, {
        overrides: {
          ...genGRelocatedOverrides(),
          "Metablooms_OS/ENGINE_DEPENDENCY_GRAPH.json": '{"edges": []}\n',
        },
      }),
      { stage: false },
    );
    assertEquals(report.exec?.steps?.map((s) => [s.name, s.ok]), [["boot_gate", true], [
      "run_py",
      true,
    ]]);
    assertEquals([report.ok, report.compat.ok], [true, true], report.reason);
  });
});

test("bootImage() without python3 says plainly that a later generation's runtime could not be run", async () => {
  await withTempDir(async (dir) => {
    const report = await bootImage(
      testConfig(`${dir}/data`),
      await writeLaterZip("gen_d", `${dir}/d.zip`),
      { interpreter: "python-not-installed-0", stage: false },
    );
    assertEquals([report.ok, report.code, report.runtime?.code, report.compat.evaluated], [
      false,
      "RUNTIME_NOT_RUN",
      "INTERPRETER_MISSING",
      false,
    ]);
  });
});

test("later generations are staged, promoted and rolled back like Gen A, with the generation in slots, receipts and status", async () => {
  await withTempDir(async (dir) => {
    const config = testConfig(`${dir}/data`);
    const d = await bootImage(config, await writeLaterZip("gen_d", `${dir}/d.zip`), {
      promote: true,
    });
    const f = await bootImage(config, await writeLaterZip("gen_f", `${dir}/f.zip`));
    assertEquals([d.slot.action, f.slot.action], ["promoted", "staged"]);
    const receipt = JSON.parse(await Deno.readTextFile(f.receipt!));
    assertEquals([receipt.bundle.generation, receipt.bundle.kind], ["F", "OS_BUNDLE"]);
    await promoteSlot(config);
    let status = await bootStatus(config, { verify: true });
    assertEquals([status.slots.ACTIVE?.generation, status.slots.ROLLBACK?.generation], ["F", "D"]);
    assertEquals([status.slots.ACTIVE?.verify?.ok, status.bootable], [true, "ACTIVE"]);
    await rollbackSlot(config);
    status = await bootStatus(config);
    assertEquals([status.slots.ACTIVE?.generation, status.slots.ROLLBACK?.generation], ["D", "F"]);
    assertEquals((await readSlots(config)).slots.ACTIVE?.boot_id, d.boot_id);
  });
});
