// deno-lint-ignore-file no-console -- a benchmark prints its figures
/**
 * Dashboard benchmark: indexes a generated LTM of N deltas (100,000 by
 * default, the figure), serves it with `serveHttp`, and times each
 * page's fragment over loopback HTTP (slots and boots, bundle validation of
 * the sample bundle, the module graph, search for a rare and a common word,
 * one delta, the living image's objects and one object, memory search and the
 * audit page — those two say "not available" on a server without their
 * operations), against a baseline measured in the same run: `GET /health` on
 * the same server. Prints p50 and max per page, the first call apart (the
 * graph's first call reads and unpacks the graph the reindex stored for its
 * generation; later calls use the copy kept in memory until the next
 * reindex), and whether every page answered in under 1 s, first calls
 * included.
 *
 * Run: `./bin/deno run -A bench/web_bench.ts [--files 100000] [--runs 5]`
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { loadConfig } from "../lib/config.ts";
import { bootImage } from "../lib/boot/boot_image.ts";
import { reindexLtm } from "../lib/ltm/reindex.ts";
import { storeMipsGraph } from "../lib/ltm/graph.ts";
import { getMeta } from "../lib/ltm/_repository.ts";
import { Image } from "../lib/image/image.ts";
import { seedLivingImage } from "../lib/cycle/seed.ts";
import { createContext } from "../ops/context.ts";
import { serveHttp } from "../mcp/http.ts";
import { FRAGMENT_HEADER } from "../web/app.ts";
import { COMMON, delta, RARE, writeLtmCorpus } from "./_ltm_corpus.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    files: { type: "string", default: "100000" },
    runs: { type: "string", default: "5" },
  },
});
const N = Number(values.files);
const RUNS = Number(values.runs);
const SAMPLE = new URL("../samples/bundles/metablooms_os_sample_v1.zip", import.meta.url).pathname;

const root = await Deno.makeTempDir({ prefix: "mb_web_bench_" });
try {
  const config = await loadConfig({
    env: {},
    cwd: root,
    flags: { dataDir: join(root, "data"), roots: [root, SAMPLE] },
  });
  console.log(`web bench: ${N} deltas in ${config.ltmDir}`);
  const t = performance.now();
  await writeLtmCorpus(config.ltmDir, N);
  await using ctx = createContext(config, { door: "mcp" });
  const indexed = await reindexLtm(await ctx.store(), config.ltmDir);
  await bootImage(config, SAMPLE, { promote: true });
  await seedLivingImage(await Image.open(await ctx.store()));
  console.log(
    `set-up: ${indexed.modules} modules indexed, sample booted in ${
      ((performance.now() - t) / 1000).toFixed(1)
    } s`,
  );
  const server = await serveHttp(ctx, { hostname: "127.0.0.1", port: 0 });
  const base = server.url.replace(/\/mcp$/, "");
  const time = async (path: string, fragment: boolean): Promise<number> => {
    const s = performance.now();
    const res = await fetch(`${base}${path}`, {
      headers: fragment ? { [FRAGMENT_HEADER]: "1" } : {},
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    return performance.now() - s;
  };
  const pages: Array<[string, string]> = [
    ["slots and boots", "/"],
    ["validate the sample bundle", `/bundles?path=${encodeURIComponent(SAMPLE)}`],
    ["module graph", "/graph"],
    ["module graph around a module", "/graph?focus=MB__03_DELTA__Bench_000100_v1"],
    ["search, rare word", `/search?q=${RARE}`],
    ["search, common word", `/search?q=${COMMON}`],
    ["one delta", "/delta/MB__03_DELTA__Bench_000100_v1"],
    ["search, both halves", `/search?q=${RARE}&mq=${RARE}`],
    ["living-image objects", "/objects"],
    ["one object with history", "/objects/genesis_obj"],
    ["audit", "/audit"],
    ["page shell", "/graph"],
  ];
  for (let i = 0; i < 3; i++) await time("/health", false);
  const health: number[] = [];
  for (let i = 0; i < RUNS * 4; i++) health.push(await time("/health", false));
  const baseline = median(health);
  console.log(`baseline GET /health: p50 ${baseline.toFixed(2)} ms`);
  let worst = 0;
  for (const [name, path] of pages) {
    const fragment = name !== "page shell";
    const cold = await time(path, fragment); // first call: fills the graph and ranking caches
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await time(path, fragment));
    const max = Math.max(...runs);
    worst = Math.max(worst, max, cold);
    console.log(
      `${name.padEnd(30)} p50 ${median(runs).toFixed(1).padStart(7)} ms, max ${
        max.toFixed(1).padStart(7)
      } ms (${(median(runs) / baseline).toFixed(0)}× /health); first call ${cold.toFixed(0)} ms`,
    );
  }
  console.log(
    `slowest page (first calls included) with ${indexed.modules} indexed deltas: ${
      worst.toFixed(0)
    } ms — ${worst < 1000 ? "every page under 1 s" : "OVER the 1 s bar"}`,
  );
  // What storing the graph costs a change: one new delta, a quick reindex (as ingest runs it),
  // then the graph page's first call in the new generation.
  const extra = delta(N);
  await Deno.writeTextFile(join(config.ltmDir, extra.path), extra.text);
  const r = performance.now();
  await reindexLtm(await ctx.store(), config.ltmDir, { quick: true });
  const reindexMs = performance.now() - r;
  const after = await time("/graph", true);
  // The graph's share of that reindex: the same computation and write again, on its own.
  const store = await ctx.store();
  const generation = await store.read((tx) => getMeta(tx, "generation"));
  const g = performance.now();
  await store.transaction((tx) => storeMipsGraph(tx, generation!));
  const graphMs = performance.now() - g;
  console.log(
    `one new delta: quick reindex ${reindexMs.toFixed(0)} ms, of which computing and storing ` +
      `the graph ~${graphMs.toFixed(0)} ms; graph page's first call after it ${
        after.toFixed(0)
      } ms`,
  );
  await server.shutdown();
} finally {
  await Deno.remove(root, { recursive: true });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
