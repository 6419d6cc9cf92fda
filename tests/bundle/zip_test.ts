import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { validateBundle } from "../../lib/bundle/validate.ts";
import { BlockReader } from "../../lib/bundle/zip/block_reader.ts";
import { readZipDirectory } from "../../lib/bundle/zip/directory.ts";
import { readEntryData } from "../../lib/bundle/zip/entry_data.ts";
import { fromDosDateTime, toDosDateTime } from "../../lib/bundle/zip/format.ts";
import { readLocalHeader } from "../../lib/bundle/zip/local_header.ts";
import { ZipWriter } from "../../lib/bundle/zip/writer.ts";
import { KitError } from "../../lib/errors.ts";
import { rawZip } from "../fixtures/_raw_zip.ts";
import { tempDir } from "./_helpers.ts";

async function readAll(path: string): Promise<Map<string, string>> {
  const reader = await BlockReader.open(path);
  try {
    const out = new Map<string, string>();
    for (const entry of (await readZipDirectory(reader)).entries) {
      const local = await readLocalHeader(reader, entry);
      assert(local && local.mismatches.length === 0, entry.name);
      const parts: Uint8Array[] = [];
      const { crc32 } = await readEntryData(reader, entry, local.dataOffset, {
        onChunk: (c) => parts.push(c.slice()),
      });
      assertEquals(crc32, entry.crc32, entry.name);
      out.set(entry.name, parts.map((p) => new TextDecoder().decode(p)).join(""));
    }
    return out;
  } finally {
    reader.close();
  }
}

Deno.test("ZipWriter and the reader round-trip empty, UTF-8-named and compressible entries", async () => {
  await using tmp = await tempDir();
  const path = join(tmp.path, "t.zip");
  const zip = await ZipWriter.create(path);
  await zip.addBytes("empty.txt", new Uint8Array(0));
  await zip.addBytes("naïve/café.md", new TextEncoder().encode("crème"));
  await zip.addBytes("big.txt", new TextEncoder().encode("abc".repeat(10_000)), { sha256: true });
  await assertRejects(() => zip.addBytes("empty.txt", new Uint8Array(1)), TypeError);
  await zip.finish("a comment");
  const read = await readAll(path);
  assertEquals([...read.keys()], ["empty.txt", "naïve/café.md", "big.txt"]);
  assertEquals([read.get("naïve/café.md"), read.get("big.txt")?.length], ["crème", 30_000]);
});

Deno.test("the reader finds the end record behind a 64 KiB comment with a decoy signature, and reads zip64 records", async () => {
  await using tmp = await tempDir();
  const comment = new Uint8Array(65535).fill(0x41);
  comment.set([0x50, 0x4b, 5, 6], 60_000);
  const path = join(tmp.path, "c.zip");
  await Deno.writeFile(
    path,
    rawZip([{ name: "a.txt", data: new TextEncoder().encode("hello") }], { comment }),
  );
  assertEquals([...(await readAll(path)).values()], ["hello"]);
  const z64 = join(tmp.path, "z64.zip");
  await Deno.writeFile(
    z64,
    rawZip([{ name: "small.txt", data: new TextEncoder().encode("zip64 data"), zip64: true }], {
      zip64End: true,
    }),
  );
  const reader = await BlockReader.open(z64);
  const directory = await readZipDirectory(reader);
  reader.close();
  assertEquals([
    directory.zip64,
    directory.entries[0]?.zip64,
    directory.entries[0]?.uncompressedSize,
  ], [true, true, 10]);
  assertEquals([...(await readAll(z64)).values()], ["zip64 data"]);
});

Deno.test("zips from Info-ZIP, including streamed ones with data descriptors, pass the structure checks", async () => {
  await using tmp = await tempDir();
  try {
    await new Deno.Command("zip", { args: ["-v"], stdout: "null" }).output();
  } catch {
    return; // no zip tool on this machine
  }
  await Deno.writeTextFile(join(tmp.path, "a.txt"), "alpha\n".repeat(1000));
  await Deno.mkdir(join(tmp.path, "d"));
  await Deno.writeTextFile(join(tmp.path, "d", "b.txt"), "beta\n");
  const plain = await new Deno.Command("zip", {
    args: ["-q", "-r", "plain.zip", "a.txt", "d"],
    cwd: tmp.path,
  }).output();
  assert(plain.success);
  const streamed = new Deno.Command("zip", {
    args: ["-q", "-", "-"],
    cwd: tmp.path,
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = streamed.stdin.getWriter();
  await writer.write(new TextEncoder().encode("streamed content\n".repeat(100)));
  await writer.close();
  await Deno.writeFile(join(tmp.path, "streamed.zip"), (await streamed.output()).stdout);
  for (const name of ["plain.zip", "streamed.zip"]) {
    const verdict = await validateBundle(join(tmp.path, name));
    const structural = verdict.findings.filter((f) =>
      ["structure", "paths", "limits"].includes(f.category) && f.severity !== "info"
    );
    assertEquals(structural, [], name);
  }
  const streamedVerdict = await validateBundle(join(tmp.path, "streamed.zip"));
  assert(streamedVerdict.findings.some((f) => f.code === "DATA_DESCRIPTOR" || f.code === "ZIP64"));
});

Deno.test("readEntryData() refuses output beyond the declared size and corrupt deflate data", async () => {
  await using tmp = await tempDir();
  const path = join(tmp.path, "lie.zip");
  const data = new TextEncoder().encode("z".repeat(100_000));
  await Deno.writeFile(
    path,
    rawZip([{ name: "a", data, size: 10 }, {
      name: "b",
      data,
      compressed: new Uint8Array([1, 2, 3]),
    }]),
  );
  const reader = await BlockReader.open(path);
  try {
    const [a, b] = (await readZipDirectory(reader)).entries;
    for (const [entry, code] of [[a!, "SIZE_MISMATCH"], [b!, "INFLATE_FAILED"]] as const) {
      const local = await readLocalHeader(reader, entry);
      await assertRejects(
        () => readEntryData(reader, entry, local!.dataOffset),
        (e: unknown) => e instanceof KitError && e.code === code,
        code,
      );
    }
  } finally {
    reader.close();
  }
});

Deno.test("MS-DOS times convert both ways, clamped to the zip epoch", () => {
  const dos = toDosDateTime(new Date("2026-01-10T12:34:56Z"));
  assertEquals(fromDosDateTime(dos.date, dos.time), "2026-01-10T12:34:56Z");
  const early = toDosDateTime(new Date("1970-01-01T00:00:00Z"));
  assertEquals(fromDosDateTime(early.date, early.time), "1980-01-01T00:00:00Z");
  assertEquals(fromDosDateTime(0, 0), null);
});
