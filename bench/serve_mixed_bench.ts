// deno-lint-ignore-file no-console -- a benchmark prints its figures
/**
 * Mixed-load benchmark of a real `metablooms serve`: `--clients` concurrent
 * Streamable HTTP MCP clients (default 32), each calling in a loop for
 * `--seconds` (default 60): 70% `query_mips_index`, 30% `ingest_delta` of a
 * fresh small delta (`push: false`). Prints query and ingest p50/p99, calls
 * per second, errors, the commits the ingests cost (group commit: fewer than
 * the ingests), the ledger lines added (no lost write), and the server's peak
 * RSS (`VmHWM` of `/proc/<pid>/status`). Targets: 0 errors, ingest p99 < 2 s.
 *
 * Run: `./bin/deno run -A bench/serve_mixed_bench.ts [--seconds 60] [--clients 32] [--root DIR]`
 * (`--root`: serve another checkout of the kit, e.g. an export of `main`, for a before/after).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import {
  type CallToolResult,
  Client,
  StreamableHTTPClientTransport,
} from "../tests/_mcp_client.ts";

// Not strict: bench/run_all.ts passes its own arguments (`--full`) to every bench.
const { values } = parseArgs({
  strict: false,
  options: {
    seconds: { type: "string", default: "60" },
    clients: { type: "string", default: "32" },
    "ingest-share": { type: "string", default: "0.3" },
    root: { type: "string", default: new URL("../", import.meta.url).pathname },
  },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const INGEST_SHARE = Number(values["ingest-share"]);
const ROOT = resolve(String(values.root));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function peakRss(pid: number): Promise<string> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    return /VmHWM:\s*(\d+ kB)/.exec(status)?.[1] ?? "?";
  } catch {
    return "? (no /proc)";
  }
}

const tmp = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_mixed_bench_" }));
const dataDir = join(tmp, "data");
const incoming = join(tmp, "incoming");
await Deno.mkdir(incoming);
const serve = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", "--quiet", "cli/metablooms.ts", "serve", "--port", "0", "--json"],
  cwd: ROOT,
  env: {
    MB_DATA_DIR: dataDir,
    MB_ROOTS: tmp,
    NO_COLOR: "1",
    PATH: Deno.env.get("PATH") ?? "",
    HOME: Deno.env.get("HOME") ?? tmp,
    ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
  },
  clearEnv: true,
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
  const url: string = JSON.parse(first.split("\n")[0]!).url;
  console.log(`metablooms serve (${ROOT}) at ${url}, pid ${serve.pid}`);
  const ltm = join(dataDir, "ltm");
  const countCommits = async () => {
    const out = await new Deno.Command("git", {
      args: ["-C", ltm, "rev-list", "--count", "HEAD"],
      stdout: "piped",
    }).output();
    return Number(new TextDecoder().decode(out.stdout).trim());
  };
  const countLines = async () =>
    (await Deno.readTextFile(join(ltm, "manifests/ledger.ndjson")).catch(() => ""))
      .split("\n").filter((l) => l.trim() !== "").length;
  const commitsBefore = await countCommits();
  const linesBefore = await countLines();

  for (let c = 0; c < CLIENTS; c++) {
    const client = new Client({ name: "mixed-bench", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    clients.push(client);
  }
  const queryMs: number[] = [];
  const ingestMs: number[] = [];
  let queryErrors = 0;
  let ingestErrors = 0;
  let ingested = 0;
  let firstError: string | undefined;
  const words = ["boot", "delta", "memory", "rule", "bench", "widget", "ledger"];
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  await Promise.all(clients.map(async (client, c) => {
    for (let i = 0; performance.now() < end; i++) {
      const ingest = Math.random() < INGEST_SHARE;
      const started = performance.now();
      try {
        if (ingest) {
          const id = `MB__91_MIXED__c${c}_i${i}`;
          const path = join(incoming, `${id}.mips.json`);
          await Deno.writeTextFile(
            path,
            JSON.stringify({
              mips: { artifact_id: id, version: "v1", timestamp_utc: "2026-01-10T12:00:00Z" },
              body: { client: c, call: i, rule: `bench rule ${c}.${i}` },
            }),
          );
          const result = await client.callTool(
            { name: "ingest_delta", arguments: { path, push: false } },
            undefined,
            { timeout: 120_000 },
          ) as CallToolResult;
          const status = (result.structuredContent as { status?: string } | undefined)?.status;
          if (result.isError || status !== "ingested") {
            ingestErrors++;
            firstError ??= JSON.stringify(result.structuredContent ?? result.content).slice(0, 300);
          } else ingested++;
          ingestMs.push(performance.now() - started);
        } else {
          const result = await client.callTool({
            name: "query_mips_index",
            arguments: { query: words[i % words.length] },
          }) as CallToolResult;
          if (result.isError) {
            queryErrors++;
            firstError ??= JSON.stringify(result.content).slice(0, 300);
          }
          queryMs.push(performance.now() - started);
        }
      } catch (error) {
        if (ingest) ingestErrors++;
        else queryErrors++;
        firstError ??= String(error).slice(0, 300);
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const rss = await peakRss(serve.pid);
  queryMs.sort((a, b) => a - b);
  ingestMs.sort((a, b) => a - b);
  const commits = (await countCommits()) - commitsBefore;
  const lines = (await countLines()) - linesBefore;
  const f = (n: number) => n.toFixed(1).padStart(8);
  console.log(
    `\n${CLIENTS} clients, ${seconds.toFixed(1)} s, ${
      Math.round(INGEST_SHARE * 100)
    }% ingest_delta / ${100 - Math.round(INGEST_SHARE * 100)}% query_mips_index:`,
  );
  console.log(
    `  query   n ${String(queryMs.length).padStart(6)}  p50 ${f(percentile(queryMs, 50))} ms  p99 ${
      f(percentile(queryMs, 99))
    } ms  ${(queryMs.length / seconds).toFixed(1)}/s  errors ${queryErrors}`,
  );
  console.log(
    `  ingest  n ${String(ingestMs.length).padStart(6)}  p50 ${
      f(percentile(ingestMs, 50))
    } ms  p99 ${f(percentile(ingestMs, 99))} ms  ${
      (ingestMs.length / seconds).toFixed(1)
    }/s  errors ${ingestErrors}`,
  );
  console.log(
    `  commits ${commits} for ${ingested} ingests (${
      ingested ? (ingested / Math.max(1, commits)).toFixed(1) : "0"
    } per commit); ledger lines added ${lines}/${ingested}${
      lines === ingested ? " (no lost write)" : " MISMATCH"
    }`,
  );
  console.log(`  server peak RSS (VmHWM) ${rss}`);
  const p99 = percentile(ingestMs, 99);
  console.log(
    `  targets: errors 0 ${
      queryErrors + ingestErrors === 0 ? "met" : "MISSED"
    }, ingest p99 < 2000 ms ${p99 < 2000 ? "met" : "MISSED"}`,
  );
  if (firstError) console.log(`  first error: ${firstError}`);
  if (queryErrors + ingestErrors > 0 || lines !== ingested) Deno.exitCode = 1;
} finally {
  await Promise.allSettled(clients.map((c) => c.close()));
  serve.kill("SIGTERM");
  await serve.status;
  await Deno.remove(tmp, { recursive: true });
}
