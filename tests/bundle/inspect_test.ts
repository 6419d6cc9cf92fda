import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { inspectBundle, readBundleEntry } from "../../lib/bundle/inspect.ts";
import { KitError } from "../../lib/errors.ts";
import { InspectionSchema } from "../../schemas/bundle.ts";
import { HOSTILE_ZIPS } from "../fixtures/hostile_zips.ts";
import { genAFiles } from "../fixtures/os_tree.ts";
import { buildFixture, tempDir } from "./_helpers.ts";

Deno.test("inspectBundle() lists entries and shows the boot, build and version manifests and a MEEP summary", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path);
  const inspection = await inspectBundle(built.bundle_path);
  InspectionSchema.parse(inspection);
  assertEquals([inspection.generation, inspection.entry_count, inspection.zip64], [
    "A",
    built.file_count,
    false,
  ]);
  const boot = inspection.entries.find((e) => e.name === "boot_manifest.json")!;
  assertEquals([boot.method, boot.crc32.length, boot.is_directory], ["deflate", 8, false]);
  assertEquals(
    (inspection.manifests.boot_manifest as { entrypoint: string }).entrypoint,
    "RUN_METABLOOMS.py",
  );
  assertEquals(Object.keys(inspection.manifests).sort(), [
    "boot_contract",
    "boot_manifest",
    "build_manifest",
    "version_manifest",
  ]);
  assertEquals(inspection.meep, {
    path: "MEEP_Manifest.json",
    standard: "MEEP-1.0",
    date: "2026-01-10",
    listed: built.file_count - 1,
    missing: 0,
    unlisted: 0,
  });
});

Deno.test("inspectBundle() returns one entry's text, cut at maxBytes, and binary as base64", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path, "A", {
    overrides: { "ble/blob.bin": "\u0000\u0001\u0002binary" },
  });
  const full = await inspectBundle(built.bundle_path, { entry: "RUN_METABLOOMS.py" });
  assertEquals([full.content?.encoding, full.content?.truncated, full.content?.content], [
    "utf-8",
    false,
    genAFiles()["RUN_METABLOOMS.py"],
  ]);
  const cut = await inspectBundle(built.bundle_path, { entry: "RUN_METABLOOMS.py", maxBytes: 20 });
  assertEquals([cut.content?.bytes, cut.content?.truncated, cut.content?.content], [
    20,
    true,
    genAFiles()["RUN_METABLOOMS.py"]!.slice(0, 20),
  ]);
  const binary = await inspectBundle(built.bundle_path, { entry: "ble/blob.bin" });
  assertEquals([binary.content?.encoding, atob(binary.content!.content)], [
    "base64",
    "\u0000\u0001\u0002binary",
  ]);
  await assertRejects(
    () => inspectBundle(built.bundle_path, { entry: "nope.txt" }),
    (e: unknown) => e instanceof KitError && e.code === "ENTRY_NOT_FOUND" && e.exitCode === 2,
  );
});

Deno.test("readBundleEntry() returns exact bytes, enforces its size cap and the CRC", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path);
  const bytes = await readBundleEntry(built.bundle_path, "control_plane/BOOT_STATE.json");
  assertEquals(new TextDecoder().decode(bytes), genAFiles()["control_plane/BOOT_STATE.json"]);
  await assertRejects(
    () => readBundleEntry(built.bundle_path, "RUN_METABLOOMS.py", { maxBytes: 10 }),
    (e: unknown) => e instanceof KitError && e.code === "ENTRY_TOO_LARGE",
  );
  const wrongCrc = join(tmp.path, "wrong_crc.zip");
  await Deno.writeFile(wrongCrc, HOSTILE_ZIPS.find((c) => c.id === "wrong_crc")!.build());
  await assertRejects(
    () => readBundleEntry(wrongCrc, "a.txt"),
    (e: unknown) => e instanceof KitError && e.code === "CRC_MISMATCH",
  );
  const lfs = join(tmp.path, "lfs.zip");
  await Deno.writeFile(lfs, HOSTILE_ZIPS.find((c) => c.id === "lfs_pointer")!.build());
  const error = await assertRejects(() => readBundleEntry(lfs, "a"), KitError) as KitError;
  assertEquals([error.code, error.exitCode], ["LFS_POINTER", 2]);
  assert(error.message.includes("oid sha256:"));
});
