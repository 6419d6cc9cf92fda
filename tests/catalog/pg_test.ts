/**
 * The catalog on PostgreSQL: ingest, remember and search on a PG store, and a
 * copy from SQLite that answers the same (skipped where PostgreSQL is absent).
 */
import assert from "node:assert/strict";
import { copyStore } from "../../lib/store/copy.ts";
import { openPgStore } from "../../lib/store/pg_store.ts";
import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { ingestAuditLog } from "../../lib/catalog/ingest.ts";
import { iterateRecords } from "../../lib/catalog/records.ts";
import { remember } from "../../lib/catalog/remember.ts";
import { searchMemory } from "../../lib/catalog/search.ts";
import { CATALOG_COMPONENT } from "../../lib/catalog/store_component.ts";
import { pgUnavailable, startPgCluster } from "../fixtures/pg_cluster.ts";
import { withTempDir } from "../fixtures/temp_dir.ts";
import { cycleRecords, writeLog } from "./_logs.ts";

const unavailable = await pgUnavailable();

Deno.test({
  name:
    "the catalog ingests, remembers and searches on PostgreSQL, and a copy from SQLite answers the same",
  ignore: unavailable !== undefined,
  async fn() {
    await using cluster = await startPgCluster();
    await withTempDir(async (dir) => {
      await writeLog(
        `${dir}/log.jsonl`,
        cycleRecords([
          { id: "c-1", outcome: "COMPLETE", words: "brass lamp polish" },
          { id: "c-2", outcome: "FAILED", words: "copper kettle", persona: "BRICK" },
        ]),
      );
      await Deno.writeTextFile(`${dir}/lamp.md`, "# Lamp\nPolish the brass lamp weekly.");
      await using pg = await openPgStore(await cluster.createDatabase());
      const first = await ingestAuditLog(pg, { file: `${dir}/log.jsonl` });
      assert.deepEqual([
        first.added,
        (await ingestAuditLog(pg, { file: `${dir}/log.jsonl` })).added,
      ], [10, 0]);
      await remember(pg, `${dir}/lamp.md`);
      const found = await searchMemory(pg, { text: "brass lamp" });
      assert.deepEqual(found.hits.map((h) => h.kind).sort(), ["chunk", "record"]);
      const prefix = await searchMemory(pg, {
        text: "kett*",
        persona: "BRICK",
        source: "log.jsonl",
      });
      assert.deepEqual(prefix.hits.map((h) => h.cycle_id), ["c-2"]);
      const any = await searchMemory(pg, { text: "copper lamp", match: "any", kind: "record" });
      assert.equal(any.hits.length, 2);
      let failed = 0;
      for await (const _ of iterateRecords(pg, { outcome: "FAILED" })) failed++;
      assert.equal(failed, 5);

      await using sqlite = await openSqliteStore(`${dir}/a.db`);
      await ingestAuditLog(sqlite, { file: `${dir}/log.jsonl` });
      await remember(sqlite, `${dir}/lamp.md`);
      await using target = await openPgStore(await cluster.createDatabase());
      const report = await copyStore(sqlite, target, [CATALOG_COMPONENT]);
      assert(report.ok);
      const ids = async (store: typeof sqlite | typeof target) =>
        (await searchMemory(store, { text: "brass lamp" })).hits.map((h) => h.id).sort();
      assert.deepEqual(await ids(target), await ids(sqlite));
      // Ids continue past the copied ones.
      await writeLog(
        `${dir}/more.jsonl`,
        cycleRecords([{ id: "c-3", outcome: "COMPLETE", words: "tin" }]),
      );
      assert.equal((await ingestAuditLog(target, { file: `${dir}/more.jsonl` })).added, 5);
    }, "mb_catalog_pg_");
  },
});
