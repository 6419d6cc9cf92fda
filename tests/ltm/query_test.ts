import { assert, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import { queryMipsIndex } from "../../lib/ltm/query.ts";
import { reindexLtm } from "../../lib/ltm/reindex.ts";
import { UsageError } from "../../lib/errors.ts";
import { MipsQueryResultSchema } from "../../schemas/ltm.ts";
import { MIPS_VECTORS } from "../fixtures/mips_vectors.ts";
import { flat, ltmFixture } from "../fixtures/ltm_fixture.ts";

const M = "deltas/2026-01";

async function indexed() {
  const files: Record<string, string> = {};
  for (const v of MIPS_VECTORS) files[`${M}/${v.name}`] = v.text;
  files[`${M}/Lamp_title.mips.json`] = flat("Lamp_title", {
    title: "Lamp lamp lamp",
    status: "ACTIVE",
    timestamp_utc: "2026-01-15T08:00:00Z",
  });
  files[`${M}/Lamp_mention.mips.json`] = flat("Lamp_mention", {
    description:
      "A long note that mentions the lamp once among many other words about tea and widgets.",
    timestamp_utc: "2026-02-01T00:00:00Z",
  });
  for (let i = 0; i < 25; i++) {
    files[`deltas/2025-12/Bulk_${String(i).padStart(2, "0")}.mips.json`] = flat(`Bulk_${i}`, {
      description: `bulk entry number ${i}`,
      timestamp_utc: `2025-12-${String(i + 1).padStart(2, "0")}T00:00:00Z`,
    });
  }
  const fx = await ltmFixture(files);
  await reindexLtm(fx.store, fx.dir);
  return fx;
}

Deno.test("queryMipsIndex() ranks by bm25, puts [hits] in snippets, and matches every word", async () => {
  await using fx = await indexed();
  const r = await queryMipsIndex(fx.store, { text: "lamp" });
  assert(MipsQueryResultSchema.safeParse(r).success);
  assertEquals(r.results[0]?.module_id, "Lamp_title");
  assert(r.results.every((h, i) => i === 0 || h.score <= r.results[i - 1]!.score));
  assert(r.results.some((h) => h.module_id === "MetaBlooms_DELTA_LampCheck_20260110T120000Z"));
  assertMatch(r.results.find((h) => h.module_id === "Lamp_mention")!.snippet, /\[lamp\]/);
  assertEquals(
    (await queryMipsIndex(fx.store, { text: "lamp widgets" })).results.map((h) => h.module_id),
    [
      "Lamp_mention",
    ],
  );
  assertEquals(
    (await queryMipsIndex(fx.store, { text: "BlueWidgets_v1" })).results[0]?.module_id,
    "MB__03_DELTA__BlueWidgets_v1",
  );
  assertEquals(
    (await queryMipsIndex(fx.store, { text: "stee*" })).results[0]?.module_id,
    "MB__03_DELTA__TeaTimer_v1",
  );
  assertEquals((await queryMipsIndex(fx.store, { text: 'OR ( "NEAR' })).total, 0); // no FTS syntax error
});

Deno.test("queryMipsIndex() pages consistently: total stays, pages do not overlap", async () => {
  await using fx = await indexed();
  const all = await queryMipsIndex(fx.store, { text: "bulk", limit: 100 });
  assertEquals(all.total, 25);
  const pages = await Promise.all(
    [0, 10, 20].map((offset) => queryMipsIndex(fx.store, { text: "bulk", limit: 10, offset })),
  );
  assertEquals(pages.map((p) => p.results.length), [10, 10, 5]);
  assert(pages.every((p) => p.total === 25));
  assertEquals(pages.flatMap((p) => p.results.map((h) => h.path)), all.results.map((h) => h.path));
  // Without text: newest first.
  const newest = await queryMipsIndex(fx.store, { limit: 2 });
  assertEquals(newest.results.map((h) => h.module_id), ["Lamp_mention", "Lamp_title"]);
  assertEquals(newest.results[1]?.snippet, "Lamp lamp lamp");
});

Deno.test("queryMipsIndex() filters by posture, format, hash status, module glob and time range", async () => {
  await using fx = await indexed();
  const ids = async (q: Parameters<typeof queryMipsIndex>[1]) =>
    (await queryMipsIndex(fx.store, { limit: 100, ...q })).results.map((h) => h.module_id).sort();
  assertEquals(await ids({ posture: "ACTIVE" }), ["Lamp_title", "MB__03_DELTA__Checklist_Demo_v1"]);
  assertEquals(await ids({ posture: "QUARANTINED" }), ["MB__WATCHER_PROBE__smoke"]);
  assertEquals(await ids({ format: "M-html" }), ["MB__DOC__Demo_v1"]);
  assertEquals(await ids({ hash_status: "VERIFIED(R10)" }), [
    "MB__00_DEMO_BIOS_v1.mips.md",
    "MB__DEMO_NOTE__2026-01-10_v1",
  ]);
  assertEquals(await ids({ hash_status: "r4" }), ["MB__05_RULE__FilesFirst_Demo_v1"]);
  assertEquals((await queryMipsIndex(fx.store, { hash_status: "VERIFIED" })).total, 9);
  assertEquals(await ids({ hash_status: "UNVERIFIABLE" }), ["MB__BOOT_PROMPT__Demo_v1"]);
  assertEquals(await ids({ module_id: "MB__03_DELTA__*", text: "demo" }), [
    "MB__03_DELTA__BlueWidgets_v1", // its parent_bundle names MB__02_OS__Demo_Core
    "MB__03_DELTA__Checklist_Demo_v1",
    "MB__03_DELTA__Lexicon_Demo_v1",
  ]);
  assertEquals(await ids({ from: "2026-01-15", to: "2026-01-31" }), ["Lamp_title"]);
  assertEquals(await ids({ from: "2025-12-30", to: "2025-12-31" }), []);
  assertEquals(await ids({ to: "2025-12-02" }), ["Bulk_0", "Bulk_1"]);
  assertEquals(await ids({ from: "2026-01-10T12:30:00Z", to: "2026-01-10T12:40:00Z" }), [
    "MB__00_DEMO_BIOS_v1.mips.md",
    "MB__03_DELTA__Checklist_Demo_v1",
    "MB__DEMO_NOTE__2026-01-10_v1",
  ]);
});

Deno.test("queryMipsIndex() rejects unknown filter values with a usage error", async () => {
  await using fx = await indexed();
  await assertRejects(() => queryMipsIndex(fx.store, { posture: "LIVE" as never }), UsageError);
  await assertRejects(() => queryMipsIndex(fx.store, { format: "J-nope" as never }), UsageError);
  await assertRejects(() => queryMipsIndex(fx.store, { hash_status: "R99" }), UsageError);
  await assertRejects(() => queryMipsIndex(fx.store, { from: "last week" }), UsageError);
});

Deno.test("queryMipsIndex() sees a reindex's changes at once: cached rankings belong to one index generation", async () => {
  await using fx = await indexed();
  assertEquals((await queryMipsIndex(fx.store, { text: "zebra" })).total, 0);
  const before = await queryMipsIndex(fx.store, { text: "lamp", limit: 1 });
  await fx.write(
    `${M}/Zebra_v1.mips.json`,
    flat("Zebra_v1", { title: "zebra lamp lamp lamp lamp" }),
  );
  await fx.remove(`${M}/Lamp_title.mips.json`);
  await reindexLtm(fx.store, fx.dir);
  assertEquals((await queryMipsIndex(fx.store, { text: "zebra" })).total, 1);
  const after = await queryMipsIndex(fx.store, { text: "lamp", limit: 1 });
  assertEquals([before.results[0]?.module_id, after.results[0]?.module_id], [
    "Lamp_title",
    "Zebra_v1",
  ]);
  assertEquals(after.total, before.total);
});
