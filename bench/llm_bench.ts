// deno-lint-ignore-file no-console -- a benchmark reports on the terminal
/**
 * Does streaming inference block the event loop? Streams a long answer
 * (thousands of NDJSON chunks) from the fake Ollama, which runs in a worker,
 * while sampling event-loop lag with a `setInterval` drift sampler; prints
 * p50/p99/max lag against a baseline with no streaming, measured in the same
 * run. Target: p99 < 10 ms.
 *
 * Run: `./bin/deno run -A bench/llm_bench.ts [--chunks N] [--full]`
 * (default 20 000 chunks; `--full` streams 50 000).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { collectGenerate, OllamaClient } from "../lib/llm/mod.ts";

const TARGET_P99_MS = 10;
const INTERVAL_MS = 2;

interface Lag {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

/** Samples how late a 2 ms interval fires while `work` runs. */
async function measureLag(work: () => Promise<void>): Promise<Lag> {
  const lags: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - last - INTERVAL_MS));
    last = now;
  }, INTERVAL_MS);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  lags.sort((a, b) => a - b);
  const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? 0;
  return { samples: lags.length, p50: at(0.5), p99: at(0.99), max: lags.at(-1) ?? 0 };
}

function startWorker(
  chunks: number,
  chunkDelayMs: number,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const worker = new Worker(new URL("./_ollama_worker.ts", import.meta.url).href, {
    type: "module",
  });
  return new Promise((resolve) => {
    worker.onmessage = (event: MessageEvent) => {
      const url = (event.data as { url: string }).url;
      resolve({
        url,
        stop: () =>
          new Promise<void>((done) => {
            worker.onmessage = () => {
              worker.terminate();
              done();
            };
            worker.postMessage("close");
          }),
      });
    };
    worker.postMessage({ chunks, chunkDelayMs });
  });
}

async function streamPhase(chunks: number, chunkDelayMs: number) {
  const server = await startWorker(chunks, chunkDelayMs);
  try {
    const client = new OllamaClient({
      host: server.url,
      model: "llama3.2",
      embedModel: "nomic-embed-text",
      personas: {},
      timeoutMs: 60_000,
      retries: 0,
    });
    // Warm-up: JIT, connection pool.
    await collectGenerate(
      client.generateStream({ prompt: "warm up", options: { num_predict: 50 } }),
    );
    let received = 0;
    const start = performance.now();
    const lag = await measureLag(async () => {
      for await (const chunk of client.generateStream({ prompt: "count" })) {
        if (!chunk.done) received++;
      }
    });
    const seconds = (performance.now() - start) / 1000;
    if (received !== chunks) throw new Error(`expected ${chunks} chunks, got ${received}`);
    return { lag, seconds, rate: received / seconds };
  } finally {
    await server.stop();
  }
}

const fmt = (n: number) => n.toFixed(2).padStart(7);

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { chunks: { type: "string" }, full: { type: "boolean" } },
  });
  const chunks = values.full ? 50_000 : Number(values.chunks ?? 20_000);
  console.log(
    `llm_bench: ${chunks} chunks, lag sampled every ${INTERVAL_MS} ms (Deno ${Deno.version.deno})`,
  );

  const baseline = await measureLag(() => new Promise((r) => setTimeout(r, 2_000)));
  const flood = await streamPhase(chunks, 0);
  const paced = await streamPhase(Math.min(chunks, 3_000), 1);

  const rows: Array<[string, Lag, string]> = [
    ["baseline (idle, 2 s)", baseline, ""],
    [
      `stream, flood (${chunks} chunks)`,
      flood.lag,
      `${flood.seconds.toFixed(2)} s, ${Math.round(flood.rate)} chunks/s`,
    ],
    [
      `stream, 1 ms/chunk (${Math.min(chunks, 3_000)} chunks)`,
      paced.lag,
      `${paced.seconds.toFixed(2)} s, ${Math.round(paced.rate)} chunks/s`,
    ],
  ];
  console.log("");
  console.log(`${"phase".padEnd(34)} samples  p50 ms   p99 ms   max ms   p99/baseline  throughput`);
  for (const [name, lag, extra] of rows) {
    const ratio = baseline.p99 > 0 ? (lag.p99 / baseline.p99).toFixed(1) + "x" : "-";
    console.log(
      `${name.padEnd(34)} ${String(lag.samples).padStart(7)} ${fmt(lag.p50)}  ${fmt(lag.p99)}  ${
        fmt(lag.max)
      }  ${ratio.padStart(12)}  ${extra}`,
    );
  }
  const worst = Math.max(flood.lag.p99, paced.lag.p99);
  console.log("");
  console.log(
    `p99 lag while streaming: ${worst.toFixed(2)} ms (target < ${TARGET_P99_MS} ms): ${
      worst < TARGET_P99_MS ? "PASS" : "FAIL"
    }`,
  );
}
