/**
 * The store seam's behaviour, as cases that run on SQLite and on PostgreSQL.
 *
 * @module
 */
import { assertEquals, assertKitError, assertRejects } from "../_assert.ts";
import {
  type Backend,
  importLine,
  plain,
  runChild,
  runUntilFirstLineThenKill,
  type StoreCase,
} from "./_backends.ts";

const T = "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)";

async function withTable(backend: Backend) {
  const db = await backend.fresh();
  const store = await db.open();
  await store.migrate("t", [T]);
  return { db, store };
}

/** Every case of the seam that does not depend on the backend. */
export const storeCases: StoreCase[] = [
  {
    name: "transaction() commits work that spans awaits, and read() sees it",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
      await store.transaction(async (tx) => {
        await tx.run("INSERT INTO t VALUES (?, ?)", ["a", 1]);
        await new Promise((r) => setTimeout(r, 5));
        await tx.run("INSERT INTO t VALUES (?, ?)", ["b", 2]);
      });
      assertEquals(plain(await store.read((tx) => tx.all("SELECT k, v FROM t ORDER BY k"))), [
        { k: "a", v: 1 },
        { k: "b", v: 2 },
      ]);
    },
  },
  {
    name: "read() outside a running transaction sees only committed rows",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
      const gate = Promise.withResolvers<void>();
      const inserted = Promise.withResolvers<void>();
      const writing = store.transaction(async (tx) => {
        await tx.run("INSERT INTO t VALUES ('a', 1)");
        inserted.resolve();
        await gate.promise;
      });
      await inserted.promise;
      assertEquals(plain(await store.read((tx) => tx.all("SELECT k FROM t"))), []);
      gate.resolve();
      await writing;
      assertEquals(plain(await store.read((tx) => tx.all("SELECT k FROM t"))), [{ k: "a" }]);
    },
  },
  {
    name: "read() sees one snapshot even while another store commits",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
      const other = await db.open();
      await store.transaction((tx) => tx.run("INSERT INTO t VALUES ('a', 1)"));
      const counts = await store.read(async (tx) => {
        const first = await tx.get<{ n: number }>("SELECT count(*) AS n FROM t");
        await other.transaction((w) => w.run("INSERT INTO t VALUES ('b', 2)"));
        const second = await tx.get<{ n: number }>("SELECT count(*) AS n FROM t");
        return [first?.n, second?.n];
      });
      assertEquals(counts, [1, 1]);
      assertEquals(
        plain(await store.read((tx) => tx.get("SELECT count(*) AS n FROM t"))),
        { n: 2 },
      );
    },
  },
  {
    name: "transactions of one process run one at a time, in call order",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
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
    },
  },
  {
    name: "a nested transaction is a savepoint: its failure rolls back only its own work",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
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
    },
  },
  {
    name: "a statement that fails inside a nested transaction leaves the outer one usable",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
      await store.transaction(async (tx) => {
        await tx.run("INSERT INTO t VALUES ('a', 1)");
        await assertRejects(
          () => store.transaction((inner) => inner.run("INSERT INTO t VALUES ('a', 2)")),
          (e) => !(e instanceof TypeError) && /unique|duplicate/i.test(String(e)),
        );
        await tx.run("INSERT INTO t VALUES ('b', 2)");
      });
      assertEquals(plain(await store.read((tx) => tx.all("SELECT k, v FROM t ORDER BY k"))), [
        { k: "a", v: 1 },
        { k: "b", v: 2 },
      ]);
    },
  },
  {
    name: "an aborted signal rolls the transaction back instead of committing",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
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
    },
  },
  {
    name: "a Tx used after its transaction ended throws a TypeError",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
      const leaked = await store.transaction((tx) => Promise.resolve(tx));
      await assertRejects(async () => await leaked.run("INSERT INTO t VALUES ('x', 1)"), TypeError);
    },
  },
  {
    name: "writing inside read() is refused",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
      await assertRejects(
        () => store.read(() => store.transaction((tx) => tx.run("INSERT INTO t VALUES ('a', 1)"))),
        TypeError,
      );
    },
  },
  {
    name: "migrate() runs each step once, also when two stores migrate one database at once",
    async fn(backend) {
      await using db = await backend.fresh();
      const steps = [T, "ALTER TABLE t ADD COLUMN note TEXT"];
      const a = await db.open();
      const b = await db.open();
      const [va, vb] = await Promise.all([a.migrate("t", steps), b.migrate("t", steps)]);
      assertEquals([va, vb], [2, 2]);
      assertEquals(await a.migrate("t", steps), 2);
      await a.transaction((tx) => tx.run("INSERT INTO t VALUES ('a', 1, 'n')"));
    },
  },
  {
    name: "a migration with no form for the store's dialect fails with STORE_UNSUPPORTED",
    async fn(backend) {
      await using db = await backend.fresh();
      const store = await db.open();
      const other = backend.name === "sqlite" ? "postgres" : "sqlite";
      await assertKitError(
        () => store.migrate("elsewhere", [{ [other]: "CREATE TABLE x (y int)" }]),
        "STORE_UNSUPPORTED",
      );
    },
  },
  {
    name: "a migration may give each dialect its own SQL",
    async fn(backend) {
      await using db = await backend.fresh();
      const store = await db.open();
      await store.migrate("blob", [{
        sqlite: "CREATE TABLE b (id INTEGER PRIMARY KEY, data BLOB NOT NULL)",
        postgres: "CREATE TABLE b (id INTEGER PRIMARY KEY, data BYTEA NOT NULL)",
      }]);
      await store.transaction((tx) =>
        tx.run("INSERT INTO b VALUES (?, ?)", [1, new Uint8Array([0, 255])])
      );
      const row = await store.read((tx) => tx.get<{ data: Uint8Array }>("SELECT data FROM b"));
      assertEquals([...row!.data], [0, 255]);
    },
  },
  {
    name: "values come back as the same JavaScript types on every backend",
    async fn(backend) {
      await using db = await backend.fresh();
      const store = await db.open();
      await store.migrate("v", [
        "CREATE TABLE v (i INTEGER, big BIGINT, r DOUBLE PRECISION, s TEXT, n TEXT)",
      ]);
      const values = [42, 2 ** 53 - 1, 1.5, 'it\'s a ? and a "quote"', null];
      await store.transaction((tx) => tx.run("INSERT INTO v VALUES (?, ?, ?, ?, ?)", values));
      const row = await store.read((tx) =>
        tx.get(
          "SELECT i, big, r, s, n, count(*) AS c, sum(i) AS total FROM v GROUP BY i, big, r, s, n",
        )
      );
      assertEquals(plain(row), {
        i: 42,
        big: 2 ** 53 - 1,
        r: 1.5,
        s: 'it\'s a ? and a "quote"',
        n: null,
        c: 1,
        total: 42,
      });
    },
  },
  {
    name: "a ? inside a string literal or a quoted name is text, not a placeholder",
    async fn(backend) {
      await using db = await backend.fresh();
      const store = await db.open();
      const row = await store.read((tx) =>
        tx.get(`SELECT 'why?' AS "q?", ? AS p /* ? */ -- ?\n`, ["x"])
      );
      assertEquals(plain(row), { "q?": "why?", p: "x" });
    },
  },
  {
    name: "run() counts the rows it changed, and INSERT … RETURNING gives the new key",
    async fn(backend) {
      await using db = await backend.fresh();
      const store = await db.open();
      await store.migrate("r", [{
        sqlite: "CREATE TABLE r (id INTEGER PRIMARY KEY, s TEXT)",
        postgres: "CREATE TABLE r (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, s TEXT)",
      }]);
      const ids = await store.transaction(async (tx) => [
        await tx.get<{ id: number }>("INSERT INTO r (s) VALUES (?) RETURNING id", ["a"]),
        await tx.get<{ id: number }>("INSERT INTO r (s) VALUES (?) RETURNING id", ["b"]),
      ]);
      assertEquals(ids.map((r) => r?.id), [1, 2]);
      const result = await store.transaction((tx) => tx.run("UPDATE r SET s = 'z'"));
      assertEquals(result.changes, 2);
    },
  },
  {
    name: "runMany() inserts every row in one call, in bulk or row by row",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
      const rows = Array.from({ length: 2500 }, (_, i) => [`k${i}`, i]);
      const n = await store.transaction((tx) => tx.runMany("INSERT INTO t VALUES (?, ?)", rows));
      assertEquals(n, 2500);
      const again = await store.transaction((tx) =>
        tx.runMany("INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT DO NOTHING", [["k1", 0], [
          "new",
          1,
        ], ["new", 2]])
      );
      assertEquals(again, 1);
      const bumped = await store.transaction((tx) =>
        tx.runMany("UPDATE t SET v = v + ? WHERE k = ?", [[1, "k0"], [1, "k0"], [1, "nope"]])
      );
      assertEquals(bumped, 2);
      assertEquals(
        plain(await store.read((tx) => tx.get("SELECT count(*) AS n, sum(v) AS s FROM t"))),
        { n: 2501, s: 2499 * 2500 / 2 + 1 + 2 },
      );
    },
  },
  {
    name: "a process killed mid-transaction loses nothing committed and leaves nothing half-done",
    async fn(backend) {
      const { db, store } = await withTable(backend);
      await using _ = db;
      await store.transaction((tx) => tx.run("INSERT INTO t VALUES ('kept', 1)"));
      const line = await runUntilFirstLineThenKill(
        `${importLine("openStore", "../../lib/store/open.ts")}
         const store = await openStore(${JSON.stringify(db.location)});
         await store.transaction(async (tx) => {
           await tx.run("INSERT INTO t VALUES ('lost', 2)");
           console.log("inside");
           await new Promise((r) => setTimeout(r, 10000));
         });`,
      );
      assertEquals(line, "inside");
      assertEquals(plain(await store.read((tx) => tx.all("SELECT k FROM t"))), [{ k: "kept" }]);
      await store.transaction((tx) => tx.run("INSERT INTO t VALUES ('after', 3)"));
    },
  },
  {
    name: "agents in two processes changing shared rows lose no update and leave a gapless history",
    async fn(backend) {
      await using db = await backend.fresh();
      const store = await db.open();
      await store.migrate("counters", [
        "CREATE TABLE counters (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
        "CREATE TABLE counter_history (id INTEGER NOT NULL, version INTEGER NOT NULL, " +
        "agent TEXT NOT NULL, PRIMARY KEY (id, version))",
      ]);
      await store.transaction((tx) =>
        tx.runMany("INSERT INTO counters VALUES (?, 0)", [[1], [2], [3]])
      );
      const [AGENTS, WRITES] = [4, 15];
      const agents = (name: string) =>
        `${importLine("openStore", "../../lib/store/open.ts")}
         const store = await openStore(${JSON.stringify(db.location)}, { busy_timeout_ms: 60000 });
         let conflicts = 0;
         await Promise.all(Array.from({ length: ${AGENTS} }, async (_, a) => {
           for (let i = 0; i < ${WRITES}; i++) {
             const id = 1 + ((a + i) % 3);
             let attempt = 0;
             await store.transaction(async (tx) => {
               if (attempt++ > 0) conflicts++;
               const row = await tx.get("SELECT version FROM counters WHERE id = ?", [id]);
               await new Promise((r) => setTimeout(r, 1));
               const next = row.version + 1;
               await tx.run("UPDATE counters SET version = ? WHERE id = ?", [next, id]);
               await tx.run("INSERT INTO counter_history VALUES (?, ?, ?)", [id, next, "${name}" + a]);
             }, { retries: 1000 });
           }
         }));
         await store.close();
         console.log(conflicts);`;
      await Promise.all([runChild(agents("p")), runChild(agents("q"))]);
      const total = 2 * AGENTS * WRITES;
      const counters = await store.read((tx) =>
        tx.all<{ id: number; version: number; n: number; top: number }>(
          "SELECT c.id, c.version, count(h.version) AS n, max(h.version) AS top " +
            "FROM counters c JOIN counter_history h ON h.id = c.id GROUP BY c.id, c.version ORDER BY c.id",
        )
      );
      assertEquals(counters.reduce((sum, c) => sum + c.version, 0), total);
      for (const c of counters) assertEquals([c.n, c.top], [c.version, c.version]);
    },
  },
];
