import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { extractBundle } from "../../lib/bundle/extract.ts";
import { KitError } from "../../lib/errors.ts";
import { genAFiles } from "../fixtures/os_tree.ts";
import { buildFixture, tempDir } from "./_helpers.ts";

async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out.sort();
}

Deno.test("extractBundle() writes every file with its exact content and leaves no staging folder", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path);
  const dest = join(tmp.path, "target", "MetaBlooms");
  const result = await extractBundle(built.bundle_path, dest);
  assertEquals([result.dest, result.files, result.verdict.ok], [dest, built.file_count, true]);
  for (const [path, content] of Object.entries(genAFiles())) {
    assertEquals(await Deno.readTextFile(join(dest, path)), content, path);
  }
  assert((await Deno.readTextFile(join(dest, "MEEP_Manifest.json"))).includes("MEEP-1.0"));
  assertEquals(await names(join(tmp.path, "target")), ["MetaBlooms"]);
});

Deno.test("extractBundle() refuses a non-empty destination unless replace, then swaps it atomically", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path);
  const dest = join(tmp.path, "dest");
  await Deno.mkdir(dest);
  await Deno.writeTextFile(join(dest, "old.txt"), "old");
  await assertRejects(
    () => extractBundle(built.bundle_path, dest),
    (e: unknown) => e instanceof KitError && e.code === "DEST_EXISTS" && e.exitCode === 2,
  );
  assertEquals(await names(dest), ["old.txt"]);
  await extractBundle(built.bundle_path, dest, { replace: true });
  assert(!(await names(dest)).includes("old.txt"));
  assertEquals(
    (await names(tmp.path)).filter((n) => n.startsWith(".")),
    [],
    "no staging or old folder left",
  );
  const empty = join(tmp.path, "empty");
  await Deno.mkdir(empty);
  assertEquals((await extractBundle(built.bundle_path, empty)).files, built.file_count);
});

Deno.test("extractBundle() aborted midway removes its staging folder and never creates the destination", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path);
  const controller = new AbortController();
  const parent = join(tmp.path, "p");
  let validated = false;
  let extracting = 0;
  await assertRejects(
    () =>
      extractBundle(built.bundle_path, join(parent, "dest"), {
        signal: controller.signal,
        progress: (done, total) => {
          // Validation reports first and ends at done === total; the next report is extraction's.
          if (validated && ++extracting === 1) {
            controller.abort(new DOMException("stop", "AbortError"));
          }
          if (done === total) validated = true;
        },
      }),
    (e: unknown) => e instanceof DOMException && e.name === "AbortError",
  );
  assertEquals(extracting, 1, "aborted during extraction, not validation");
  assertEquals(await names(parent), [], "the staging folder is gone and dest was never created");
});

Deno.test("extractBundle() refuses an invalid bundle and a Gen-C bundle into a folder named like its wrapper", async () => {
  await using tmp = await tempDir();
  const invalid = await buildFixture(tmp.path, "A", { omit: ["boot_manifest.json"] });
  const refused = await assertRejects(
    () => extractBundle(invalid.bundle_path, join(tmp.path, "x")),
    (e: unknown) => e instanceof KitError && e.code === "EXTRACT_REFUSED" && e.exitCode === 1,
  ) as KitError;
  assert((refused.details?.codes as string[]).includes("MISSING_BOOT_FILE"));
  const genC = await buildFixture(tmp.path, "C");
  await assertRejects(
    () => extractBundle(genC.bundle_path, join(tmp.path, "Metablooms_OS")),
    (e: unknown) => e instanceof KitError && e.code === "DOUBLE_WRAPPER",
  );
  const ok = await extractBundle(genC.bundle_path, join(tmp.path, "restore"));
  assertEquals(await names(ok.dest), ["Metablooms_OS"]);
  assert(!(await Deno.stat(join(tmp.path, "x")).catch(() => null)));
});

Deno.test("extractBundle() extracts a bundle with integrity warnings, but not in strict mode", async () => {
  await using tmp = await tempDir();
  const built = await buildFixture(tmp.path, "A", {
    overrides: {
      "boot_contract.json": JSON.stringify({
        boot_sha256: "0".repeat(64),
        required_success_markers: ["BOOT_OK"],
      }),
    },
  });
  assertEquals([built.verdict.ok, built.verdict.counts.warning], [true, 1]);
  await assertRejects(
    () => extractBundle(built.bundle_path, join(tmp.path, "strict"), { strict: true }),
    (e: unknown) => e instanceof KitError && e.code === "EXTRACT_REFUSED",
  );
  assertEquals(
    (await extractBundle(built.bundle_path, join(tmp.path, "lax"))).verdict.counts.warning,
    1,
  );
});
