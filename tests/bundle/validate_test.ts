import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import { validateBundle, verdictExitCode } from "../../lib/bundle/validate.ts";
import { KitError } from "../../lib/errors.ts";
import { VerdictSchema } from "../../schemas/bundle.ts";
import { writeGenATree, writeGenCTree } from "../fixtures/os_tree.ts";
import { buildFixture, codes, meepFor, tempDir, zipTree } from "./_helpers.ts";

Deno.test("validateBundle() passes a freshly built Gen-A bundle with no warnings", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path);
  const verdict = await validateBundle(built.bundle_path);
  VerdictSchema.parse(verdict);
  assertEquals([verdict.ok, verdict.readable, verdict.identity.generation], [true, true, "A"]);
  assertEquals(verdict.counts.error + verdict.counts.warning, 0, JSON.stringify(verdict.findings));
  assertEquals(verdict.identity.version, "v7.5.0");
  assertEquals(verdict.identity.sha256, built.sha256);
  assertEquals(verdict.layout_source, "bundle:scripts/build_manifest.json");
  assertEquals(
    codes(verdict),
    [
      "BUILD_MANIFEST_FROM_BUNDLE",
      "BUNDLE_SIDECAR_VERIFIED",
      "GENERATION",
      "MEEP_VERIFIED",
      "RECEIPT_UNSIGNED",
    ],
  );
  assertEquals(Object.values(verdict.checks).every((s) => s === "pass"), true);
  assertEquals(verdictExitCode(verdict), 0);
});

Deno.test("validateBundle() fails a bundle without RUN_METABLOOMS.py with MISSING_BOOT_FILE, as the original does", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path, "A", { omit: ["RUN_METABLOOMS.py"] });
  const verdict = built.verdict;
  assertEquals(verdict.ok, false);
  const missing = verdict.findings.filter((f) => f.code === "MISSING_BOOT_FILE");
  assertEquals(missing.map((f) => [f.path, f.severity]), [["RUN_METABLOOMS.py", "error"]]);
  assertMatch(
    missing[0]!.message,
    /Missing required boot file: RUN_METABLOOMS\.py \(Runtime entry/,
  );
  assertEquals([verdict.checks.layout, verdictExitCode(verdict)], ["fail", 1]);
});

Deno.test("validateBundle() reports missing control-plane files and empty required directories as errors", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path, "A", {
    omit: ["control_plane/bridge_map.json", "ble"],
  });
  assertEquals(codes(built.verdict, "error"), ["MISSING_CONTROL_PLANE_FILE", "MISSING_DIRECTORY"]);
  assertEquals(built.verdict.findings.find((f) => f.code === "MISSING_DIRECTORY")?.path, "ble");
});

Deno.test("validateBundle() warns about a missing optional file but still passes", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path, "A", {
    omit: ["README_BOOT_RULES.md", "control_plane/chm_contract.json"],
  });
  assertEquals(built.verdict.ok, true);
  assertEquals(
    built.verdict.findings.filter((f) => f.code === "MISSING_OPTIONAL_FILE").map((
      f,
    ) => [f.path, f.severity]),
    [["README_BOOT_RULES.md", "warning"], ["control_plane/chm_contract.json", "warning"]],
  );
  assertEquals(
    (await validateBundle(built.bundle_path, { strict: true })).ok,
    true,
    "optional files stay warnings in strict mode",
  );
});

Deno.test("validateBundle() checks boot_manifest.json: entrypoint exactly RUN_METABLOOMS.py, success_signal present", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path, "A", {
    overrides: {
      "boot_manifest.json": JSON.stringify({ entrypoint: "MetaBlooms.py", mode: "fail_closed" }),
    },
  });
  assertEquals(codes(built.verdict, "error"), [
    "BOOT_ENTRYPOINT_WRONG",
    "BOOT_SUCCESS_SIGNAL_MISSING",
  ]);
  const broken = await buildFixture(tmp.path, "A", {
    overrides: { "boot_manifest.json": "{not json" },
  }, { version: "v7.5.1" });
  assertEquals(codes(broken.verdict, "error"), ["BOOT_MANIFEST_INVALID"]);
});

Deno.test("validateBundle() reports a stale MEEP hash as a warning, an error with strict", async () => {
  await using tmp = await tempDir();
  const src = join(tmp.path, "src");
  await writeGenATree(src);
  const meep = await meepFor(src, { stale: ["RUN_METABLOOMS.py"], self: true });
  const zip = await zipTree(src, join(tmp.path, "hand_made.zip"), { "MEEP_Manifest.json": meep });
  const lax = await validateBundle(zip);
  assertEquals(lax.ok, true);
  const stale = lax.findings.find((f) => f.code === "MEEP_HASH_MISMATCH");
  assertEquals([stale?.severity, stale?.path, stale?.details?.expected], [
    "warning",
    "RUN_METABLOOMS.py",
    "0".repeat(64),
  ]);
  assert(lax.findings.some((f) => f.code === "MEEP_SELF_ENTRY" && f.severity === "info"));
  const strict = await validateBundle(zip, { strict: true });
  assertEquals([strict.ok, strict.strict, strict.checks.integrity], [false, true, "fail"]);
  assertEquals(strict.findings.find((f) => f.code === "MEEP_HASH_MISMATCH")?.severity, "error");
});

Deno.test("validateBundle() reports every file a partial MEEP leaves out, and listed files that are absent", async () => {
  await using tmp = await tempDir();
  const src = join(tmp.path, "src");
  await writeGenATree(src);
  const meep = await meepFor(src, {
    only: ["BOOT.md", "RUN_METABLOOMS.py"],
    extraMissing: ["docs/GONE.md"],
  });
  const verdict = await validateBundle(
    await zipTree(src, join(tmp.path, "partial.zip"), { "MEEP_Manifest.json": meep }),
  );
  const unlisted = verdict.findings.filter((f) => f.code === "MEEP_UNLISTED");
  assertEquals(unlisted.length, verdict.identity.entry_count - 3); // all but the 2 listed and the manifest itself
  assertEquals(verdict.findings.find((f) => f.code === "MEEP_FILE_MISSING")?.path, "docs/GONE.md");
  assertEquals(verdict.findings.find((f) => f.code === "MEEP_VERIFIED")?.details?.ok, 2);
});

Deno.test("validateBundle() warns on a contract whose launcher hash or success marker does not hold", async () => {
  await using tmp = await tempDir();
  const contract = {
    contract_id: "MB-SB-1",
    boot_filename: "BOOT_METABLOOMS.py",
    boot_sha256: "f".repeat(64),
    required_full_entrypoint: "RUN_METABLOOMS.py",
    required_success_markers: ["BOOT_OK", "ALL SYSTEMS GO…"],
  };
  const built = await buildFixture(tmp.path, "A", {
    overrides: { "boot_contract.json": JSON.stringify(contract) },
  });
  assertEquals(built.verdict.ok, true);
  assertEquals(codes(built.verdict, "warning"), [
    "CONTRACT_HASH_MISMATCH",
    "CONTRACT_MARKER_NEVER_EMITTED",
  ]);
  assertEquals(
    built.verdict.findings.find((f) => f.code === "CONTRACT_MARKER_NEVER_EMITTED")?.details?.marker,
    "ALL SYSTEMS GO…",
  );
  const strict = await validateBundle(built.bundle_path, { strict: true });
  assertEquals(codes(strict, "error"), ["CONTRACT_HASH_MISMATCH", "CONTRACT_MARKER_NEVER_EMITTED"]);
});

Deno.test("validateBundle() recognises Gen B and checks its canonical_entrypoint and runner", async () => {
  await using tmp = await tempDir();
  const ok = await buildFixture(tmp.path, "B");
  assertEquals([ok.verdict.ok, ok.verdict.identity.generation], [true, "B"]);
  assert(
    ok.verdict.findings.some((f) =>
      f.code === "GEN_A_VALIDATOR_WOULD_FAIL" && f.severity === "info"
    ),
  );
  const noRunner = await buildFixture(tmp.path, "B", { omit: ["RUN_METABLOOMS.py"] }, {
    version: "v7.5.1",
  });
  assertEquals(codes(noRunner.verdict, "error"), ["GEN_B_RUNNER_MISSING"]);
});

Deno.test("validateBundle() recognises wrapped Gen C, verifies its sidecars inside and the one outside", async () => {
  await using tmp = await tempDir();
  const good = await buildFixture(tmp.path, "C");
  assertEquals([good.verdict.ok, good.verdict.identity.generation, good.verdict.identity.root], [
    true,
    "C",
    "Metablooms_OS",
  ]);
  assertEquals(good.verdict.findings.find((f) => f.code === "SIDECARS_VERIFIED")?.details, {
    verified: 8,
    total: 8,
  });
  const stale = await buildFixture(tmp.path, "C", {
    overrides: { "Metablooms_OS/boot.py.sha256": `${"a".repeat(64)}  boot.py\n` },
  }, { version: "v7.5.1" });
  const mismatch = stale.verdict.findings.find((f) => f.code === "SIDECAR_MISMATCH");
  assertEquals([stale.verdict.ok, mismatch?.severity, mismatch?.path], [
    true,
    "warning",
    "Metablooms_OS/boot.py",
  ]);
  await Deno.writeTextFile(good.sidecar_path, `${"b".repeat(64)}  x.zip\n`);
  const outside = await validateBundle(good.bundle_path);
  assertEquals(
    outside.findings.find((f) => f.code === "BUNDLE_SIDECAR_MISMATCH")?.severity,
    "error",
  );
});

Deno.test("validateBundle() fails a Gen-A bundle wrapped in a folder, since the launcher cannot find its files", async () => {
  await using tmp = await tempDir();
  await writeGenATree(join(tmp.path, "wrap", "MetaBlooms"));
  const zip = await zipTree(join(tmp.path, "wrap"), join(tmp.path, "wrapped.zip"));
  const verdict = await validateBundle(zip);
  assertEquals([verdict.identity.generation, verdict.identity.root], ["A", "MetaBlooms"]);
  assertEquals(codes(verdict, "error"), ["WRAPPED_ROOT"]);
});

Deno.test("validateBundle() reports a Git LFS pointer with its oid and size, as unreadable", async () => {
  await using tmp = await tempDir();
  const path = join(tmp.path, "MetaBlooms_OS_v7_4_1.zip");
  const oid = "sha256:" + "ab".repeat(32);
  await Deno.writeTextFile(
    path,
    `version https://git-lfs.github.com/spec/v1\noid ${oid}\nsize 1912345678\n`,
  );
  const verdict = await validateBundle(path);
  assertEquals([verdict.ok, verdict.readable, verdictExitCode(verdict)], [false, false, 2]);
  assertEquals(verdict.findings.map((f) => [f.code, f.details]), [["LFS_POINTER", {
    oid,
    size: 1912345678,
  }]]);
  assertMatch(verdict.findings[0]!.message, /Git LFS pointer \(oid sha256:abab.*, 1\.9 GB\)/);
  assertEquals(verdict.identity.version, "v7.4.1");
});

Deno.test("validateBundle() uses an explicit build manifest, and flags a bundle manifest weaker than the canonical one", async () => {
  await using tmp = await tempDir();
  const weak = {
    build_manifest_version: "1.0",
    required_boot_files: [],
    required_control_plane_files: [],
    required_directories: [],
  };
  const built = await buildFixture(tmp.path, "A", {
    omit: ["ENTRYPOINT.md"],
    overrides: { "scripts/build_manifest.json": JSON.stringify(weak) },
  });
  assertEquals(built.verdict.ok, true);
  assert(
    built.verdict.findings.some((f) =>
      f.code === "BUILD_MANIFEST_WEAKER" && f.severity === "warning"
    ),
  );
  const manifest = join(tmp.path, "canonical.json");
  const { GEN_A_BUILD_MANIFEST } = await import("../../lib/bundle/build_manifest.ts");
  await Deno.writeTextFile(manifest, JSON.stringify(GEN_A_BUILD_MANIFEST));
  const explicit = await validateBundle(built.bundle_path, { buildManifestPath: manifest });
  assertEquals([explicit.layout_source, codes(explicit, "error")], [manifest, [
    "MISSING_BOOT_FILE",
  ]]);
  await assertRejects(
    () => validateBundle(built.bundle_path, { buildManifestPath: join(tmp.path, "none.json") }),
    (e: unknown) =>
      e instanceof KitError && e.code === "BUILD_MANIFEST_INVALID" && e.exitCode === 2,
  );
});

Deno.test("validateBundle() applies overridden limits and refuses a missing path with BUNDLE_NOT_FOUND", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path);
  const verdict = await validateBundle(built.bundle_path, { limits: { maxEntries: 10 } });
  assertEquals([verdict.ok, codes(verdict, "error")], [false, ["BOMB_ENTRY_COUNT"]]);
  const total = await validateBundle(built.bundle_path, { limits: { maxTotalBytes: 1000 } });
  assertEquals(codes(total, "error"), ["BOMB_TOTAL_SIZE"]);
  await assertRejects(
    () => validateBundle(join(tmp.path, "missing.zip")),
    (e: unknown) => e instanceof KitError && e.code === "BUNDLE_NOT_FOUND" && e.exitCode === 2,
  );
});

Deno.test("validateBundle() reports byte progress and honours an abort signal", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path);
  const seen: Array<[number, number | undefined]> = [];
  await validateBundle(built.bundle_path, { progress: (done, total) => seen.push([done, total]) });
  assertEquals(seen.at(-1), [built.size, built.size]);
  const controller = new AbortController();
  controller.abort(new DOMException("stop", "AbortError"));
  await assertRejects(
    () => validateBundle(built.bundle_path, { signal: controller.signal }),
    (e: unknown) => e instanceof DOMException && e.name === "AbortError",
  );
});

Deno.test("validateBundle() of a Gen-C tree zipped flat reports GEN_C_NOT_WRAPPED", async () => {
  await using tmp = await tempDir();
  await writeGenCTree(join(tmp.path, "c"));
  const zip = await zipTree(join(tmp.path, "c", "Metablooms_OS"), join(tmp.path, "flat_c.zip"));
  const verdict = await validateBundle(zip);
  assertEquals([verdict.identity.generation, codes(verdict, "error")], ["C", [
    "GEN_C_NOT_WRAPPED",
  ]]);
});
