import { join } from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { extractBundle } from "../../lib/bundle/extract.ts";
import { inspectBundle } from "../../lib/bundle/inspect.ts";
import { validateBundle, verdictExitCode } from "../../lib/bundle/validate.ts";
import { KitError } from "../../lib/errors.ts";
import { VerdictSchema } from "../../schemas/bundle.ts";
import { HOSTILE_ZIPS, writeHostileZips } from "../fixtures/hostile_zips.ts";
import { tempDir } from "./_helpers.ts";

async function listTree(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    out.push(prefix + e.name);
    if (e.isDirectory) out.push(...await listTree(join(dir, e.name), `${prefix}${e.name}/`));
  }
  return out.sort();
}

Deno.test("the hostile fixture set has at least 25 distinct cases", () => {
  assert(HOSTILE_ZIPS.length >= 25, `${HOSTILE_ZIPS.length} cases`);
  assertEquals(new Set(HOSTILE_ZIPS.map((c) => c.id)).size, HOSTILE_ZIPS.length);
});

Deno.test("validateBundle() gives every hostile zip its specific finding code, never a crash", async () => {
  await using tmp = await tempDir();
  for (const c of await writeHostileZips(join(tmp.path, "zips"))) {
    const verdict = await validateBundle(c.path);
    VerdictSchema.parse(verdict);
    const found = verdict.findings.find((f) => f.code === c.code);
    assert(
      found,
      `${c.id}: expected ${c.code}, got ${verdict.findings.map((f) => f.code).join(", ")}`,
    );
    assertEquals(verdict.ok, false, `${c.id} must not validate`);
    assertEquals(verdict.readable, !c.unreadable, `${c.id} readability`);
    assertEquals(verdictExitCode(verdict), c.unreadable ? 2 : 1, c.id);
    for (const f of verdict.findings) {
      assert(!/\n\s+at /.test(f.message), `${c.id}: no stack traces in messages`);
    }
  }
});

Deno.test("unsafe paths, bombs and corrupt data are errors; zip64, descriptors and comments are only notes", async () => {
  await using tmp = await tempDir();
  const severity = new Map<string, string>();
  for (const c of await writeHostileZips(join(tmp.path, "zips"))) {
    const verdict = await validateBundle(c.path);
    severity.set(c.id, verdict.findings.find((f) => f.code === c.code)!.severity);
  }
  for (
    const id of [
      "slip_parent",
      "slip_absolute",
      "symlink_entry",
      "bomb_ratio",
      "wrong_crc",
      "not_a_zip",
      "case_collision",
    ]
  ) {
    assertEquals(severity.get(id), "error", id);
  }
  for (const id of ["zip64_records", "data_descriptor", "huge_comment_with_fake_end_record"]) {
    assertEquals(severity.get(id), "info", id);
  }
  assertEquals(severity.get("prepended_data"), "warning");
});

Deno.test("extractBundle() refuses every hostile zip and writes nothing outside its (removed) staging folder", async () => {
  await using tmp = await tempDir();
  const zips = await writeHostileZips(join(tmp.path, "zips"));
  const work = join(tmp.path, "work");
  await Deno.mkdir(work);
  const before = await listTree(tmp.path);
  for (const c of zips) {
    let error: unknown;
    try {
      await extractBundle(c.path, join(work, "out", "dest"));
    } catch (e) {
      error = e;
    }
    assert(error instanceof KitError && error.code === "EXTRACT_REFUSED", `${c.id}: ${error}`);
    assertEquals(error.exitCode, c.unreadable ? 2 : 1, c.id);
  }
  assertEquals(await listTree(tmp.path), before, "no file or folder appeared anywhere");
  for (const name of ["x", "abs_evil", "evil.txt"]) {
    assert(!(await Deno.stat(join(tmp.path, name)).catch(() => null)), name);
  }
});

Deno.test("inspectBundle() lists readable hostile zips and refuses unreadable ones with their code", async () => {
  await using tmp = await tempDir();
  for (const c of await writeHostileZips(join(tmp.path, "zips"))) {
    try {
      const inspection = await inspectBundle(c.path);
      assert(!c.unreadable, `${c.id} should be unreadable`);
      assert(inspection.entry_count >= 0);
    } catch (error) {
      assert(error instanceof KitError, `${c.id}: ${error}`);
      if (c.unreadable) assertEquals(error.code, c.code, c.id);
      else assertEquals([c.id, error.code], ["too_many_entries", "CENTRAL_DIRECTORY_CORRUPT"]);
    }
  }
});
