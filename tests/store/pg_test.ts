/**
 * Every store and lease case on PostgreSQL and every copy case between SQLite and
 * PostgreSQL, in one throwaway cluster, plus what only PostgreSQL does
 * (unreachable servers, lock waits, serialization conflicts).
 */
import { openPgStore } from "../../lib/store/pg_store.ts";
import { ensureExtension } from "../../lib/store/extensions.ts";
import { openStore } from "../../lib/store/open.ts";
import { loadConfig } from "../../lib/config.ts";
import { createContext } from "../../ops/context.ts";
import type { Store } from "../../lib/store/store.ts";
import { assert, assertEquals, assertKitError } from "../_assert.ts";
import { type PgCluster, pgUnavailable, startPgCluster } from "../fixtures/pg_cluster.ts";
import { type Backend, pgBackend, plain, runCasesAsSteps, type StoreCase } from "./_backends.ts";
import { storeCases } from "./_store_cases.ts";
import { leaseCases } from "./_lease_cases.ts";
import { copyCases } from "./_copy_cases.ts";
import { sqliteBackend } from "./_backends.ts";

const T = "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)";

const pgOnlyCases: StoreCase[] = [
  {
    name: "openStore() selects PostgreSQL for a postgres:// URL",
    async fn(backend) {
      await using db = await backend.fresh();
      await using store = await openStore(db.location);
      assertEquals([store.dialect, store.location], ["postgres", db.location.database_url]);
    },
  },
  {
    name: "an operation's context opens the store MB_DATABASE_URL names",
    async fn(backend) {
      await using db = await backend.fresh();
      const env = { MB_DATABASE_URL: db.location.database_url!, MB_DATA_DIR: "/nonexistent" };
      await using ctx = createContext(await loadConfig({ env, cwd: "/tmp" }), { door: "cli" });
      assertEquals((await ctx.store()).dialect, "postgres");
    },
  },
  {
    name: "a server that does not answer is STORE_UNREACHABLE, named without its password",
    async fn() {
      const error = await assertKitError(
        () => openPgStore("postgres://kit:s3cret@127.0.0.1:1/kit", { connect_timeout_ms: 2000 }),
        "STORE_UNREACHABLE",
      );
      assert(error.message.includes("postgres://kit@127.0.0.1:1/kit"), error.message);
      assert(!error.message.includes("s3cret"), error.message);
      assertEquals(error.exitCode, 2);
    },
  },
  {
    name: "a database that does not exist is STORE_UNREACHABLE",
    async fn(backend) {
      await using db = await backend.fresh();
      const url = new URL(db.location.database_url!);
      url.pathname = "/no_such_db";
      await assertKitError(() => openPgStore(url.href), "STORE_UNREACHABLE");
    },
  },
  {
    name: "a write waits for another connection's row lock, then fails with STORE_BUSY",
    async fn(backend) {
      await using db = await backend.fresh();
      const holder = await db.open();
      const waiter = await db.open({ busy_timeout_ms: 300 });
      await holder.migrate("t", [T]);
      await holder.transaction((tx) => tx.run("INSERT INTO t VALUES ('a', 1)"));
      const gate = Promise.withResolvers<void>();
      const locked = Promise.withResolvers<void>();
      const holding = holder.transaction(async (tx) => {
        await tx.run("UPDATE t SET v = 2 WHERE k = 'a'");
        locked.resolve();
        await gate.promise;
      });
      await locked.promise;
      await assertKitError(
        () => waiter.transaction((tx) => tx.run("UPDATE t SET v = 3 WHERE k = 'a'")),
        "STORE_BUSY",
      );
      gate.resolve();
      await holding;
      await waiter.transaction((tx) => tx.run("UPDATE t SET v = 3 WHERE k = 'a'"));
    },
  },
  {
    name:
      "two processes' read-modify-writes of one row: one gets STORE_CONFLICT, retries apply both",
    async fn(backend) {
      await using db = await backend.fresh();
      const a = await db.open();
      const b = await db.open();
      await a.migrate("t", [T]);
      await a.transaction((tx) => tx.run("INSERT INTO t VALUES ('n', 0)"));
      // Each reads, waits until both have read, then writes what it read plus one.
      const barrier = () => {
        let arrived = 0;
        let open!: () => void;
        const opened = new Promise<void>((r) => open = r);
        return () => {
          if (++arrived === 2) open();
          return opened;
        };
      };
      const increment = (store: Store, bothRead: () => Promise<void>, retries: number) =>
        store.transaction(async (tx) => {
          const row = await tx.get<{ v: number }>("SELECT v FROM t WHERE k = 'n'");
          await bothRead();
          await tx.run("UPDATE t SET v = ? WHERE k = 'n'", [row!.v + 1]);
        }, { retries });
      const once = barrier();
      const results = await Promise.allSettled([increment(a, once, 0), increment(b, once, 0)]);
      const codes = results.map((r) =>
        r.status === "rejected" ? (r.reason as { code: string }).code : "ok"
      );
      assertEquals(codes.sort(), ["STORE_CONFLICT", "ok"]);
      assertEquals(plain(await a.read((tx) => tx.get("SELECT v FROM t"))), { v: 1 });
      const again = barrier();
      await Promise.all([increment(a, again, 5), increment(b, again, 5)]);
      assertEquals(plain(await a.read((tx) => tx.get("SELECT v FROM t"))), { v: 3 });
    },
  },
  {
    name: "a connection killed mid-transaction is STORE_UNREACHABLE, and the store goes on",
    async fn(backend) {
      await using db = await backend.fresh();
      const store = await db.open();
      const admin = await db.open();
      await store.migrate("t", [T]);
      await assertKitError(
        () =>
          store.transaction(async (tx) => {
            await tx.run("INSERT INTO t VALUES ('a', 1)");
            const me = await tx.get<{ pid: number }>("SELECT pg_backend_pid() AS pid");
            await admin.read((r) => r.get("SELECT pg_terminate_backend(?::int)", [me!.pid]));
            await tx.run("INSERT INTO t VALUES ('b', 2)");
          }),
        "STORE_UNREACHABLE",
      );
      await store.transaction((tx) => tx.run("INSERT INTO t VALUES ('c', 3)"));
      assertEquals(plain(await store.read((tx) => tx.all("SELECT k FROM t"))), [{ k: "c" }]);
    },
  },
  {
    name: "64-bit integers past 2^53 come back as bigint, booleans as 1 and 0",
    async fn(backend) {
      await using db = await backend.fresh();
      const store = await db.open();
      const row = await store.read((tx) =>
        tx.get("SELECT ?::bigint AS big, true AS yes, false AS no", [2n ** 62n])
      );
      assertEquals(plain(row), { big: 2n ** 62n, yes: 1, no: 0 });
    },
  },
];

/** Cases that need the cluster itself. */
const clusterCases = (cluster: PgCluster): StoreCase[] => [
  {
    name:
      "ensureExtension() installs pg_trgm, reports pgvector as the server has it, refuses unknowns",
    async fn(backend) {
      await using db = await backend.fresh();
      const [a, b] = [await db.open(), await db.open()];
      assertEquals(
        await Promise.all([ensureExtension(a, "pg_trgm"), ensureExtension(b, "pg_trgm")]),
        [
          true,
          true,
        ],
      );
      const similar = await a.read((tx) =>
        tx.get<{ s: number }>("SELECT similarity('widget', 'widgets') AS s")
      );
      assert(similar!.s > 0.5);
      assertEquals(await ensureExtension(a, "vector"), cluster.has_pgvector);
      assertEquals(await ensureExtension(a, "no_such_extension"), false);
    },
  },
];

const unavailable = await pgUnavailable();

Deno.test({
  name: "PostgreSQL store (throwaway cluster)",
  ignore: unavailable !== undefined,
  async fn(t) {
    await using cluster = await startPgCluster();
    const backend: Backend = pgBackend(cluster);
    await runCasesAsSteps(t, backend, storeCases);
    await runCasesAsSteps(t, backend, pgOnlyCases);
    await runCasesAsSteps(t, backend, clusterCases(cluster));
    await runCasesAsSteps(t, backend, leaseCases);
    for (const c of copyCases) {
      await t.step(`sqlite → postgres: ${c.name}`, () => c.fn(sqliteBackend, backend));
      await t.step(`postgres → sqlite: ${c.name}`, () => c.fn(backend, sqliteBackend));
    }
  },
});
