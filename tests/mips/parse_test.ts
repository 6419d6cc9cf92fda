import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { parseMips, parseMipsBytes, parseMipsFile } from "../../lib/mips/parse.ts";
import { verifySelfHash } from "../../lib/mips/self_hash.ts";
import { MipsParseResultSchema } from "../../schemas/mips.ts";
import { MIPS_VECTORS } from "../fixtures/mips_vectors.ts";

Deno.test("parseMips() labels every header format of the spec's examples and derives the module id", () => {
  for (const v of MIPS_VECTORS) {
    const result = parseMips(v.text, v.name);
    const r = result.record;
    assertEquals(r.format, v.format, v.name);
    if (v.shape !== undefined) assertEquals(r.shape, v.shape, v.name);
    assertEquals(r.module_id, v.moduleId, v.name);
    assertEquals(r.problem, undefined, v.name);
    // The result is what the schema promises.
    assert(MipsParseResultSchema.safeParse(result).success, v.name);
  }
});

Deno.test("parseMips() verifies every spec vector with the recipe the spec names", () => {
  for (const v of MIPS_VECTORS) {
    const r = parseMips(v.text, v.name).record;
    const label = r.hash_recipe ? `VERIFIED(${r.hash_recipe})` : r.hash_status;
    assertEquals(label, v.hash, v.name);
    assertEquals(verifySelfHash(v.text, v.name).label, v.hash, v.name);
  }
});

Deno.test("parseMips() reports MISMATCH for a tampered delta of each hashed format", () => {
  for (const v of MIPS_VECTORS.filter((x) => x.hash.startsWith("VERIFIED"))) {
    let tampered: string;
    if (v.format.startsWith("J-")) {
      // Add a key to the body (or the top level): every recipe covers one or the other.
      const doc = JSON.parse(v.text) as Record<string, Record<string, unknown>>;
      const key = ["body", "content", "BODY"].find((k) => k in doc);
      if (key) doc[key]!.tampered = true;
      else (doc as Record<string, unknown>).tampered = true;
      tampered = JSON.stringify(doc);
    } else tampered = v.text.replace(/\n$/, " (edited)\n");
    assert(tampered !== v.text, v.name);
    const r = parseMips(tampered, v.name).record;
    assertEquals(r.hash_status, "MISMATCH", v.name);
    assertEquals(r.hash_recipe, undefined, v.name);
    assertEquals(r.declared_hash, parseMips(v.text, v.name).record.declared_hash, v.name);
    assert(r.warnings.some((w) => w.startsWith("self-hash:")), v.name);
  }
});

Deno.test("parseMips() reports ABSENT without a hash and UNVERIFIABLE for a placeholder", () => {
  const absent = parseMips('{"mips":{"artifact_id":"A"},"body":{"x":1}}', "A.mips.json").record;
  assertEquals([absent.hash_status, absent.hash_field], ["ABSENT", undefined]);
  const placeholder =
    parseMips('{"mips":{"artifact_id":"A","sha256":"TBD"},"body":{}}', "A.mips.json").record;
  assertEquals([placeholder.hash_status, placeholder.hash_field, placeholder.declared_hash], [
    "UNVERIFIABLE",
    "mips.sha256",
    "TBD",
  ]);
  const tjson = MIPS_VECTORS.find((v) => v.format === "T-jsontext")!;
  assertEquals(parseMips(tjson.text, tjson.name).record.hash_status, "UNVERIFIABLE");
});

Deno.test("parseMips() normalises the common fields (timestamps, councils, parent, title, body)", () => {
  const blue = parseMips(MIPS_VECTORS[0]!.text, MIPS_VECTORS[0]!.name);
  assertEquals(blue.record.councils, ["Auditor", "Recorder"]);
  assertEquals(blue.record.parent_bundle, "MB__02_OS__Demo_Core.mips.json");
  assertEquals(blue.record.timestamp_utc, "2026-01-10T12:00:00Z");
  assertEquals(blue.record.hash_field, "mips.sha256_body");
  assertEquals(blue.body, {
    kind: "json",
    value: { kind: "example_rule", rule: "Widgets ship blue by default.", priority: "P2" },
  });
  const mips1 = MIPS_VECTORS.find((v) => v.format === "M-mips1")!;
  const m = parseMips(mips1.text, mips1.name);
  assertEquals(m.record.councils, ["Facilitator", "Auditor"]);
  assertEquals(m.record.version, "1.0");
  assertEquals(m.body, { kind: "text", text: "# Demo BIOS\n" });
  assertEquals(m.record.title, "Demo BIOS");
  const meta = MIPS_VECTORS.find((v) => v.format === "J-meta")!;
  const j = parseMips(meta.text, meta.name).record;
  assertEquals([j.id_source, j.timestamp_utc, j.timestamp_flag], [
    "meta.id",
    "2026-01-10T00:00:00Z",
    "date_only",
  ]);
  assertEquals(j.description, "show meta format");
  const html = MIPS_VECTORS.find((v) => v.format === "M-html")!;
  assertEquals(parseMips(html.text, html.name).body, {
    kind: "text",
    text: "# Demo README\n\nSome text.\n",
  });
  const lamp = MIPS_VECTORS.find((v) => v.format === "J-mips_header")!;
  const l = parseMips(lamp.text, lamp.name);
  assertEquals(l.record.kind, "runtime_rule");
  assertEquals(l.record.title, "LampCheck");
  assertEquals((l.body as { value: Record<string, unknown> }).value.rollback, "remove rule");
});

Deno.test("parseMips() marks watcher probes and flat probe files", () => {
  const probe = MIPS_VECTORS.find((v) => v.shape === "string/BODY")!;
  assert(parseMips(probe.text, probe.name).record.probe);
  const selftest = parseMips('{"selftest_v2":true}', "MB__selftest.mips.json").record;
  assertEquals([selftest.format, selftest.shape, selftest.probe], ["J-flat", "probe", true]);
  assert(!parseMips(MIPS_VECTORS[0]!.text, "x.mips.json").record.probe);
});

Deno.test("parseMips() reads M-yaml nested block lists, inline lists and links", () => {
  const text = `MIPS_HEADER:
  artifact_id: MB__NOTE__Nested_v1
  version: 1.0
  timestamp_utc: 20251213T185500Z
  councils: ["Auditor", "Recorder"]
  parent_bundle: MB__02_OS__Demo_Core.mips.json
  links:
    supersedes: MB__NOTE__Nested_v0
    related: [a, b]
  evidence_chain:
    - claim: it works
      evidence_weight: 0.8
      owner: Auditor
    - plain item
  audit: construct
BODY:
text body
`;
  const { record, header } = parseMips(text, "MB__NOTE__Nested_v1.mips.md");
  assertEquals(record.format, "M-yaml");
  assertEquals(record.timestamp_utc, "2025-12-13T18:55:00Z");
  assertEquals(record.councils, ["Auditor", "Recorder"]);
  assertEquals(record.supersedes, ["MB__NOTE__Nested_v0"]);
  assertEquals((header as Record<string, unknown>).evidence_chain, [
    { claim: "it works", evidence_weight: "0.8", owner: "Auditor" },
    "plain item",
  ]);
  assertEquals(record.links, { supersedes: "MB__NOTE__Nested_v0", related: ["a", "b"] });
  assertEquals(record.warnings, []);
});

Deno.test("parseMips() normalises offsets and flags naive timestamps", () => {
  const r =
    parseMips('{"delta_id":"T","timestamp_utc":"2025-12-15T17:40:27.18-06:00"}', "T.json").record;
  assertEquals(r.timestamp_utc, "2025-12-15T23:40:27.180Z");
  const naive = parseMips('{"delta_id":"T","ts":"2025-12-16T03:02:50"}', "T.json").record;
  assertEquals([naive.timestamp_utc, naive.timestamp_flag, naive.timestamp_field], [
    "2025-12-16T03:02:50Z",
    "naive",
    "ts",
  ]);
  const bad = parseMips('{"delta_id":"T","timestamp":"yesterday"}', "T.json").record;
  assertEquals(bad.timestamp_utc, undefined);
  assertMatch(bad.warnings.join("\n"), /not a recognisable timestamp/);
});

Deno.test("parseMips() turns a truncated .mips.json into an invalid record naming line and column", () => {
  const r = parseMips('{"mips":{"artifact_id":"X"},"body":{"a":"cut', "MB__X.mips.json").record;
  assertEquals(r.format, "invalid");
  assertMatch(r.problem!, /^not valid JSON: Unterminated string at line 1 column 41$/);
  assertEquals(r.module_id, "MB__X");
  const array = parseMips("[1, 2]", "A.mips.json").record;
  assertEquals([array.format, array.problem], [
    "invalid",
    "the top-level JSON value is an array, not an object",
  ]);
  const html = parseMips("<!--MIPS_HEADER\n{oops}\nMIPS_HEADER-->\nbody\n", "R.mips.md").record;
  assertEquals(html.format, "invalid");
  assertMatch(html.problem!, /M-html header is not valid JSON/);
});

Deno.test("parseMips() reads a note without a header as text, keeping the first line as title", () => {
  const r = parseMips("ACTIVE SET\n- a\n", "MB__00_SENTINEL__ACTIVE_STATE.txt");
  assertEquals([r.record.format, r.record.module_id, r.record.title], [
    "text",
    "MB__00_SENTINEL__ACTIVE_STATE",
    "ACTIVE SET",
  ]);
  assertEquals(r.body, { kind: "text", text: "ACTIVE SET\n- a\n" });
  assertEquals(parseMips("{not json", "note.md").record.format, "text");
  assertEquals(parseMips("", "empty.txt").record.warnings, ["empty file"]);
});

Deno.test("parseMips() never throws on garbage: every truncation and random bytes give a record", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const v of MIPS_VECTORS) {
    for (let cut = 0; cut < v.text.length; cut += 7) {
      const r = parseMips(v.text.slice(0, cut), v.name).record;
      assert(typeof r.format === "string" && typeof r.module_id === "string");
    }
  }
  for (let i = 0; i < 200; i++) {
    const bytes = new Uint8Array(1 + Math.floor(random() * 300)).map(() =>
      Math.floor(random() * 256)
    );
    if (i % 2) bytes[0] = 0x7b; // "{"
    const r = parseMipsBytes(bytes, i % 3 ? "g.mips.json" : "g.txt").record;
    assert(typeof r.format === "string");
  }
  const deep = "[".repeat(100_000);
  assertEquals(parseMips(deep, "deep.mips.json").record.format, "invalid");
});

Deno.test("parseMipsBytes() keeps a BOM out of parsing, flags bad UTF-8, and detects binary files", () => {
  const v = MIPS_VECTORS[1]!;
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(v.text)]);
  const bom = parseMipsBytes(withBom, v.name).record;
  assertEquals([bom.format, bom.hash_status], ["J-mips", "VERIFIED"]);
  assert(bom.warnings.includes("starts with a UTF-8 byte-order mark"));
  const bad = parseMipsBytes(new Uint8Array([0x68, 0x69, 0xff, 0x0a]), "n.txt").record;
  assertMatch(bad.warnings[0]!, /not valid UTF-8/);
  assertEquals(
    parseMipsBytes(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), "b.zip").record.format,
    "binary",
  );
});

Deno.test("parseMipsFile() reads a file and keeps the path it was given", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const v = MIPS_VECTORS.find((x) => x.format === "M-yaml")!;
    await Deno.writeTextFile(`${dir}/${v.name}`, v.text);
    const { record } = await parseMipsFile(`${dir}/${v.name}`);
    assertEquals([record.path, record.filename, record.hash_recipe], [
      `${dir}/${v.name}`,
      v.name,
      "R10",
    ]);
    assertEquals(record.bytes, new TextEncoder().encode(v.text).length);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
