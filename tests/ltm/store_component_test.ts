import { assertEquals } from "../_assert.ts";
import { copyStore } from "../../lib/store/copy.ts";
import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { getMipsDelta } from "../../lib/ltm/get.ts";
import { queryMipsIndex } from "../../lib/ltm/query.ts";
import { reindexLtm } from "../../lib/ltm/reindex.ts";
import { LTM_COMPONENT } from "../../lib/ltm/store_component.ts";
import { flat, ltmFixture } from "../fixtures/ltm_fixture.ts";
import { openTestStore } from "../fixtures/test_store.ts";
import { withTempDir } from "../fixtures/temp_dir.ts";

Deno.test("the LTM index copies to another store and answers the same, full text rebuilt", async () => {
  await using fx = await ltmFixture({
    "deltas/2026-01/Lamp_v1.mips.json": flat("Lamp_v1", { title: "brass lamp", status: "ACTIVE" }),
    "deltas/2026-01/Lamp_v2.mips.json": flat("Lamp_v2", { title: "lamp", supersedes: "Lamp_v1" }),
  });
  await withTempDir(async (dir) => {
    await using source = await openSqliteStore(`${dir}/a.db`);
    // PostgreSQL when the suite runs on it (MB_TEST_DATABASE_URL): the copy crosses backends.
    await using target = await openTestStore(`${dir}/b.db`);
    await reindexLtm(source, fx.dir);
    const report = await copyStore(source, target, [LTM_COMPONENT]);
    assertEquals([report.ok, report.skipped], [true, []]);
    for (const store of [source, target]) {
      const hits = await queryMipsIndex(store, { text: "brass" });
      assertEquals(hits.results.map((h) => h.module_id), ["Lamp_v1"]);
      assertEquals((await getMipsDelta(store, "Lamp_v1")).posture, "HISTORICAL");
    }
  }, "mb_ltm_copy_");
});
