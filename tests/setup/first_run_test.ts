import { assert, assertEquals } from "../_assert.ts";
import { join } from "node:path";
import { loadConfig } from "../../lib/config.ts";
import { queryMipsIndex } from "../../lib/ltm/query.ts";
import { initDataDir, isDataDirEmpty } from "../../lib/setup/first_run.ts";
import { openStore } from "../../lib/store/open.ts";
import { MIPS_VECTORS } from "../fixtures/mips_vectors.ts";
import { writeGenATree } from "../fixtures/os_tree.ts";
import { buildBundle } from "../../lib/bundle/build.ts";
import { bootStatus } from "../../lib/boot/status.ts";

async function fixture() {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_first_run_" }));
  const samplesDir = join(dir, "samples");
  const month = join(samplesDir, "ltm", "deltas", "2026-01");
  await Deno.mkdir(month, { recursive: true });
  for (const v of MIPS_VECTORS) await Deno.writeTextFile(join(month, v.name), v.text);
  await Deno.writeTextFile(join(month, "MB__03_DELTA__Broken_v1.mips.json"), "{ not json");
  const config = await loadConfig({ env: {}, cwd: dir, flags: { dataDir: join(dir, "data") } });
  const store = await openStore({ sqlite_path: config.dbPath });
  return {
    dir,
    samplesDir,
    config,
    store,
    async [Symbol.asyncDispose]() {
      await store.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("isDataDirEmpty() is true for a missing or empty folder and false once anything is in it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assertEquals(await isDataDirEmpty(join(dir, "missing")), true);
    assertEquals(await isDataDirEmpty(dir), true);
    await Deno.mkdir(join(dir, "sub"));
    assertEquals(await isDataDirEmpty(dir), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("initDataDir() copies the sample LTM into the data directory and indexes it, quarantining a broken delta", async () => {
  await using f = await fixture();
  const report = await initDataDir(f.config, { samplesDir: f.samplesDir, store: f.store });
  assertEquals(report.steps.map((s) => [s.step, s.ok]), [
    ["copy_ltm", true],
    ["init_ltm_repo", true],
    ["reindex_ltm", true],
    ["seed_image", true],
  ]);
  assertEquals(report.ok, true);
  const summary = report.steps[2]!.summary;
  assert(/\(1 quarantined as unparseable\)$/.test(summary), summary);
  assertEquals(await Deno.stat(join(f.config.ltmDir, ".git")).then((s) => s.isDirectory), true);
  const copied = join(f.config.ltmDir, "deltas", "2026-01", MIPS_VECTORS[0]!.name);
  assertEquals(await Deno.readTextFile(copied), MIPS_VECTORS[0]!.text);
  assertEquals(
    (await queryMipsIndex(f.store, { text: "widgets" })).results[0]?.module_id,
    "MB__03_DELTA__BlueWidgets_v1",
  );
});

Deno.test("initDataDir() keeps an LTM folder that already has content and only indexes it", async () => {
  await using f = await fixture();
  const own = join(f.config.ltmDir, "deltas", "2026-02");
  await Deno.mkdir(own, { recursive: true });
  await Deno.writeTextFile(
    join(own, "Own_v1.mips.json"),
    '{"delta_id":"Own_v1","description":"our own"}',
  );
  const report = await initDataDir(f.config, { samplesDir: f.samplesDir, store: f.store });
  assertEquals(report.steps.map((s) => s.step), ["reindex_ltm", "seed_image"]);
  assertEquals((await queryMipsIndex(f.store, {})).total, 1);
});

Deno.test("initDataDir() with no samples only seeds the living image and reports ok", async () => {
  await using f = await fixture();
  const report = await initDataDir(f.config, { samplesDir: join(f.dir, "none"), store: f.store });
  assertEquals(report.steps.map((s) => [s.step, s.ok]), [["seed_image", true]]);
  assert(report.steps[0]!.summary.includes("metablooms send genesis_obj greet_architect"));
  assertEquals(report.ok, true);
});

Deno.test("initDataDir() records an invalid sample bundle with its code, does not boot it, and goes on", async () => {
  await using f = await fixture();
  await Deno.mkdir(join(f.samplesDir, "bundles"));
  await Deno.writeTextFile(join(f.samplesDir, "bundles", "broken.zip"), "not a zip at all");
  const report = await initDataDir(f.config, { samplesDir: f.samplesDir, store: f.store });
  assertEquals(report.steps.map((s) => [s.step, s.ok]), [
    ["validate_bundle", false],
    ["copy_ltm", true],
    ["init_ltm_repo", true],
    ["reindex_ltm", true],
    ["seed_image", true],
  ]);
  assert(report.steps[0]!.code !== undefined, "no code for the failed boot");
  assertEquals(report.ok, false);
});

Deno.test("initDataDir() stops with an AbortError when its signal aborts", async () => {
  await using f = await fixture();
  const controller = new AbortController();
  controller.abort(new DOMException("stop", "AbortError"));
  let name = "";
  try {
    await initDataDir(f.config, {
      samplesDir: f.samplesDir,
      store: f.store,
      signal: controller.signal,
    });
  } catch (error) {
    name = (error as Error).name;
  }
  assertEquals(name, "AbortError");
});

Deno.test("initDataDir() validates a good sample bundle and boots it into the ACTIVE slot", async () => {
  await using f = await fixture();
  const tree = join(f.dir, "tree");
  await writeGenATree(tree);
  await Deno.mkdir(join(f.samplesDir, "bundles"));
  const built = await buildBundle(tree, {
    version: "v1.0.0",
    output: join(f.samplesDir, "bundles"),
  });
  const report = await initDataDir(f.config, { samplesDir: f.samplesDir, store: f.store });
  assertEquals(report.steps.slice(0, 2).map((s) => [s.step, s.target, s.ok]), [
    ["validate_bundle", built.bundle_path, true],
    ["boot_image", built.bundle_path, true],
  ]);
  const status = await bootStatus(f.config);
  assertEquals(status.slots.ACTIVE?.sha256, built.sha256);
});
