import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { parseJsonPrefix, parseJsonTree, toPlain } from "../../lib/json/json_tree.ts";
import { pythonJsonDumpsNode, pythonNumber } from "../../lib/json/py_json.ts";
import { deltaPackHash, verifySelfHash } from "../../lib/mips/self_hash.ts";
import { normalizeTimestamp } from "../../lib/mips/timestamps.ts";
import { DUMPS_EXPECTED, DUMPS_SOURCE, RECIPE_VECTORS } from "../fixtures/python_reference.ts";
import { DELTAPACK_VECTOR } from "../fixtures/mips_vectors.ts";

const OPTIONS = {
  default: {},
  i2: { indent: 2 },
  cs: { separators: [",", ":"] as const, sortKeys: true },
  pds: { sortKeys: true },
  i2s_raw: { indent: 2, sortKeys: true, ensureAscii: false },
  raw: { ensureAscii: false },
};

Deno.test("pythonJsonDumpsNode() prints byte-for-byte what CPython's json.dumps prints", () => {
  const tree = parseJsonTree(DUMPS_SOURCE);
  for (const [name, options] of Object.entries(OPTIONS)) {
    assertEquals(pythonJsonDumpsNode(tree, options), DUMPS_EXPECTED[name], name);
  }
});

Deno.test("pythonNumber() follows Python's repr for floats and keeps integers whole", () => {
  const cases: Array<[string, string]> = [
    ["8.0", "8.0"],
    ["1e5", "100000.0"],
    ["1e16", "1e+16"],
    ["1e15", "1000000000000000.0"],
    ["0.0001", "0.0001"],
    ["0.00001", "1e-05"],
    ["-0", "0"],
    ["-0.0", "-0.0"],
    ["1.50", "1.5"],
    ["123456789012345678901234567890", "123456789012345678901234567890"],
    ["1e400", "Infinity"],
  ];
  for (const [lexeme, want] of cases) assertEquals(pythonNumber(lexeme), want, lexeme);
});

Deno.test("verifySelfHash() finds each crafted recipe R1–R9 in the encoding it was made with", () => {
  for (const v of RECIPE_VECTORS) {
    const verdict = verifySelfHash(v.text, `${v.name}.mips.json`);
    assertEquals([verdict.label, verdict.encoding], [v.label, v.encoding], v.name);
  }
});

Deno.test("verifySelfHash() names the field and reports MISMATCH for a changed body", () => {
  const v = RECIPE_VECTORS.find((x) => x.name === "R6")!;
  assertEquals(verifySelfHash(v.text, "a.mips.json").field, "mips.sha256");
  const changed = verifySelfHash(v.text.replace('"b":1', '"b":2'), "a.mips.json");
  assertEquals([changed.status, changed.field], ["MISMATCH", "mips.sha256"]);
});

Deno.test("deltaPackHash() reproduces the DeltaPack v1 vector, and DP1 verifies a pack file", () => {
  const pack = JSON.parse(DELTAPACK_VECTOR.text) as Record<string, unknown>;
  assertEquals(deltaPackHash(pack), DELTAPACK_VECTOR.hash);
  const file = DELTAPACK_VECTOR.text.replace(/}$/, `,"hash_sha256":"${DELTAPACK_VECTOR.hash}"}`);
  const verdict = verifySelfHash(file, "delta_20260110T120000Z.json");
  assertEquals([verdict.label, verdict.field], ["VERIFIED(DP1)", "hash_sha256"]);
});

Deno.test("parseJsonTree() keeps key order, lexemes and Python's duplicate-key rule", () => {
  const tree = parseJsonTree('{"b": 1.0, "a": 2, "b": 3e0}');
  assertEquals(pythonJsonDumpsNode(tree, {}), '{"b": 3.0, "a": 2}');
  assertEquals(
    toPlain(parseJsonTree('{"__proto__": {"x": 1}}')),
    JSON.parse('{"__proto__": {"x": 1}}'),
  );
  assertThrows(() => parseJsonTree('{"a": 1} x'), SyntaxError);
  assertThrows(() => parseJsonTree('"tab\tinside"'), SyntaxError);
  assertEquals(parseJsonPrefix('{"a":1}\n---\n').end, 7);
});

Deno.test("normalizeTimestamp() rejects impossible dates and reads US Central local time", () => {
  assertEquals(normalizeTimestamp("2026-02-30"), undefined);
  assertEquals(normalizeTimestamp("not a date"), undefined);
  const ct = normalizeTimestamp("2026-01-10T08:00:00", { localCentral: true });
  assertEquals([ct?.utc, ct?.flag], ["2026-01-10T14:00:00Z", "local_ct"]);
  const summer = normalizeTimestamp("2026-07-10 08:00", { localCentral: true });
  assertEquals(summer?.utc, "2026-07-10T13:00:00Z");
  assert(normalizeTimestamp("2026-01-10T12:00:00+0530")?.utc === "2026-01-10T06:30:00Z");
});
