import assert from "node:assert/strict";
import { openStore } from "../../lib/store/open.ts";
import { freshStoreLocation, openTestStore, testBackend } from "../fixtures/test_store.ts";
import {
  diffVersions,
  Image,
  lookupSlot,
  objectAt,
  objectHistory,
  undoObject,
} from "../../lib/image/mod.ts";

async function memoryImage() {
  const store = await openTestStore();
  return { store, image: await Image.open(store) };
}

Deno.test("every committed version of an object is kept and readable by version and by time", async () => {
  const { store, image } = await memoryImage();
  try {
    await image.transaction((tx) => tx.create("a", { slots: { n: 0 }, parents: [] }));
    for (let i = 1; i <= 3; i++) await image.transaction((tx) => tx.set("a", "n", i));
    const history = await objectHistory(image, "a");
    assert.deepEqual(history.versions.map((v) => v.version), [1, 2, 3, 4]);
    for (let v = 1; v <= 4; v++) {
      assert.equal((await objectAt(image, "a", { version: v })).slots.n, v - 1);
    }
    assert.equal((await objectAt(image, "a", { time: "2999-01-01T00:00:00Z" })).slots.n, 3);
    await assert.rejects(objectAt(image, "a", { time: "2000-01-01T00:00:00Z" }), {
      code: "IMAGE_VERSION_NOT_FOUND",
    });
    await assert.rejects(objectAt(image, "a", { version: 9 }), { code: "IMAGE_VERSION_NOT_FOUND" });
  } finally {
    await store.close();
  }
});

Deno.test("diffVersions names added, removed and changed slots and changed parents", async () => {
  const { store, image } = await memoryImage();
  try {
    await image.transaction((tx) => tx.create("a", { slots: { x: 1, y: 2 }, parents: [] }));
    await image.transaction(async (tx) => {
      await tx.remove("a", "x");
      await tx.set("a", "y", 3);
      await tx.set("a", "z", [1]);
      await tx.setParents("a", ["p"]);
    });
    const diff = await diffVersions(image, "a", 1, 2);
    assert.deepEqual(diff.slots, [
      { slot: "x", change: "removed", before: 1, after: null },
      { slot: "y", change: "changed", before: 2, after: 3 },
      { slot: "z", change: "added", before: null, after: [1] },
    ]);
    assert.deepEqual(diff.parents, { before: [], after: ["p"] });
  } finally {
    await store.close();
  }
});

Deno.test("undo writes a new version equal to the restored one, and is itself undoable", async () => {
  const { store, image } = await memoryImage();
  try {
    await image.transaction((tx) => tx.create("a", { slots: { n: 1 }, parents: [] }));
    await image.transaction((tx) => tx.set("a", "n", 2));
    await image.transaction((tx) => tx.set("a", "m", true));
    const undo = await undoObject(image, "a", 1);
    assert.deepEqual([undo.restored_version, undo.new_version], [1, 4]);
    assert.deepEqual((await image.get("a")).slots, { n: 1 });
    assert.deepEqual(undo.diff.slots.map((s) => s.slot), ["m", "n"]);
    await undoObject(image, "a");
    assert.deepEqual((await image.get("a")).slots, { n: 2, m: true });
    assert.equal((await objectHistory(image, "a")).versions.at(-1)?.kind, "undo");
    await image.transaction((tx) => tx.create("b", { slots: {}, parents: [] }));
    await assert.rejects(undoObject(image, "b"), { code: "IMAGE_NOTHING_TO_UNDO" });
  } finally {
    await store.close();
  }
});

Deno.test("a transaction that throws commits nothing, and a signal aborts before the commit", async () => {
  const { store, image } = await memoryImage();
  try {
    await image.transaction((tx) => tx.create("a", { slots: { n: 1 }, parents: [] }));
    await assert.rejects(
      image.transaction(async (tx) => {
        await tx.set("a", "n", 2);
        throw new Error("no");
      }),
      { message: "no" },
    );
    const controller = new AbortController();
    await assert.rejects(
      image.transaction(async (tx) => {
        await tx.set("a", "n", 3);
        controller.abort();
      }, { signal: controller.signal }),
      { code: "CANCELLED" },
    );
    const a = await image.get("a");
    assert.deepEqual([a.version, a.slots.n], [1, 1]);
  } finally {
    await store.close();
  }
});

Deno.test("two writers of one slot: the second commit fails with IMAGE_CONFLICT, nothing is overwritten", async () => {
  const { store, image } = await memoryImage();
  try {
    await image.transaction((tx) => tx.create("a", { slots: { n: 0 }, parents: [] }));
    const first = image.begin();
    const second = image.begin();
    await first.set("a", "n", ((await first.slot("a", "n")) as number) + 1);
    await second.set("a", "n", ((await second.slot("a", "n")) as number) + 10);
    await image.commit(first, { kind: "commit", note: null, cycle_id: null });
    await assert.rejects(image.commit(second, { kind: "commit", note: null, cycle_id: null }), {
      code: "IMAGE_CONFLICT",
    });
    const a = await image.get("a");
    assert.deepEqual([a.version, a.slots.n], [2, 1]);
  } finally {
    await store.close();
  }
});

Deno.test("two writers of different slots of one object both commit (rebased on the newer version)", async () => {
  const { store, image } = await memoryImage();
  try {
    await image.transaction((tx) => tx.create("a", { slots: { x: 0, y: 0 }, parents: [] }));
    const first = image.begin();
    const second = image.begin();
    await first.set("a", "x", ((await first.slot("a", "x")) as number) + 1);
    await second.set("a", "y", ((await second.slot("a", "y")) as number) + 1);
    await image.commit(first, { kind: "commit", note: null, cycle_id: null });
    await image.commit(second, { kind: "commit", note: null, cycle_id: null });
    const a = await image.get("a");
    assert.deepEqual([a.version, a.slots], [3, { x: 1, y: 1 }]);
    assert.equal((await objectHistory(image, "a")).versions.length, 3);
  } finally {
    await store.close();
  }
});

Deno.test("a reader of the whole object conflicts with any concurrent change; retries re-run the work", async () => {
  const { store, image } = await memoryImage();
  try {
    await image.transaction((tx) => tx.create("c", { slots: { n: 0 }, parents: [] }));
    const increment = () =>
      image.transaction(async (tx) => {
        const c = await tx.get("c");
        await new Promise((r) => setTimeout(r, 5)); // let the other writers read the same version
        await tx.set("c", "n", (c.slots.n as number) + 1);
      }, { retries: 20 });
    await Promise.all(Array.from({ length: 8 }, increment));
    assert.equal((await image.get("c")).slots.n, 8);
    assert.equal((await objectHistory(image, "c")).versions.length, 9);
  } finally {
    await store.close();
  }
});

Deno.test("creating an object another transaction created first fails with IMAGE_EXISTS", async () => {
  const { store, image } = await memoryImage();
  try {
    const first = image.begin();
    const second = image.begin();
    await first.create("a", { slots: { by: 1 }, parents: [] });
    await second.create("a", { slots: { by: 2 }, parents: [] });
    await image.commit(first, { kind: "commit", note: null, cycle_id: null });
    await assert.rejects(image.commit(second, { kind: "commit", note: null, cycle_id: null }), {
      code: "IMAGE_EXISTS",
    });
    assert.equal((await image.get("a")).slots.by, 1);
  } finally {
    await store.close();
  }
});

Deno.test("lookup searches the own slot, then each parent depth-first in list order, once each", async () => {
  const { store, image } = await memoryImage();
  try {
    await image.transaction(async (tx) => {
      await tx.create("root", { slots: { s: "root", t: "root" }, parents: [] });
      await tx.create("left", { slots: {}, parents: ["root", "right"] });
      await tx.create("right", { slots: { s: "right", u: "right" }, parents: ["left"] });
      await tx.create("obj", { slots: { own: 1 }, parents: ["left", "right", "missing"] });
    });
    assert.deepEqual(await image.lookup("obj", "own"), { holder: "obj", value: 1 });
    assert.deepEqual(await image.lookup("obj", "s"), { holder: "root", value: "root" });
    assert.deepEqual(await image.lookup("obj", "u"), { holder: "right", value: "right" });
    assert.equal(await image.lookup("obj", "nothing"), undefined); // the left<->right cycle ends
    const tx = image.begin();
    assert.deepEqual(await lookupSlot(tx, "obj", "t"), { holder: "root", value: "root" });
  } finally {
    await store.close();
  }
});

Deno.test("invalid ids, slot names and values are refused with codes", async () => {
  const { store, image } = await memoryImage();
  try {
    await assert.rejects(image.transaction((tx) => tx.create("1bad", { slots: {}, parents: [] })), {
      code: "IMAGE_BAD_OID",
    });
    await image.transaction((tx) => tx.create("a", { slots: {}, parents: [] }));
    await assert.rejects(image.transaction((tx) => tx.set("a", "parents", [])), {
      code: "IMAGE_BAD_SLOT",
    });
    await assert.rejects(image.transaction((tx) => tx.set("a", "x", { f: NaN })), {
      code: "IMAGE_NOT_JSON",
    });
    await assert.rejects(image.get("nope"), { code: "IMAGE_NOT_FOUND" });
  } finally {
    await store.close();
  }
});

Deno.test("two processes incrementing one counter in one image lose no update", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const location = await freshStoreLocation(`${dir}/image.db`);
    const store = await openStore(location);
    const image = await Image.open(store);
    await image.transaction((tx) => tx.create("c", { slots: { n: 0 }, parents: [] }));
    await store.close();
    const script = `
      import { openStore } from "${new URL("../../lib/store/open.ts", import.meta.url)}";
      import { Image } from "${new URL("../../lib/image/image.ts", import.meta.url)}";
      const store = await openStore(JSON.parse(Deno.args[0]));
      const image = await Image.open(store);
      for (let i = 0; i < 25; i++) {
        await image.transaction(async (tx) => {
          const c = await tx.get("c");
          await tx.set("c", "n", c.slots.n + 1);
        }, { retries: 1000 });
      }
      await store.close();`;
    const run = () =>
      new Deno.Command(Deno.execPath(), {
        args: ["eval", "--no-check", script, JSON.stringify(location)],
        stdout: "null",
        stderr: "piped",
      }).output();
    const results = await Promise.all([run(), run()]);
    for (const r of results) assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    const again = await openStore(location);
    try {
      const c = await (await Image.open(again)).get("c");
      assert.deepEqual([c.slots.n, c.version], [50, 51]);
    } finally {
      await again.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "a commit while another process holds the write lock past the busy timeout fails with IMAGE_LOCKED",
  ignore: testBackend !== "sqlite", // holds SQLite's file lock; PostgreSQL's row locks: tests/store
}, async () => {
  const dir = await Deno.makeTempDir();
  const { DatabaseSync } = await import("node:sqlite");
  const db = `${dir}/image.db`;
  const store = await openStore({ sqlite_path: db }, { busy_timeout_ms: 150 });
  const other = new DatabaseSync(db);
  try {
    const image = await Image.open(store);
    await image.transaction((tx) => tx.create("a", { slots: { n: 1 }, parents: [] }));
    other.exec("BEGIN IMMEDIATE");
    await assert.rejects(image.transaction((tx) => tx.set("a", "n", 2)), { code: "IMAGE_LOCKED" });
    other.exec("ROLLBACK");
    await image.transaction((tx) => tx.set("a", "n", 3));
    assert.equal((await image.get("a")).slots.n, 3);
  } finally {
    other.close();
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a blind write applies on top of the version current at commit; on a missing object it fails with IMAGE_NOT_FOUND", async () => {
  const { store, image } = await memoryImage();
  try {
    await image.transaction((tx) => tx.create("a", { slots: { x: 0, y: 0 }, parents: [] }));
    const blind = image.begin();
    await blind.set("a", "x", 1);
    await image.transaction((tx) => tx.set("a", "y", 2)); // committed meanwhile
    assert.deepEqual((await blind.get("a")).slots, { x: 1, y: 2 }); // reading merges the write
    await image.commit(blind, { kind: "commit", note: null, cycle_id: null });
    assert.deepEqual((await image.get("a")).slots, { x: 1, y: 2 });
    await assert.rejects(image.transaction((tx) => tx.set("missing", "x", 1)), {
      code: "IMAGE_NOT_FOUND",
    });
  } finally {
    await store.close();
  }
});

Deno.test("two processes' images seed the same objects together: both succeed, each object made once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const location = await freshStoreLocation(`${dir}/image.db`);
    const stores = await Promise.all([openStore(location), openStore(location)]);
    try {
      const images = await Promise.all(stores.map((s) => Image.open(s)));
      const objects = Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [`seed_${i}`, { slots: { i }, parents: [] }]),
      );
      const created = await Promise.all(images.map((image) => image.ensure(objects)));
      assert.deepEqual(created.flat().sort(), Object.keys(objects).sort());
    } finally {
      for (const store of stores) await store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
