import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import { buildBundle } from "../../lib/bundle/build.ts";
import { inspectBundle } from "../../lib/bundle/inspect.ts";
import { generateSigningKey } from "../../lib/bundle/signing.ts";
import { validateBundle } from "../../lib/bundle/validate.ts";
import { KitError, UsageError } from "../../lib/errors.ts";
import { sha256File } from "../../lib/fs/sha256.ts";
import { BuildReceiptSchema } from "../../schemas/bundle.ts";
import { writeGenATree } from "../fixtures/os_tree.ts";
import { buildFixture, codes, tempDir } from "./_helpers.ts";

async function hasCommand(name: string): Promise<boolean> {
  try {
    return (await new Deno.Command(name, { args: ["--version"], stdout: "null", stderr: "null" })
      .output()).success;
  } catch {
    return false;
  }
}

Deno.test("buildBundle() is reproducible: same tree, other folder, other mtimes → same sha256", async () => {
  await using tmp = await tempDir();
  const a = join(tmp.path, "a");
  const b = join(tmp.path, "elsewhere", "b");
  await writeGenATree(a);
  await writeGenATree(b);
  for await (const e of Deno.readDir(b)) {
    if (e.isFile) {
      await Deno.utime(
        join(b, e.name),
        1_700_000_000,
        1_700_000_000 + Math.floor(Math.random() * 1e6),
      );
    }
  }
  const options = { version: "v7.5.0", date: "2026-01-10" };
  const first = await buildBundle(a, { ...options, output: join(tmp.path, "out1") });
  const second = await buildBundle(a, { ...options, output: join(tmp.path, "out2") });
  const third = await buildBundle(b, { ...options, output: join(tmp.path, "out3") });
  assertEquals(second.sha256, first.sha256);
  assertEquals(third.sha256, first.sha256);
  assertEquals(await sha256File(third.bundle_path), first.sha256);
  const other = await buildBundle(a, {
    ...options,
    output: join(tmp.path, "out4"),
    changelog: ["changed"],
  });
  assert(other.sha256 !== first.sha256, "a different changelog gives different bytes");
});

Deno.test("buildBundle() sorts entries, fixes timestamps, skips caches, writes MEEP, receipt and sidecar", async () => {
  await using tmp = await tempDir();
  const src = join(tmp.path, "src");
  await writeGenATree(src);
  await Deno.mkdir(join(src, "control_plane", "__pycache__"));
  await Deno.writeTextFile(join(src, "control_plane", "__pycache__", "x.pyc"), "junk");
  await Deno.mkdir(join(src, ".git"));
  await Deno.writeTextFile(join(src, ".git", "HEAD"), "ref: refs/heads/main\n");
  await Deno.writeTextFile(join(src, "MEEP_Manifest.json"), "{stale}");
  const built = await buildBundle(src, {
    version: "v7.5.0",
    output: join(tmp.path, "out"),
    date: "2026-01-10",
    changelog: ["one", "two"],
  });
  const inspection = await inspectBundle(built.bundle_path);
  const names = inspection.entries.map((e) => e.name);
  assertEquals(names, [...names].sort());
  assert(!names.some((n) => n.includes("__pycache__") || n.startsWith(".git")));
  assertEquals(new Set(inspection.entries.map((e) => e.mtime)), new Set(["1980-01-01T00:00:00Z"]));
  assertEquals(inspection.meep?.listed, names.length - 1);
  assertEquals([inspection.meep?.missing, inspection.meep?.unlisted], [0, 0]);
  assertEquals((inspection.manifests.version_manifest as { changelog: string[] }).changelog, [
    "one",
    "two",
  ]);
  assertEquals(
    await Deno.readTextFile(built.sidecar_path),
    `${built.sha256}  MetaBlooms_OS_CANONICAL_v7_5_0_2026-01-10.zip\n`,
  );
  const receipt = BuildReceiptSchema.parse(JSON.parse(await Deno.readTextFile(built.receipt_path)));
  assertEquals(built.receipt_path, join(tmp.path, "out", "BUILD_RECEIPT_v7.5.0.json"));
  assertEquals(
    [
      receipt.build_id,
      receipt.bundle_sha256,
      receipt.validation_status,
      receipt.ready_for_distribution,
      receipt.generation,
      receipt.file_count,
    ],
    ["MetaBlooms_OS_v7.5.0_20260110", built.sha256, "PASSED", true, "A", names.length],
  );
  assertEquals(receipt.boot_test_status, "NOT_RUN");
});

Deno.test("buildBundle() honours SOURCE_DATE_EPOCH for timestamps and the default date", async () => {
  await using tmp = await tempDir();
  const src = join(tmp.path, "src");
  await writeGenATree(src);
  const built = await buildBundle(src, {
    version: "v1.0.0",
    output: join(tmp.path, "out"),
    sourceDateEpoch: 1_768_046_400,
  });
  assertMatch(built.bundle_path, /_v1_0_0_2026-01-10\.zip$/);
  const inspection = await inspectBundle(built.bundle_path);
  assertEquals(inspection.entries[0]?.mtime, "2026-01-10T12:00:00Z");
});

Deno.test("a signed receipt verifies; a tampered one is a RECEIPT_SIGNATURE_INVALID error", async () => {
  await using tmp = await tempDir();
  const key = await generateSigningKey(join(tmp.path, "receipt.jwk"));
  assertEquals((await Deno.stat(key.path)).mode! & 0o777, 0o600);
  const built = await buildFixture(tmp.path, "A", {}, { signingKey: key.path });
  assertEquals(built.signed, true);
  const good = await validateBundle(built.bundle_path);
  const valid = good.findings.find((f) => f.code === "RECEIPT_SIGNATURE_VALID");
  assertEquals([good.ok, valid?.details?.key_id], [true, key.key_id]);
  const receipt = JSON.parse(await Deno.readTextFile(built.receipt_path));
  receipt.changelog = ["smuggled line"];
  await Deno.writeTextFile(built.receipt_path, JSON.stringify(receipt));
  const bad = await validateBundle(built.bundle_path);
  assertEquals([bad.ok, codes(bad, "error"), bad.checks.signature], [false, [
    "RECEIPT_SIGNATURE_INVALID",
  ], "fail"]);
  const copy = join(tmp.path, "receipt_copy.json");
  await Deno.writeTextFile(copy, JSON.stringify({ ...receipt, bundle_sha256: "0".repeat(64) }));
  const mismatch = await validateBundle(built.bundle_path, { receiptPath: copy });
  assert(
    mismatch.findings.some((f) => f.code === "RECEIPT_SHA256_MISMATCH" && f.severity === "warning"),
  );
  await assertRejects(
    () => generateSigningKey(key.path),
    (e: unknown) => e instanceof KitError && e.code === "KEY_EXISTS",
  );
});

Deno.test("buildBundle() refuses bad versions, bad keys, symlinks and missing sources with typed errors", async () => {
  await using tmp = await tempDir();
  const src = join(tmp.path, "src");
  await writeGenATree(src);
  await assertRejects(() => buildBundle(src, { version: "../evil" }), UsageError);
  await Deno.writeTextFile(join(tmp.path, "bad.jwk"), "{}");
  await assertRejects(
    () =>
      buildBundle(src, { version: "v1", output: tmp.path, signingKey: join(tmp.path, "bad.jwk") }),
    (e: unknown) => e instanceof KitError && e.code === "SIGNING_KEY_INVALID" && e.exitCode === 2,
  );
  await assertRejects(
    () => buildBundle(join(tmp.path, "none"), { version: "v1", output: tmp.path }),
    (e: unknown) => e instanceof KitError && e.code === "SOURCE_NOT_A_DIRECTORY",
  );
  await Deno.symlink("/etc/passwd", join(src, "link"));
  await assertRejects(
    () => buildBundle(src, { version: "v1", output: join(tmp.path, "o") }),
    (e: unknown) => e instanceof KitError && e.code === "SOURCE_SYMLINK",
  );
});

Deno.test("large entries stream through the writer and the validator (stored when deflate does not help)", async () => {
  await using tmp = await tempDir();
  const src = join(tmp.path, "src");
  await writeGenATree(src);
  const random = new Uint8Array(9 << 20);
  for (let i = 0; i < random.length; i += 65536) {
    crypto.getRandomValues(random.subarray(i, i + 65536));
  }
  const text = new TextEncoder().encode("MetaBlooms learning record\n".repeat(400_000));
  await Deno.writeFile(join(src, "learning", "random.bin"), random);
  await Deno.writeFile(join(src, "learning", "records.txt"), text);
  const built = await buildBundle(src, {
    version: "v2",
    output: join(tmp.path, "out"),
    date: "2026-01-10",
  });
  assertEquals(built.verdict.ok, true, JSON.stringify(built.verdict.findings.slice(0, 3)));
  const inspection = await inspectBundle(built.bundle_path);
  const method = (name: string) => inspection.entries.find((e) => e.name === name)?.method;
  assertEquals([method("learning/random.bin"), method("learning/records.txt")], [
    "store",
    "deflate",
  ]);
});

Deno.test("bundles the kit builds pass unzip -t and Python's zipfile, and the Python launcher boots them", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path);
  if (await hasCommand("unzip")) {
    const out = await new Deno.Command("unzip", {
      args: ["-tq", built.bundle_path],
      stdout: "piped",
    }).output();
    assert(out.success, new TextDecoder().decode(out.stdout));
  }
  if (await hasCommand("python3")) {
    const test = await new Deno.Command("python3", {
      args: ["-m", "zipfile", "-t", built.bundle_path],
      stdout: "piped",
    }).output();
    assert(test.success);
    const dest = join(tmp.path, "run");
    const boot = await new Deno.Command("python3", {
      args: [
        "-c",
        "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract('BOOT_METABLOOMS.py', sys.argv[2])",
        built.bundle_path,
        tmp.path,
      ],
    }).output();
    assert(boot.success);
    const run = await new Deno.Command("python3", {
      args: [
        join(tmp.path, "BOOT_METABLOOMS.py"),
        "--bundle",
        built.bundle_path,
        "--dest",
        dest,
        "--settle-seconds",
        "0",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(run.stdout);
    assertEquals(run.code, 0, stdout + new TextDecoder().decode(run.stderr));
    assertMatch(
      stdout,
      /^BOOT_OK\nMetaBlooms OS READY\nACTIVATION_ARTIFACT: control_plane\/state_hub\/activation_status_\d{8}T\d{6}Z\.json\nTASK_EXECUTED: boot_smoke_test\n$/,
    );
  }
});
