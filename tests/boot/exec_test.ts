import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { execEntrypoint, verdictsAgree } from "../../lib/boot/exec.ts";
import { simulateBoot } from "../../lib/boot/simulate.ts";
import { type TreeOptions, writeGenBTree, writeGenCTree } from "../fixtures/os_tree.ts";
import { withGenATree, withTempDir } from "./_helpers.ts";
import { withLocalPort } from "../_local_port.ts";

const PARITY_CASES: Record<string, TreeOptions> = {
  "the complete tree": {},
  "a missing egg_juicer/": { omit: ["egg_juicer"] },
  "a missing decision spine anchor": { omit: ["control_plane/decision_spine/DECISION_SPINE.md"] },
  "a missing chm contract (masked)": { omit: ["control_plane/chm_contract.json"] },
  "an SMC tests file without a tests key (zero cases)": {
    overrides: { "control_plane/SHOPPING_MODE_CONTROLLER_TESTS_v1.json": '{"status": "draft"}' },
  },
  "missing SMC rules": { omit: ["control_plane/SHOPPING_MODE_CONTROLLER_RULES_v1.json"] },
  "an unparseable BOOT_STATE.json": { overrides: { "control_plane/BOOT_STATE.json": "{" } },
  "a heuristic delta over a missing matrix (masked)": {
    omit: ["control_plane/heuristic_matrix.json"],
    overrides: { "control_plane/heuristic_matrix_v1_1_delta.json": '{"status": "delta"}' },
  },
};

for (const [name, options] of Object.entries(PARITY_CASES)) {
  Deno.test(`execEntrypoint() on the fixture's Python agrees with the compat verdict for ${name}`, async () => {
    await withGenATree(options, async (root, out) => {
      const sim = await simulateBoot(root);
      const exec = await execEntrypoint(root, { scratchDir: `${out}/scratch` });
      assert(
        verdictsAgree(exec, sim.compat),
        `exec ${exec.code ?? "OK"} (${exec.reason}) vs compat ${sim.compat.code ?? "OK"}`,
      );
      if (sim.compat.ok === sim.strict.ok) assert(verdictsAgree(exec, sim.strict));
      else assertEquals(sim.compat.masked.length > 0, true);
    });
  });
}

Deno.test("execEntrypoint() runs in a scratch copy and reads the signal as a whole line", async () => {
  await withGenATree({}, async (root, out) => {
    const exec = await execEntrypoint(root, { scratchDir: `${out}/scratch` });
    assertEquals([exec.ok, exec.signal, exec.exit_code, exec.signal_line], [
      true,
      "BOOT_OK",
      0,
      true,
    ]);
    assert(exec.network === "unshare" || exec.network === "env_only");
    assertEquals(exec.entry, "RUN_METABLOOMS.py");
    assert(exec.output_tail.includes("MetaBlooms OS READY"));
    // The run wrote its receipts into the scratch copy, never into the source tree.
    assertEquals([...Deno.readDirSync(`${root}/control_plane/state_hub`)].length, 1);
    assert([...Deno.readDirSync(`${out}/scratch/tree/control_plane/state_hub`)].length > 1);
  });
});

Deno.test("execEntrypoint() reports INTERPRETER_MISSING for an interpreter not on PATH", async () => {
  await withGenATree({}, async (root, out) => {
    const exec = await execEntrypoint(root, {
      scratchDir: `${out}/s`,
      interpreter: "python-does-not-exist-9",
    });
    assertEquals([exec.code, exec.network, exec.exit_code], [
      "INTERPRETER_MISSING",
      "not_run",
      null,
    ]);
    assertMatch(exec.reason, /python-does-not-exist-9/);
  });
});

Deno.test("execEntrypoint() kills the entry at the deadline: ENTRYPOINT_TIMEOUT", async () => {
  await withGenATree(
    { overrides: { "RUN_METABLOOMS.py": "import time\ntime.sleep(30)\n" } },
    async (root, out) => {
      const exec = await execEntrypoint(root, { scratchDir: `${out}/s`, timeoutMs: 300 });
      assertEquals([exec.code, exec.timed_out, exec.exit_code], ["ENTRYPOINT_TIMEOUT", true, null]);
    },
  );
});

Deno.test("execEntrypoint() refuses a signal found only inside a line (the original accepts it)", async () => {
  await withGenATree(
    { overrides: { "RUN_METABLOOMS.py": "print('NOT_BOOT_OK_YET')\n" } },
    async (root, out) => {
      const exec = await execEntrypoint(root, { scratchDir: `${out}/s` });
      assertEquals([exec.code, exec.signal_line, exec.signal_substring], [
        "SUCCESS_SIGNAL_MISSING",
        false,
        true,
      ]);
    },
  );
});

Deno.test("execEntrypoint() runs the entry without network when a namespace can be made", async () => {
  await withLocalPort(async (port) => {
    const probe =
      `import socket\ntry:\n    socket.create_connection(("127.0.0.1", ${port}), timeout=2).close()\n    print("CONNECTED")\nexcept OSError:\n    print("BLOCKED")\nprint("BOOT_OK")\n`;
    await withGenATree({ overrides: { "RUN_METABLOOMS.py": probe } }, async (root, out) => {
      const exec = await execEntrypoint(root, { scratchDir: `${out}/s` });
      assertEquals(exec.ok, true);
      const expected = exec.network === "unshare" ? "BLOCKED" : "CONNECTED";
      assert(
        exec.output_tail.includes(expected),
        `${exec.network}: ${exec.output_tail.join(" | ")}`,
      );
    });
  });
});

Deno.test("execEntrypoint() judges Gen B by its JSON summary status, not by a substring", async () => {
  await withTempDir(async (dir) => {
    await writeGenBTree(`${dir}/ok`);
    const ok = await execEntrypoint(`${dir}/ok`, { scratchDir: `${dir}/s1`, generation: "B" });
    assertEquals([ok.ok, ok.entry, ok.signal_line, ok.signal_substring], [
      true,
      "BOOT_METABLOOMS.py",
      false,
      true,
    ]);
    await writeGenBTree(`${dir}/remediate`, { omit: ["learning/README.md"] });
    const rem = await execEntrypoint(`${dir}/remediate`, {
      scratchDir: `${dir}/s2`,
      generation: "B",
    });
    assertEquals(rem.code, "SUCCESS_SIGNAL_MISSING");
    assertMatch(rem.reason, /BOOT_EXECUTED_REMEDIATION_READY/);
    await writeGenBTree(`${dir}/p0`, { omit: ["governance/P0_ZERO_LOCAL_EXECUTION.md"] });
    const p0 = await execEntrypoint(`${dir}/p0`, { scratchDir: `${dir}/s3`, generation: "B" });
    assertEquals([p0.code, p0.exit_code], ["P0_BLOCKED", 2]);
  });
});

Deno.test("execEntrypoint() runs the Gen-C verifier inside the wrapper folder", async () => {
  await withTempDir(async (dir) => {
    await writeGenCTree(`${dir}/c`);
    const ok = await execEntrypoint(`${dir}/c`, { scratchDir: `${dir}/s1`, generation: "C" });
    assertEquals([ok.ok, ok.entry], [true, "Metablooms_OS/portable_full_os_boot_verify.py"]);
    await writeGenCTree(`${dir}/bad`, {
      overrides: { "Metablooms_OS/boot.py.sha256": `${"0".repeat(64)}  boot.py\n` },
    });
    const bad = await execEntrypoint(`${dir}/bad`, { scratchDir: `${dir}/s2`, generation: "C" });
    assertEquals([bad.ok, bad.code], [false, "ENTRYPOINT_EXIT_NONZERO"]);
  });
});
