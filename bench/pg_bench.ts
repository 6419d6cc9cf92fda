// deno-lint-ignore-file no-console -- a benchmark prints its figures
/**
 * The shared store against the embedded one, through the same seam, in one
 * process: small write transactions (one row changed + one history row),
 * consistent point reads, a bulk insert, and two stores on one database doing
 * conflicting read-modify-writes (PostgreSQL retries `STORE_CONFLICT`, SQLite
 * waits for the lock). Baselines measured in the same run: the same statements
 * on a raw `node:sqlite` connection and on a raw `pg` client, so the seam's own
 * cost shows as a ratio.
 *
 * PostgreSQL is a throwaway cluster (tests/fixtures/pg_cluster.ts) unless
 * `MB_DATABASE_URL` names one. Run: `./bin/deno run -A bench/pg_bench.ts [--n 2000]`.
 *
 * `tools/call` throughput with two `serve` replicas against one, and the repositories' workloads
 * on both stores: bench/replica_bench.ts.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { DatabaseSync } from "node:sqlite";
import pg from "pg";
import { openPgStore } from "../lib/store/pg_store.ts";
import { openSqliteStore } from "../lib/store/sqlite_store.ts";
import type { Store } from "../lib/store/store.ts";
import { startPgCluster } from "../tests/fixtures/pg_cluster.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { n: { type: "string", default: "2000" } },
});
const N = Number(values.n);
const SCHEMA = [
  "CREATE TABLE objects (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL)",
  "CREATE TABLE history (object_id INTEGER NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (object_id, version))",
  "CREATE TABLE bulk (k INTEGER PRIMARY KEY, v TEXT NOT NULL)",
];
const BODY = JSON.stringify({ slots: { greeting: "hello", count: 1 }, parents: ["genesis"] });

const perSec = (n: number, ms: number) => (n / ms) * 1000;
const fmt = (x: number) => x.toFixed(x < 10 ? 2 : 0);

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The workload through the seam; returns ops/s per step. */
async function seamWorkload(open: () => Promise<Store>): Promise<Record<string, number>> {
  await using store = await open();
  await using other = await open();
  for (const [i, sql] of SCHEMA.entries()) await store.migrate(`bench${i}`, [sql]);
  await store.transaction((tx) =>
    tx.runMany(
      "INSERT INTO objects VALUES (?, 1, ?)",
      Array.from({ length: 100 }, (_, i) => [i, BODY]),
    )
  );
  const out: Record<string, number> = {};
  out.write_tx = perSec(
    N,
    await time(async () => {
      for (let i = 0; i < N; i++) {
        await store.transaction(async (tx) => {
          const id = i % 100;
          const row = await tx.get<{ version: number }>(
            "SELECT version FROM objects WHERE id = ?",
            [id],
          );
          const version = row!.version + 1;
          await tx.run("UPDATE objects SET version = ?, body = ? WHERE id = ?", [
            version,
            BODY,
            id,
          ]);
          await tx.run("INSERT INTO history VALUES (?, ?, ?)", [id, version, BODY]);
        });
      }
    }),
  );
  out.point_read = perSec(
    N,
    await time(async () => {
      for (let i = 0; i < N; i++) {
        await store.read((tx) => tx.get("SELECT body FROM objects WHERE id = ?", [i % 100]));
      }
    }),
  );
  const rows = Array.from({ length: N * 25 }, (_, i) => [i, `value ${i}`]);
  out.bulk_rows = perSec(
    rows.length,
    await time(() =>
      store.transaction(async (tx) => void await tx.runMany("INSERT INTO bulk VALUES (?, ?)", rows))
    ),
  );
  let conflicts = 0;
  const increments = Math.max(50, Math.floor(N / 10));
  out.contended_tx = perSec(
    2 * increments,
    await time(async () => {
      await Promise.all([store, other].map(async (s) => {
        for (let i = 0; i < increments; i++) {
          let attempt = 0;
          await s.transaction(async (tx) => {
            if (attempt++ > 0) conflicts++;
            const row = await tx.get<{ version: number }>(
              "SELECT version FROM objects WHERE id = 0",
            );
            await tx.run("UPDATE objects SET version = ? WHERE id = 0", [row!.version + 1]);
          }, { retries: 50 });
        }
      }));
    }),
  );
  out.contended_retries = conflicts;
  return out;
}

function rawSqlite(path: string): Record<string, number> {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  for (const sql of SCHEMA) db.exec(sql);
  const insert = db.prepare("INSERT INTO objects VALUES (?, 1, ?)");
  for (let i = 0; i < 100; i++) insert.run(i, BODY);
  const get = db.prepare("SELECT version FROM objects WHERE id = ?");
  const update = db.prepare("UPDATE objects SET version = ?, body = ? WHERE id = ?");
  const history = db.prepare("INSERT INTO history VALUES (?, ?, ?)");
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    db.exec("BEGIN IMMEDIATE");
    const id = i % 100;
    const version = Number((get.get(id) as { version: number }).version) + 1;
    update.run(version, BODY, id);
    history.run(id, version, BODY);
    db.exec("COMMIT");
  }
  const ms = performance.now() - t0;
  db.close();
  return { write_tx: perSec(N, ms) };
}

async function rawPg(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of SCHEMA) {
      await client.query(
        sql.replace("objects (id", "raw_objects (id").replace("history (", "raw_history ("),
      );
    }
    for (let i = 0; i < 100; i++) {
      await client.query("INSERT INTO raw_objects VALUES ($1, 1, $2)", [i, BODY]);
    }
    const ms = await time(async () => {
      for (let i = 0; i < N; i++) {
        const id = i % 100;
        await client.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
        const r = await client.query("SELECT version FROM raw_objects WHERE id = $1", [id]);
        const version = Number(r.rows[0].version) + 1;
        await client.query("UPDATE raw_objects SET version = $1, body = $2 WHERE id = $3", [
          version,
          BODY,
          id,
        ]);
        await client.query("INSERT INTO raw_history VALUES ($1, $2, $3)", [id, version, BODY]);
        await client.query("COMMIT");
      }
    });
    return { write_tx: perSec(N, ms) };
  } finally {
    await client.end();
  }
}

const dir = await Deno.makeTempDir({ prefix: "mb_pg_bench_" });
const given = Deno.env.get("MB_DATABASE_URL");
const cluster = given ? undefined : await startPgCluster();
try {
  const pgUrl = given ?? await cluster!.createDatabase("bench");
  const rawPgUrl = given ?? await cluster!.createDatabase("bench_raw");
  const sqlite = await seamWorkload(() => openSqliteStore(`${dir}/seam.db`));
  const postgres = await seamWorkload(() => openPgStore(pgUrl));
  const baseSqlite = rawSqlite(`${dir}/raw.db`);
  const basePg = await rawPg(rawPgUrl);
  console.log(
    `store seam, one process, n=${N} (ops/s; PostgreSQL ${
      given ? "from MB_DATABASE_URL" : `${cluster!.version} throwaway cluster, fsync off`
    })`,
  );
  console.log("step               sqlite   postgres   postgres/sqlite");
  for (const step of ["write_tx", "point_read", "bulk_rows", "contended_tx"]) {
    console.log(
      `${step.padEnd(16)} ${fmt(sqlite[step]!).padStart(8)} ${
        fmt(postgres[step]!).padStart(10)
      }   ${(postgres[step]! / sqlite[step]!).toFixed(2)}×`,
    );
  }
  console.log(
    `conflicts retried in contended_tx: sqlite ${sqlite.contended_retries}, postgres ${postgres.contended_retries}`,
  );
  console.log(
    `baseline raw node:sqlite write_tx ${fmt(baseSqlite.write_tx!)}/s → seam ${
      (sqlite.write_tx! / baseSqlite.write_tx!).toFixed(2)
    }×`,
  );
  console.log(
    `baseline raw pg client write_tx   ${fmt(basePg.write_tx!)}/s → seam ${
      (postgres.write_tx! / basePg.write_tx!).toFixed(2)
    }×`,
  );
} finally {
  await cluster?.stop();
  await Deno.remove(dir, { recursive: true });
}
