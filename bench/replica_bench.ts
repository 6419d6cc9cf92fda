// deno-lint-ignore-file no-console -- a benchmark prints its figures
/**
 * `metablooms serve` on a shared PostgreSQL database: `tools/call` throughput
 * with two replicas against one (clients spread over the replicas), and the
 * same single-process workloads on PostgreSQL against SQLite (tools/call to
 * one server; image commits and reads, LTM reindex and queries through the lib
 * API). Every figure is measured in this run; the ratios are the result.
 *
 * The calls are `image_get` (a consistent read of one object) and `image_objects`
 * over raw Streamable HTTP POSTs, C clients in parallel; the image holds 50
 * objects seeded through the lib API. PostgreSQL is a throwaway cluster
 * (fsync off) unless `MB_DATABASE_URL` names one.
 *
 * Run: `./bin/deno run -A bench/replica_bench.ts [--calls 400] [--clients 8] [--n 500]`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { openStore, type StoreLocation } from "../lib/store/open.ts";
import { Image } from "../lib/image/image.ts";
import { reindexLtm } from "../lib/ltm/reindex.ts";
import { queryMipsIndex } from "../lib/ltm/query.ts";
import { startPgCluster } from "../tests/fixtures/pg_cluster.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    calls: { type: "string", default: "400" },
    clients: { type: "string", default: "8" },
    n: { type: "string", default: "500" },
  },
});
const CALLS = Number(values.calls);
const CLIENTS = Number(values.clients);
const N = Number(values.n);
const ROOT = new URL("../", import.meta.url).pathname;
const BIN = join(ROOT, "bin", "metablooms");
const OBJECTS = Array.from({ length: 50 }, (_, i) => `bench_${i}`);
const HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

const perSec = (n: number, ms: number) => (n / ms) * 1000;
const fmt = (x: number) => x.toFixed(x < 10 ? 2 : 0);

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function seedImage(location: StoreLocation): Promise<void> {
  await using store = await openStore(location);
  await (await Image.open(store)).ensure(
    Object.fromEntries(
      OBJECTS.map((oid, i) => [oid, { slots: { n: i, text: "x".repeat(200) }, parents: [] }]),
    ),
    "bench",
  );
}

/** A `metablooms serve` process; dispose to stop it. */
async function serve(env: Record<string, string>): Promise<{ url: string } & AsyncDisposable> {
  const child = new Deno.Command(BIN, {
    args: ["serve", "--port", "0", "--json", "--no-samples"],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`serve exited: ${out}`);
    out += value;
  }
  return {
    url: JSON.parse(out.split("\n")[0]!).url,
    async [Symbol.asyncDispose]() {
      child.kill("SIGTERM");
      await child.status;
      await reader.cancel().catch(() => {});
    },
  };
}

/** Opens a client on a server: initialize (a session id when the server keeps sessions). */
async function client(url: string): Promise<Record<string, string>> {
  const init = await fetch(url, {
    method: "POST",
    headers: HEADERS,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "bench", version: "1" },
      },
    }),
  });
  await init.text();
  const id = init.headers.get("mcp-session-id");
  const headers: Record<string, string> = {
    ...HEADERS,
    "mcp-protocol-version": "2025-11-25",
    ...(id ? { "mcp-session-id": id } : {}),
  };
  const note = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  });
  await note.text();
  return headers;
}

/** CLIENTS clients (spread over the servers) each making CALLS / CLIENTS tool calls. */
async function toolCalls(urls: string[]): Promise<number> {
  const per = Math.ceil(CALLS / CLIENTS);
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const url = urls[c % urls.length]!;
      return { url, headers: await client(url) };
    }),
  );
  const ms = await time(async () => {
    await Promise.all(clients.map(async ({ url, headers }, c) => {
      for (let i = 0; i < per; i++) {
        const call = i % 4 === 3
          ? { name: "image_objects", arguments: { prefix: "bench_1" } }
          : { name: "image_get", arguments: { object: OBJECTS[(c * per + i) % OBJECTS.length] } };
        const res = await fetch(url, {
          method: "POST",
          headers,
          body: JSON.stringify({ jsonrpc: "2.0", id: i + 1, method: "tools/call", params: call }),
        });
        const text = await res.text();
        if (!res.ok || text.includes('"isError":true')) throw new Error(`call failed: ${text}`);
      }
    }));
  });
  return perSec(per * CLIENTS, ms);
}

/** The lib-level single-process workload: image commits and reads, LTM reindex and queries. */
async function libWorkload(location: StoreLocation, ltm: string): Promise<Record<string, number>> {
  await seedImage(location);
  await using store = await openStore(location);
  const image = await Image.open(store);
  const out: Record<string, number> = {};
  out.image_commit = perSec(
    N,
    await time(async () => {
      for (let i = 0; i < N; i++) {
        await image.transaction(async (tx) => {
          const oid = OBJECTS[i % OBJECTS.length]!;
          await tx.set(oid, "n", ((await tx.slot(oid, "n")) as number) + 1);
        });
      }
    }),
  );
  out.image_get = perSec(
    N,
    await time(async () => {
      for (let i = 0; i < N; i++) await image.get(OBJECTS[i % OBJECTS.length]!);
    }),
  );
  out.ltm_reindex = perSec(
    1,
    await time(async () => void await reindexLtm(store, ltm, { quarantine: true })),
  );
  const words = ["delta", "boot", "lamp", "widget", "tea", "guardian", "module", "index"];
  out.ltm_query = perSec(
    N,
    await time(async () => {
      for (let i = 0; i < N; i++) {
        // A new filter each time: the ranking runs in the database, not the per-process cache.
        await queryMipsIndex(store, {
          text: words[i % words.length]!,
          limit: 10,
          from: `2020-01-${String(1 + (i % 28)).padStart(2, "0")}`,
        });
      }
    }),
  );
  return out;
}

const dir = await Deno.makeTempDir({ prefix: "mb_replica_bench_" });
const given = Deno.env.get("MB_DATABASE_URL");
const cluster = given ? undefined : await startPgCluster();
try {
  const pgUrl = (name: string) => given ?? cluster!.createDatabase(name);
  const ltm = join(dir, "ltm");
  await Deno.mkdir(ltm);
  for await (const e of Deno.readDir(join(ROOT, "samples", "ltm"))) {
    await new Deno.Command("cp", { args: ["-r", join(ROOT, "samples", "ltm", e.name), ltm] })
      .output();
  }
  // tools/call: one SQLite server, one PostgreSQL server, two PostgreSQL replicas.
  const sqliteEnv = { MB_DATA_DIR: join(dir, "sqlite"), HOME: dir };
  await Deno.mkdir(join(dir, "sqlite"));
  await seedImage({ sqlite_path: join(dir, "sqlite", "metablooms.db") });
  const pgLocation = { sqlite_path: ":memory:", database_url: await pgUrl("bench_calls") };
  await seedImage(pgLocation);
  const pgEnv = {
    MB_DATA_DIR: join(dir, "pg"),
    HOME: dir,
    MB_DATABASE_URL: pgLocation.database_url,
  };
  let sqliteOne: number, pgOne: number, pgTwo: number;
  {
    await using s = await serve({ ...sqliteEnv, MB_DB: join(dir, "sqlite", "metablooms.db") });
    await toolCalls([s.url]); // warm up
    sqliteOne = await toolCalls([s.url]);
  }
  {
    await using a = await serve(pgEnv);
    await toolCalls([a.url]);
    pgOne = await toolCalls([a.url]);
    await using b = await serve(pgEnv);
    await toolCalls([b.url]);
    pgTwo = await toolCalls([a.url, b.url]);
  }
  const lib = {
    sqlite: await libWorkload({ sqlite_path: join(dir, "lib.db") }, ltm),
    postgres: await libWorkload(
      { sqlite_path: ":memory:", database_url: await pgUrl("bench_lib") },
      ltm,
    ),
  };
  const cores = navigator.hardwareConcurrency;
  console.log(
    `tools/call (image_get ×3, image_objects ×1), ${CLIENTS} clients, ${CALLS} calls, ${cores} cores; ` +
      `PostgreSQL ${
        given ? "from MB_DATABASE_URL" : `${cluster!.version} throwaway cluster, fsync off`
      }`,
  );
  console.log(`  1 server, SQLite          ${fmt(sqliteOne).padStart(7)} calls/s`);
  console.log(
    `  1 server, PostgreSQL      ${fmt(pgOne).padStart(7)} calls/s   ${
      (pgOne / sqliteOne).toFixed(2)
    }× SQLite`,
  );
  console.log(
    `  2 replicas, PostgreSQL    ${fmt(pgTwo).padStart(7)} calls/s   ${
      (pgTwo / pgOne).toFixed(2)
    }× one replica`,
  );
  console.log(`lib API, one process, n=${N} (ops/s)`);
  console.log("  step             sqlite   postgres   postgres/sqlite");
  for (const step of Object.keys(lib.sqlite)) {
    console.log(
      `  ${step.padEnd(14)} ${fmt(lib.sqlite[step]!).padStart(8)} ${
        fmt(lib.postgres[step]!).padStart(10)
      }   ${(lib.postgres[step]! / lib.sqlite[step]!).toFixed(2)}×`,
    );
  }
} finally {
  await cluster?.stop();
  await Deno.remove(dir, { recursive: true });
}
