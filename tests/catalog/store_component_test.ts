import assert from "node:assert/strict";
import { copyStore } from "../../lib/store/copy.ts";
import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { ingestAuditLog } from "../../lib/catalog/ingest.ts";
import { remember } from "../../lib/catalog/remember.ts";
import { searchMemory } from "../../lib/catalog/search.ts";
import { CATALOG_COMPONENT } from "../../lib/catalog/store_component.ts";
import { STORE_COMPONENTS } from "../../lib/setup/store_components.ts";
import { withTempDir } from "../fixtures/temp_dir.ts";
import { cycleRecords, writeLog } from "./_logs.ts";

Deno.test("the catalog is a registered store component: it copies to another store and answers the same, full text rebuilt", async () => {
  assert(STORE_COMPONENTS.includes(CATALOG_COMPONENT));
  await withTempDir(async (dir) => {
    await writeLog(
      `${dir}/log.jsonl`,
      cycleRecords([{ id: "c-1", outcome: "COMPLETE", words: "brass lamp" }]),
    );
    await Deno.writeTextFile(`${dir}/lamp.md`, "# Lamp\nPolish the brass lamp weekly.");
    await using source = await openSqliteStore(`${dir}/a.db`);
    await using target = await openSqliteStore(`${dir}/b.db`);
    await ingestAuditLog(source, { file: `${dir}/log.jsonl` });
    await remember(source, `${dir}/lamp.md`);
    const report = await copyStore(source, target, [CATALOG_COMPONENT]);
    assert.deepEqual([report.ok, report.skipped], [true, []]);
    const [before, after] = await Promise.all(
      [source, target].map((store) => searchMemory(store, { text: "brass lamp" })),
    );
    assert.equal(before!.hits.length, 2);
    assert.deepEqual(after, before);
  }, "mb_catalog_copy_");
});
