import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { extractBundle } from "../../lib/bundle/extract.ts";
import { inspectBundle } from "../../lib/bundle/inspect.ts";
import { validateBundle } from "../../lib/bundle/validate.ts";
import { BlockReader } from "../../lib/bundle/zip/block_reader.ts";
import { readZipDirectory } from "../../lib/bundle/zip/directory.ts";
import { KitError } from "../../lib/errors.ts";
import { rawZip } from "../fixtures/_raw_zip.ts";
import { HOSTILE_ZIPS } from "../fixtures/hostile_zips.ts";
import { tempDir } from "./_helpers.ts";

const UTF8_FLAG = 0x0800;

async function entriesOf(path: string) {
  const reader = await BlockReader.open(path);
  try {
    return (await readZipDirectory(reader)).entries;
  } finally {
    reader.close();
  }
}

Deno.test("a name flagged UTF-8 whose bytes are not UTF-8 is an error finding; the verdict is not VALID and extract refuses", async () => {
  await using tmp = await tempDir();
  const path = join(tmp.path, "bad_name.zip");
  await Deno.writeFile(path, HOSTILE_ZIPS.find((c) => c.id === "invalid_utf8_name")!.build());
  const verdict = await validateBundle(path);
  assertEquals(verdict.ok, false);
  const found = verdict.findings.find((f) => f.code === "ENTRY_NAME_INVALID_ENCODING");
  assert(found, verdict.findings.map((f) => f.code).join(", "));
  assertEquals(found.severity, "error");
  assertEquals(found.details?.name_bytes, "62 ff c3 28 2e 74 78 74");

  const error = await assertRejects(
    () => extractBundle(path, join(tmp.path, "out")),
    KitError,
  ) as KitError;
  assertEquals(error.code, "EXTRACT_REFUSED");
  assert((error.details?.codes as string[]).includes("ENTRY_NAME_INVALID_ENCODING"));
  await assertRejects(() => Deno.stat(join(tmp.path, "out")), Deno.errors.NotFound);

  // Listed with U+FFFD marking the bad bytes, never as a plausible other name.
  const names = (await inspectBundle(path)).entries.map((e) => e.name);
  assert(names.includes("b\uFFFD\uFFFD(.txt"), names.join(", "));
});

Deno.test("names without the UTF-8 flag decode as CP437, and flagged valid UTF-8 names decode as UTF-8", async () => {
  await using tmp = await tempDir();
  const path = join(tmp.path, "names.zip");
  await Deno.writeFile(
    path,
    rawZip([
      {
        name: new Uint8Array([0x63, 0x61, 0x66, 0x82, 0x2e, 0x74, 0x78, 0x74]),
        data: new Uint8Array(1),
      },
      { name: "naïve/über.txt", data: new Uint8Array(1), flags: UTF8_FLAG },
    ]),
  );
  const entries = await entriesOf(path);
  assertEquals(entries.map((e) => [e.name, e.nameEncodingValid]), [
    ["café.txt", true],
    ["naïve/über.txt", true],
  ]);
  const verdict = await validateBundle(path);
  assertEquals(verdict.findings.filter((f) => f.code === "ENTRY_NAME_INVALID_ENCODING"), []);
});
