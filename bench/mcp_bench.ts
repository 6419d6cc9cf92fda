// deno-lint-ignore-file no-console -- a benchmark prints its figures
/**
 * MCP server benchmark: `tools/call` round trips (p50/p99) of a cheap lookup
 * over stdio and over Streamable HTTP, lookup throughput and write throughput
 * (`ingest_delta`: validate, file, ledger, reindex, git commit — concurrent
 * calls share commits) with 32 concurrent HTTP clients (no error, no lost write: the
 * ledger is counted afterwards),
 * against the reference `@modelcontextprotocol/server-memory` doing a
 * comparable lookup (`search_nodes`) over stdio in the same run.
 *
 * Run: `./bin/deno run -A bench/mcp_bench.ts [--calls 300] [--clients 32] [--writes 4] [--full]`
 * (`--full`: 2000 calls, 32 clients × 16 writes).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import {
  type CallToolResult,
  Client,
  StdioClientTransport,
  StreamableHTTPClientTransport,
} from "../tests/_mcp_client.ts";

const MEMORY_SERVER = "npm:@modelcontextprotocol/server-memory@2026.8.31";
const ROOT = new URL("../", import.meta.url).pathname;
const DENO = join(ROOT, "bin", "deno");

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "300" },
    clients: { type: "string", default: "32" },
    writes: { type: "string", default: "4" },
    full: { type: "boolean", default: false },
  },
});
const CALLS = values.full ? 2000 : Number(values.calls);
const CLIENTS = Number(values.clients);
const WRITES = values.full ? 16 : Number(values.writes);

/** A lookup to time: a tool name and its arguments. */
interface Lookup {
  name: string;
  arguments: Record<string, unknown>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function roundTrips(client: Client, lookup: Lookup, n: number) {
  for (let i = 0; i < Math.min(20, n); i++) await client.callTool(lookup);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const result = await client.callTool(lookup) as CallToolResult;
    ms.push(performance.now() - t);
    if (result.isError) throw new Error(`${lookup.name} failed: ${JSON.stringify(result.content)}`);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function stdio(command: string, args: string[], env: Record<string, string>, cwd = ROOT) {
  const client = new Client({ name: "mcp-bench", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({ command, args, cwd, stderr: "ignore", env: { ...env } }),
  );
  return client;
}

async function http(url: string) {
  const client = new Client({ name: "mcp-bench", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

async function countLines(path: string): Promise<number> {
  const text = await Deno.readTextFile(path).catch(() => "");
  return text.split("\n").filter((l) => l.trim() !== "").length;
}

const tmp = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_mcp_bench_" }));
const dataDir = join(tmp, "data");
const env = {
  MB_DATA_DIR: dataDir,
  MB_ROOTS: tmp,
  NO_COLOR: "1",
  PATH: Deno.env.get("PATH") ?? "",
};
const serve = new Deno.Command(DENO, {
  args: ["run", "-A", "--quiet", "cli/metablooms.ts", "serve", "--port", "0", "--json"],
  cwd: ROOT,
  env,
  stdout: "piped",
  stderr: "null",
}).spawn();
const clients: Client[] = [];
try {
  const reader = serve.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let first = "";
  while (!first.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("metablooms serve exited before listening");
    first += value;
  }
  const started = JSON.parse(first.split("\n")[0]!);
  const url: string = started.url;
  console.log(
    `metablooms serve at ${url} (first run: ${
      started.first_run?.steps?.map((s: { step: string; ok: boolean }) => `${s.step}:${s.ok}`)
        .join(", ") ?? "none"
    })`,
  );

  const kitStdio = await stdio(DENO, ["run", "-A", "--quiet", "cli/metablooms.ts", "mcp"], env);
  const kitHttp = await http(url);
  clients.push(kitStdio, kitHttp);
  const tools = new Set((await kitHttp.listTools()).tools.map((t) => t.name));
  const lookup: Lookup = tools.has("query_mips_index")
    ? { name: "query_mips_index", arguments: { query: "boot" } }
    : { name: "boot_status", arguments: {} };
  if (!tools.has(lookup.name)) throw new Error(`no cheap lookup tool: ${[...tools].join(", ")}`);

  const memoryFile = join(tmp, "memory.jsonl");
  // Run outside the project so the pinned baseline never touches deno.lock or node_modules/.
  const memory = await stdio(DENO, ["run", "-A", "--quiet", MEMORY_SERVER], {
    ...env,
    MEMORY_FILE_PATH: memoryFile,
  }, tmp);
  clients.push(memory);
  await memory.callTool({
    name: "create_entities",
    arguments: {
      entities: Array.from({ length: 200 }, (_, i) => ({
        name: `module_${i}`,
        entityType: i % 7 === 0 ? "boot" : "delta",
        observations: [`delta ${i} about ${i % 7 === 0 ? "boot" : "memory"}`],
      })),
    },
  });
  const memoryLookup: Lookup = { name: "search_nodes", arguments: { query: "boot" } };

  console.log(`\nround trips (${CALLS} sequential calls after 20 warm-up calls), ms:`);
  const kitS = await roundTrips(kitStdio, lookup, CALLS);
  const kitH = await roundTrips(kitHttp, lookup, CALLS);
  const mem = await roundTrips(memory, memoryLookup, CALLS);
  const row = (name: string, r: { p50: number; p99: number }) =>
    console.log(
      `  ${name.padEnd(44)} p50 ${r.p50.toFixed(2).padStart(7)}  p99 ${
        r.p99.toFixed(2).padStart(7)
      }`,
    );
  row(`metablooms ${lookup.name} over stdio`, kitS);
  row(`metablooms ${lookup.name} over HTTP`, kitH);
  row("server-memory search_nodes over stdio (baseline)", mem);
  console.log(
    `  ratio stdio/baseline: p50 ${(kitS.p50 / mem.p50).toFixed(2)}x, p99 ${
      (kitS.p99 / mem.p99).toFixed(2)
    }x`,
  );
  console.log(
    `  ratio HTTP/baseline:  p50 ${(kitH.p50 / mem.p50).toFixed(2)}x, p99 ${
      (kitH.p99 / mem.p99).toFixed(2)
    }x`,
  );

  const readers = await Promise.all(Array.from({ length: CLIENTS }, () => http(url)));
  clients.push(...readers);
  const perReader = Math.max(1, Math.round(CALLS / 10));
  let readErrors = 0;
  const r0 = performance.now();
  await Promise.all(readers.map(async (client) => {
    for (let i = 0; i < perReader; i++) {
      const result = await client.callTool(lookup).catch(() => ({
        isError: true,
      })) as CallToolResult;
      if (result.isError) readErrors++;
    }
  }));
  const readSeconds = (performance.now() - r0) / 1000;
  console.log(`\n${CLIENTS} concurrent HTTP clients × ${perReader} ${lookup.name} calls:`);
  console.log(
    `  ${(CLIENTS * perReader / readSeconds).toFixed(0)} calls/s (${
      readSeconds.toFixed(2)
    } s), errors ${readErrors}`,
  );
  if (readErrors > 0) Deno.exitCode = 1;

  if (!tools.has("ingest_delta")) {
    throw new Error("ingest_delta (the write tool) is not registered");
  }
  const deltas = join(tmp, "incoming");
  await Deno.mkdir(deltas);
  for (let c = 0; c < CLIENTS; c++) {
    for (let w = 0; w < WRITES; w++) {
      const id = `MB__90_BENCH__c${c}_w${w}`;
      await Deno.writeTextFile(
        join(deltas, `${id}.mips.json`),
        JSON.stringify({
          mips: { artifact_id: id, version: "v1", timestamp_utc: "2026-01-10T12:00:00Z" },
          body: { client: c, write: w },
        }),
      );
    }
  }
  const ledger = join(dataDir, "ltm", "manifests", "ledger.ndjson");
  const before = await countLines(ledger);
  const writers = await Promise.all(Array.from({ length: CLIENTS }, () => http(url)));
  clients.push(...writers);
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  await Promise.all(writers.map(async (client, c) => {
    for (let w = 0; w < WRITES; w++) {
      try {
        const result = await client.callTool(
          {
            name: "ingest_delta",
            arguments: { path: join(deltas, `MB__90_BENCH__c${c}_w${w}.mips.json`), push: false },
          },
          undefined,
          { timeout: 300_000 },
        ) as CallToolResult;
        const status = (result.structuredContent as { status?: string } | undefined)?.status;
        if (result.isError || status !== "ingested") {
          errors++;
          firstError ??= JSON.stringify(result.structuredContent ?? result.content).slice(0, 400);
        }
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const written = (await countLines(ledger)) - before;
  const expected = CLIENTS * WRITES;
  console.log(`\n${CLIENTS} concurrent HTTP clients × ${WRITES} ingest_delta calls:`);
  console.log(
    `  ${(expected / seconds).toFixed(1)} writes/s (${
      seconds.toFixed(2)
    } s), errors ${errors}, ledger lines added ${written}/${expected}${
      written === expected && errors === 0 ? " (no lost write)" : " LOST WRITES OR ERRORS"
    }`,
  );
  if (firstError) console.log(`  first error: ${firstError}`);
  if (errors > 0 || written !== expected) Deno.exitCode = 1;
} finally {
  await Promise.allSettled(clients.map((c) => c.close()));
  serve.kill("SIGTERM");
  await serve.status;
  await Deno.remove(tmp, { recursive: true });
}
