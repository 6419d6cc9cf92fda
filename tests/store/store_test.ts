import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { openStore } from "../../lib/store/open.ts";
import { assert, assertEquals, assertKitError, assertRejects } from "../_assert.ts";

/** Rows come back without a prototype (safe to index by column name); compare as plain objects. */
const plain = <R extends object>(rows: R[] | R | undefined) =>
  Array.isArray(rows) ? rows.map((r) => ({ ...r })) : rows === undefined ? undefined : { ...rows };

const T = "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)";

async function tempDb(): Promise<{ dir: string; path: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "mb_store_" });
  return {
    dir,
    path: `${dir}/kit.db`,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test("transaction() commits work that spans awaits, and read() sees it", async () => {
  await using db = await tempDb();
  await using store = await openSqliteStore(db.path);
  await store.migrate("t", [T]);
  await store.transaction(async (tx) => {
    await tx.run("INSERT INTO t VALUES (?, ?)", ["a", 1]);
    await new Promise((r) => setTimeout(r, 5));
    await tx.run("INSERT INTO t VALUES (?, ?)", ["b", 2]);
  });
  assertEquals(plain(await store.read((tx) => tx.all("SELECT k, v FROM t ORDER BY k"))), [
    { k: "a", v: 1 },
    { k: "b", v: 2 },
  ]);
});

Deno.test("read() outside a running transaction sees only committed rows", async () => {
  await using db = await tempDb();
  await using store = await openSqliteStore(db.path);
  await store.migrate("t", [T]);
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  let inserted!: () => void;
  const insertedP = new Promise<void>((r) => inserted = r);
  const writing = store.transaction(async (tx) => {
    await tx.run("INSERT INTO t VALUES ('a', 1)");
    inserted();
    await gate;
  });
  await insertedP;
  assertEquals(plain(await store.read((tx) => tx.all("SELECT k FROM t"))), []);
  release();
  await writing;
  assertEquals(plain(await store.read((tx) => tx.all("SELECT k FROM t"))), [{ k: "a" }]);
});

Deno.test("transactions of one process run one at a time, in call order", async () => {
  await using store = await openSqliteStore(":memory:");
  await store.migrate("t", [T]);
  const order: string[] = [];
  await Promise.all(["a", "b", "c"].map((k, i) =>
    store.transaction(async (tx) => {
      order.push(`start ${k}`);
      await new Promise((r) => setTimeout(r, 10 - i * 4));
      await tx.run("INSERT INTO t VALUES (?, ?)", [k, i]);
      order.push(`end ${k}`);
    })
  ));
  assertEquals(order, ["start a", "end a", "start b", "end b", "start c", "end c"]);
});

Deno.test("a nested transaction is a savepoint: its failure rolls back only its own work", async () => {
  await using store = await openSqliteStore(":memory:");
  await store.migrate("t", [T]);
  await store.transaction(async (tx) => {
    await tx.run("INSERT INTO t VALUES ('outer', 1)");
    await assertRejects(
      () =>
        store.transaction(async (inner) => {
          await inner.run("INSERT INTO t VALUES ('inner', 2)");
          throw new Error("inner fails");
        }),
      Error,
    );
    assertEquals(plain(await store.read((r) => r.all("SELECT k FROM t"))), [{ k: "outer" }]);
  });
  assertEquals(plain(await store.read((tx) => tx.all("SELECT k FROM t"))), [{ k: "outer" }]);
});

Deno.test("an aborted signal rolls the transaction back instead of committing", async () => {
  await using store = await openSqliteStore(":memory:");
  await store.migrate("t", [T]);
  const controller = new AbortController();
  await assertRejects(
    () =>
      store.transaction(async (tx) => {
        await tx.run("INSERT INTO t VALUES ('a', 1)");
        controller.abort(new Error("cancelled"));
      }, { signal: controller.signal }),
    (e) => (e as Error).message === "cancelled",
  );
  assertEquals(plain(await store.read((tx) => tx.all("SELECT k FROM t"))), []);
});

Deno.test("a Tx used after its transaction ended throws a TypeError", async () => {
  await using store = await openSqliteStore(":memory:");
  await store.migrate("t", [T]);
  const leaked = await store.transaction((tx) => Promise.resolve(tx));
  await assertRejects(async () => await leaked.run("INSERT INTO t VALUES ('x', 1)"), TypeError);
});

Deno.test("writing inside read() is refused", async () => {
  await using store = await openSqliteStore(":memory:");
  await store.migrate("t", [T]);
  await assertRejects(
    () => store.read(() => store.transaction((tx) => tx.run("INSERT INTO t VALUES ('a', 1)"))),
    TypeError,
  );
});

Deno.test("migrate() runs each step once, also when two stores migrate one file", async () => {
  await using db = await tempDb();
  const steps = [T, "ALTER TABLE t ADD COLUMN note TEXT"];
  await using a = await openSqliteStore(db.path);
  await using b = await openSqliteStore(db.path);
  const [va, vb] = await Promise.all([a.migrate("t", steps), b.migrate("t", steps)]);
  assertEquals([va, vb], [2, 2]);
  assertEquals(await a.migrate("t", steps), 2);
  await a.transaction((tx) => tx.run("INSERT INTO t VALUES ('a', 1, 'n')"));
});

Deno.test("a migration with no SQLite form fails with STORE_UNSUPPORTED", async () => {
  await using store = await openSqliteStore(":memory:");
  await assertKitError(
    () => store.migrate("pg_only", [{ postgres: "CREATE TABLE x (y int)" }]),
    "STORE_UNSUPPORTED",
  );
});

Deno.test("runMany() inserts every row in one call", async () => {
  await using store = await openSqliteStore(":memory:");
  await store.migrate("t", [T]);
  const n = await store.transaction((tx) =>
    tx.runMany("INSERT INTO t VALUES (?, ?)", Array.from({ length: 100 }, (_, i) => [`k${i}`, i]))
  );
  assertEquals(n, 100);
  assertEquals(
    plain(await store.read((tx) => tx.get("SELECT count(*) AS n, sum(v) AS s FROM t"))),
    { n: 100, s: 4950 },
  );
});

Deno.test("a write waits for another process's lock, then fails with STORE_BUSY", async () => {
  await using db = await tempDb();
  await using store = await openSqliteStore(db.path, { busy_timeout_ms: 300 });
  await store.migrate("t", [T]);
  const holder = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { DatabaseSync } from "node:sqlite";
       const db = new DatabaseSync(${JSON.stringify(db.path)});
       db.exec("BEGIN IMMEDIATE"); console.log("locked");
       await new Promise((r) => setTimeout(r, 5000));`,
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    const reader = holder.stdout.getReader();
    const { value } = await reader.read();
    assert(new TextDecoder().decode(value).includes("locked"));
    reader.releaseLock();
    // A busy wait that blocked the event loop would reject before this zero-delay timer fires.
    let timerFired = false;
    const busy = store.transaction((tx) => tx.run("INSERT INTO t VALUES ('a', 1)"));
    setTimeout(() => timerFired = true, 0);
    await assertKitError(() => busy, "STORE_BUSY");
    assert(timerFired, "the event loop kept running while waiting for the lock");
  } finally {
    holder.kill("SIGKILL");
    await holder.status;
    await holder.stdout.cancel().catch(() => {});
  }
  await store.transaction((tx) => tx.run("INSERT INTO t VALUES ('a', 1)"));
});

Deno.test("a process killed mid-transaction loses nothing committed and leaves nothing half-done", async () => {
  await using db = await tempDb();
  await using store = await openSqliteStore(db.path);
  await store.migrate("t", [T]);
  await store.transaction((tx) => tx.run("INSERT INTO t VALUES ('kept', 1)"));
  const url = new URL("../../lib/store/sqlite_store.ts", import.meta.url).href;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { openSqliteStore } from ${JSON.stringify(url)};
       const store = await openSqliteStore(${JSON.stringify(db.path)});
       await store.transaction(async (tx) => {
         await tx.run("INSERT INTO t VALUES ('lost', 2)");
         console.log("inside");
         await new Promise((r) => setTimeout(r, 10000));
       });`,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  assert(new TextDecoder().decode(value).includes("inside"));
  reader.releaseLock();
  child.kill("SIGKILL");
  await child.status;
  await child.stdout.cancel().catch(() => {});
  assertEquals(plain(await store.read((tx) => tx.all("SELECT k FROM t"))), [{ k: "kept" }]);
  await store.transaction((tx) => tx.run("INSERT INTO t VALUES ('after', 3)"));
});

Deno.test("openStore() refuses a database URL it cannot serve with a code", async () => {
  await assertKitError(
    () => openStore({ sqlite_path: ":memory:", database_url: "mysql://x" }),
    "STORE_UNSUPPORTED",
  );
});
