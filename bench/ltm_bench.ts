// deno-lint-ignore-file no-console -- a benchmark prints its figures
/**
 * LTM index benchmark: generates N deltas in mixed header formats, then
 * measures a cold full index (files/s), warm query latency (p50/p99) for text
 * and filter queries, a no-change rescan, and incremental reindex after one
 * new file (full and quick mode), against a same-run baseline: `grep -r -l`
 * for the same word over the tree.
 *
 * Run: `./bin/deno run -A bench/ltm_bench.ts [--files 20000] [--keep]`
 * (`--files 100000` for the full figure).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { openStore } from "../lib/store/open.ts";
import { queryMipsIndex } from "../lib/ltm/query.ts";
import { reindexLtm } from "../lib/ltm/reindex.ts";
import type { MipsQuery } from "../schemas/ltm.ts";
import { forgetRankings } from "../lib/ltm/_rank_cache.ts";
import { setMeta } from "../lib/ltm/_repository.ts";
import { COMMON, delta, RARE, VOCAB, writeLtmCorpus } from "./_ltm_corpus.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    files: { type: "string", default: "20000" },
    keep: { type: "boolean", default: false },
    queries: { type: "string", default: "300" },
  },
});
const N = Number(values.files);
const QUERIES = Number(values.queries);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

const root = await Deno.makeTempDir({ prefix: "mb_ltm_bench_" });
const ltm = join(root, "ltm");
console.log(`LTM bench: ${N} deltas in ${ltm}`);
let t = performance.now();
await writeLtmCorpus(ltm, N);
console.log(`generated in ${ms(performance.now() - t)}`);

const store = await openStore({ sqlite_path: join(root, "bench.db") });
t = performance.now();
const cold = await reindexLtm(store, ltm);
const coldMs = performance.now() - t;
console.log(
  `cold index: ${cold.modules} modules in ${ms(coldMs)} = ${
    (cold.modules / (coldMs / 1000)).toFixed(0)
  } files/s`,
);

const kinds: Array<[string, MipsQuery]> = [
  ["rare word", { text: RARE, limit: 20 }],
  ["common word (1/3 of files)", { text: COMMON, limit: 20 }],
  ["typical word (~1% of files)", { text: VOCAB[11]!, limit: 20 }],
  ["two words", { text: `${COMMON} ${VOCAB[3]}`, limit: 20 }],
  ["posture + time range", { posture: "ACTIVE", from: "2025-03-01", to: "2025-03-31", limit: 20 }],
  ["module glob + page 3", { module_id: "MB__03_DELTA__Bench_0001*", limit: 20, offset: 40 }],
];
for (const [, q] of kinds) for (let i = 0; i < 5; i++) await queryMipsIndex(store, q); // warm the page cache
// "uncached": the rankings are forgotten before every call, so each text query is ranked afresh;
// "cached": the same query again (ranked ids are kept per index generation, e.g. for paging).
const uncachedAll: number[] = [];
const cachedAll: number[] = [];
for (const [name, q] of kinds) {
  const uncached: number[] = [];
  const cached: number[] = [];
  let total = 0;
  for (let i = 0; i < QUERIES / kinds.length; i++) {
    forgetRankings(store);
    let s = performance.now();
    total = (await queryMipsIndex(store, q)).total;
    uncached.push(performance.now() - s);
    s = performance.now();
    await queryMipsIndex(store, q);
    cached.push(performance.now() - s);
  }
  uncachedAll.push(...uncached);
  cachedAll.push(...cached);
  console.log(
    `query ${name.padEnd(28)} total ${String(total).padStart(6)}: uncached p50 ${
      ms(pct(uncached, 0.5))
    }, ` +
      `p99 ${ms(pct(uncached, 0.99))}; cached p50 ${ms(pct(cached, 0.5))}, p99 ${
        ms(pct(cached, 0.99))
      }`,
  );
}
const rareTimes: number[] = [];
for (let i = 0; i < 50; i++) {
  forgetRankings(store);
  const s = performance.now();
  await queryMipsIndex(store, { text: RARE, limit: 20 });
  rareTimes.push(performance.now() - s);
}
console.log(
  `query overall (${uncachedAll.length} each): uncached p50 ${ms(pct(uncachedAll, 0.5))}, p99 ${
    ms(pct(uncachedAll, 0.99))
  }; cached p50 ${ms(pct(cachedAll, 0.5))}, p99 ${ms(pct(cachedAll, 0.99))} (target p99 < 10 ms)`,
);

// The first query after a write to the store (a reindex) reads through a fresh snapshot.
const afterWrite: number[] = [];
for (let i = 0; i < 30; i++) {
  await store.transaction((tx) => setMeta(tx, "generation", crypto.randomUUID()));
  const s = performance.now();
  await queryMipsIndex(store, { text: VOCAB[11]!, limit: 20 });
  afterWrite.push(performance.now() - s);
}
console.log(
  `query right after an index write (typical word): p50 ${ms(pct(afterWrite, 0.5))}, p99 ${
    ms(pct(afterWrite, 0.99))
  }`,
);

const grepTimes: number[] = [];
let grepHits = 0;
for (let i = 0; i < 3; i++) {
  const s = performance.now();
  const out = await new Deno.Command("grep", {
    args: ["-r", "-l", "-i", "-w", RARE, join(ltm, "deltas")],
    stdout: "piped",
  }).output();
  grepTimes.push(performance.now() - s);
  grepHits = new TextDecoder().decode(out.stdout).trim().split("\n").filter((l) => l).length;
}
const grep = pct(grepTimes, 0.5);
console.log(
  `baseline grep -r -l "${RARE}": ${grepHits} files in ${ms(grep)} (median of 3) — ` +
    `indexed query is ${(grep / pct(rareTimes, 0.5)).toFixed(0)}× faster (p50), ${
      (grep / pct(rareTimes, 0.99)).toFixed(0)
    }× (p99)`,
);

t = performance.now();
const noChange = await reindexLtm(store, ltm);
console.log(
  `rescan, nothing changed (full stat): ${ms(performance.now() - t)} (reread ${noChange.reread})`,
);
t = performance.now();
const quickNoChange = await reindexLtm(store, ltm, { quick: true });
console.log(
  `rescan, nothing changed (quick):     ${
    ms(performance.now() - t)
  } (reread ${quickNoChange.reread})`,
);

const extra = delta(N);
Deno.writeTextFileSync(join(ltm, extra.path), extra.text);
t = performance.now();
const inc = await reindexLtm(store, ltm);
const incMs = performance.now() - t;
console.log(
  `incremental after 1 new file (full stat): ${
    ms(incMs)
  } (added ${inc.added}, reread ${inc.reread})`,
);
const extra2 = delta(N + 7);
Deno.writeTextFileSync(join(ltm, extra2.path), extra2.text);
t = performance.now();
const incQ = await reindexLtm(store, ltm, { quick: true });
const incQMs = performance.now() - t;
console.log(
  `incremental after 1 new file (quick):     ${
    ms(incQMs)
  } (added ${incQ.added}, reread ${incQ.reread}) (target < 100 ms)`,
);
console.log(
  `ratios: cold index vs grep of one word ${
    (coldMs / grep).toFixed(1)
  }×; quick incremental vs grep ${(incQMs / grep).toFixed(2)}×`,
);

await store.close();
if (!values.keep) await Deno.remove(root, { recursive: true });
else console.log(`kept ${root}`);
