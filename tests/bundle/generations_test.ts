import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { validateBundle } from "../../lib/bundle/validate.ts";
import type { Verdict } from "../../schemas/bundle.ts";
import { VerdictSchema } from "../../schemas/bundle.ts";
import { type FixtureTree, writeFixtureZip } from "../fixtures/later/fixture_zip.ts";
import { genDTree } from "../fixtures/later/gen_d_tree.ts";
import { genEComponentPath, genETree } from "../fixtures/later/gen_e_tree.ts";
import { genFTree } from "../fixtures/later/gen_f_tree.ts";
import { LATER_FIXTURES, writeLaterZip } from "../fixtures/later/samples.ts";
import { tempDir } from "./_helpers.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  await using dir = await tempDir();
  await fn(dir.path);
}

const codes = (v: Verdict, severity?: string) =>
  v.findings.filter((f) => severity === undefined || f.severity === severity).map((f) => f.code);

const rewrap = (tree: FixtureTree, from: string, to: string): FixtureTree =>
  Object.fromEntries(Object.entries(tree).map(([k, v]) => [to + k.slice(from.length), v]));

Deno.test("validateBundle() names each later generation and each non-bundle kind, in identity and findings", async () => {
  const expected: Record<string, [string, string, boolean]> = {
    gen_d: ["D", "OS_BUNDLE", true],
    gen_e: ["E", "OS_BUNDLE", true],
    gen_f: ["F", "OS_BUNDLE", true],
    gen_g: ["G", "OS_BUNDLE", false],
    os_delta: ["NOT_A_BUNDLE", "OS_DELTA", false],
    engine_export: ["NOT_A_BUNDLE", "ENGINE_EXPORT", false],
    receipt_pack: ["NOT_A_BUNDLE", "RECEIPT_PACK", false],
    tool_pack: ["NOT_A_BUNDLE", "TOOL_PACK", false],
  };
  await withTempDir(async (dir) => {
    for (const name of Object.keys(LATER_FIXTURES)) {
      const v = VerdictSchema.parse(
        await validateBundle(await writeLaterZip(name, `${dir}/${name}.zip`)),
      );
      assertEquals([v.identity.generation, v.identity.kind, v.ok], expected[name], name);
      const generation = v.findings.find((f) => f.code === "GENERATION")!;
      assertEquals(generation.details?.kind, expected[name]![1], name);
      if (v.identity.kind !== "OS_BUNDLE") {
        const notABundle = v.findings.find((f) => f.code === "NOT_A_BUNDLE")!;
        assertEquals(notABundle.details?.kind, v.identity.kind);
        assertMatch(notABundle.message, new RegExp(v.identity.kind));
      }
    }
  });
});

Deno.test("validateBundle() applies the rules in order: a G bundle also carries F's index and start file", async () => {
  await withTempDir(async (dir) => {
    const g = await validateBundle(await writeLaterZip("gen_g", `${dir}/g.zip`));
    assertEquals(g.identity.generation, "G");
    // Without the boot-gate layer the same tree is an F bundle; with an older index schema, nothing.
    const f = await validateBundle(
      await writeLaterZip("gen_g", `${dir}/f.zip`, {
        omit: ["Metablooms_OS/governance/BOOT_GATE.py"],
      }),
    );
    assertEquals(f.identity.generation, "F");
    const old = await validateBundle(
      await writeLaterZip("gen_f", `${dir}/old.zip`, {
        overrides: { "mb_os_v10_full/BOOT_INDEX.json": '{"schema": "mb.boot_index.v9"}' },
      }),
    );
    assertEquals([old.identity.generation, old.identity.kind], ["unknown", "unknown"]);
  });
});

Deno.test("validateBundle() finds the generation under a wrapper of any name, one wrapper deeper, and under an outer folder for E", async () => {
  await withTempDir(async (dir) => {
    const d = await validateBundle(
      await writeFixtureZip(`${dir}/d.zip`, rewrap(genDTree(), "MetaBlooms_OS/", "download (3)/")),
    );
    assertEquals([d.identity.generation, d.identity.root, d.ok], ["D", "download (3)", true]);
    const doubled = await validateBundle(
      await writeFixtureZip(
        `${dir}/f2.zip`,
        rewrap(genFTree(), "mb_os_v10_full/", "Metablooms_OS/Metablooms_OS/"),
      ),
    );
    assertEquals([doubled.identity.generation, doubled.identity.root], [
      "F",
      "Metablooms_OS/Metablooms_OS",
    ]);
    assert(codes(doubled).includes("DOUBLE_WRAPPER"));
    const outer = await validateBundle(
      await writeFixtureZip(`${dir}/e.zip`, rewrap(genETree(), "", "snapshot-14/"), {
        directoryEntries: true,
      }),
    );
    assertEquals([outer.identity.generation, outer.identity.root, outer.ok], [
      "E",
      "snapshot-14",
      true,
    ]);
  });
});

Deno.test("validateBundle() is not fooled by a nested look-alike root, and reports brace-named and explicit directory entries", async () => {
  await withTempDir(async (dir) => {
    const lookalike = await validateBundle(
      await writeFixtureZip(`${dir}/docs.zip`, {
        "docs/README.md": "# docs\n",
        "docs/old/Metablooms_OS/BOOT_INDEX.json": '{"schema": "mb.boot_index.v10_full"}',
        "docs/old/Metablooms_OS/START_HERE_METABLOOMS.md": "# start\n",
      }),
    );
    assertEquals(lookalike.identity.generation, "unknown");
    const e = await validateBundle(await writeLaterZip("gen_e", `${dir}/e.zip`));
    assert(codes(e).includes("NESTED_ROOT"));
    assertEquals(e.identity.root, undefined, "E has no single root");
    const f = await validateBundle(await writeLaterZip("gen_f", `${dir}/f.zip`));
    assert(codes(f, "info").includes("BRACE_DIRECTORY"));
    assertEquals(f.ok, true);
  });
});

Deno.test("validateBundle() checks Gen D's gate inputs and launcher files: missing ones are errors, shipped state a warning", async () => {
  await withTempDir(async (dir) => {
    const v = await validateBundle(
      await writeLaterZip("gen_d", `${dir}/d.zip`, {
        omit: ["MetaBlooms_OS/schemas/MMD_REPORT.schema.json", "MetaBlooms_OS/policies/RRP.md"],
        overrides: {
          "MetaBlooms_OS/schemas/DECISION_RECORD.schema.json": "{not json",
          "MetaBlooms_OS/state/MB_STATE.json": '{"version": "1.0"}',
        },
      }),
    );
    const errors = v.findings.filter((f) => f.severity === "error");
    assertEquals(errors.map((f) => [f.code, f.path]).sort(), [
      ["FILE_INVALID", "MetaBlooms_OS/schemas/DECISION_RECORD.schema.json"],
      ["REQUIRED_FILE_MISSING", "MetaBlooms_OS/policies/RRP"],
      ["REQUIRED_FILE_MISSING", "MetaBlooms_OS/schemas/MMD_REPORT.schema.json"],
    ]);
    assert(codes(v, "warning").includes("LEFTOVER_STATE"));
  });
});

Deno.test("validateBundle() checks Gen E's components, the orchestrator's imports, and its freeze (drift: warning, error with strict)", async () => {
  await withTempDir(async (dir) => {
    const stale = genEComponentPath("artifact_store");
    const path = await writeLaterZip("gen_e", `${dir}/e.zip`, {
      omit: [
        "mb_kernel/Metablooms_OS/kernel/evolution_engine",
        "mb_kernel/Metablooms_OS/kernel/deterministic_write_repair.py",
      ],
      overrides: { [stale]: '"""changed after the freeze"""\n' },
    });
    const v = await validateBundle(path);
    assertEquals(v.identity.generation, "E");
    const errors = v.findings.filter((f) => f.severity === "error").map((f) => [f.code, f.path]);
    assertEquals(errors.sort(), [
      ["IMPORT_UNRESOLVED", "mb_kernel/Metablooms_OS/kernel/kernel_wired_orchestrator.py"],
      ["REQUIRED_FILE_MISSING", "mb_kernel/Metablooms_OS/kernel/evolution_engine"],
    ]);
    const freeze = v.claims.find((c) => c.what.startsWith("frozen_components"))!;
    assertEquals([freeze.verified, freeze.stale, freeze.absent], [12, 1, 1]);
    assertEquals(freeze.items.find((i) => i.status === "stale")?.path, stale);
    assert(codes(v, "warning").includes("CLAIM_STALE"));
    const strict = await validateBundle(path, { strict: true });
    assert(codes(strict, "error").includes("CLAIM_STALE"));
    const egg = v.claims.find((c) => c.what.startsWith("artifact_receipts"))!;
    assertEquals([egg.verified, egg.items[0]!.key.startsWith("/mnt/data/")], [2, true]);
  });
});

Deno.test("validateBundle() checks Gen F's hard stops, read order and registry hashes and sizes", async () => {
  await withTempDir(async (dir) => {
    const v = await validateBundle(
      await writeLaterZip("gen_f", `${dir}/f.zip`, {
        omit: ["mb_os_v10_full/learning/SUCCESS_REGISTRY.json", "mb_os_v10_full/TURN_PROTOCOL.md"],
        overrides: { "mb_os_v10_full/engines/LEARNING_ENGINE.py": "# edited\n" },
      }),
    );
    assertEquals(v.identity.version, "v10_full");
    const byCode = (code: string) => v.findings.filter((f) => f.code === code).map((f) => f.path);
    assertEquals(byCode("REQUIRED_FILE_MISSING"), [
      "mb_os_v10_full/learning/SUCCESS_REGISTRY.json",
    ]);
    assertEquals(byCode("EXPECTED_FILE_MISSING"), ["mb_os_v10_full/TURN_PROTOCOL.md"]);
    const registry = v.claims.find((c) => c.source === "mb_os_v10_full/ENGINE_REGISTRY.json")!;
    assertEquals([registry.verified, registry.stale], [3, 1]);
  });
});

Deno.test("validateBundle() names what breaks the shipped Gen G: a spine path the export dropped, a pinned root, no dependency graph", async () => {
  await withTempDir(async (dir) => {
    const v = await validateBundle(await writeLaterZip("gen_g", `${dir}/g.zip`));
    assertEquals([v.identity.generation, v.identity.version, v.ok], ["G", "R1", false]);
    assertEquals(
      v.findings.filter((f) => f.severity === "error").map((f) => [f.code, f.path]),
      [["REQUIRED_FILE_MISSING", "Metablooms_OS/learning/MISTAKE_LOG.ndjson"]],
    );
    for (const code of ["NON_RELOCATABLE", "DEPENDENCY_GRAPH_MISSING", "JUNK_ENTRY"]) {
      assert(codes(v, "warning").includes(code), code);
    }
    const claims = Object.fromEntries(
      v.claims.map((c) => [c.source.slice(c.source.lastIndexOf("/") + 1) || "self", c]),
    );
    const exported = claims["DL7_EXPORT_DETERMINISTIC_RECEIPT.json"]!;
    assertEquals([exported.weight, exported.stale, exported.absent], ["strict", 0, 0]);
    assertEquals(claims["STAGE4_RECEIPT.json"]!.absent, 1);
    assertEquals(claims["DL3_STAGE_RECEIPT.json"]!.stale, 1);
    const selfHashes = v.claims.find((c) => c.what.startsWith("self-hashes"))!;
    assertEquals([selfHashes.verified, selfHashes.stale], [2, 0]);
    // Superseded stage receipts are information, even with --strict.
    const strict = await validateBundle(`${dir}/g.zip`, { strict: true });
    assertEquals(
      strict.findings.filter((f) => f.code.startsWith("CLAIM_")).map((f) => f.severity),
      ["info", "info"],
    );
    assert(codes(v, "info").includes("MANIFEST_OMITS_FINAL_RECEIPT"));
  });
});

Deno.test("validateBundle() resolves claim keys given as /mnt/user-data paths and basenames in any hash-map shape", async () => {
  const { createHash } = await import("node:crypto");
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");
  await withTempDir(async (dir) => {
    const tree = LATER_FIXTURES.tool_pack!.tree();
    const lint = tree["MBML_FULL_SYSTEM_BUNDLE/mbml_core/lint.py"] as string;
    tree["MBML_FULL_SYSTEM_BUNDLE/mbml_core/_manifest.json"] = JSON.stringify({
      files: [
        { path: "/mnt/user-data/outputs/mbml/mbml_core/lint.py", sha256: sha(lint) },
        { path: "score.py", sha256: `sha256:${"0".repeat(64)}` },
      ],
    });
    const v = await validateBundle(await writeFixtureZip(`${dir}/t.zip`, tree));
    const manifest = v.claims.find((c) => c.source.endsWith("mbml_core/_manifest.json"))!;
    assertEquals(manifest.items.map((i) => [i.status, i.path]), [
      ["verified", "MBML_FULL_SYSTEM_BUNDLE/mbml_core/lint.py"],
      ["stale", "MBML_FULL_SYSTEM_BUNDLE/mbml_core/score.py"],
    ]);
  });
});
