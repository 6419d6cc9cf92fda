import assert from "node:assert/strict";
import { copyStore } from "../../lib/store/copy.ts";
import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { Image, IMAGE_COMPONENT, objectHistory } from "../../lib/image/mod.ts";
import { openTestStore } from "../fixtures/test_store.ts";
import { withTempDir } from "../fixtures/temp_dir.ts";

Deno.test("the image copies to another store: objects, every version and cycles, then commits go on", async () => {
  await withTempDir(async (dir) => {
    await using source = await openSqliteStore(`${dir}/a.db`);
    // PostgreSQL when the suite runs on it (MB_TEST_DATABASE_URL): the copy crosses backends.
    await using target = await openTestStore(`${dir}/b.db`);
    const image = await Image.open(source);
    await image.transaction((tx) => tx.create("a", { slots: { n: 0 }, parents: [] }));
    for (let i = 1; i <= 3; i++) await image.transaction((tx) => tx.set("a", "n", i));
    const report = await copyStore(source, target, [IMAGE_COMPONENT]);
    assert.deepEqual([report.ok, report.skipped], [true, []]);
    const copy = await Image.open(target);
    assert.deepEqual(
      (await objectHistory(copy, "a")).versions.map((v) => v.version),
      [1, 2, 3, 4],
    );
    await copy.transaction((tx) => tx.set("a", "n", 5));
    assert.deepEqual([(await copy.get("a")).version, (await copy.get("a")).slots.n], [5, 5]);
  }, "mb_image_copy_");
});
