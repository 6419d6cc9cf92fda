import { join } from "node:path";
import { SyncStore as Store } from "./lib/store/_sync_store.ts";
import { reindexLtm } from "./lib/ltm/reindex.ts";
import { buildMipsGraph } from "./lib/ltm/graph.ts";
import { graphView } from "./web/views/graph.ts";
import { writeLtmCorpus } from "./bench/_ltm_corpus.ts";
const n = Number(Deno.args[0] ?? 5000);
const root = await Deno.makeTempDir();
await writeLtmCorpus(join(root, "ltm"), n);
using store = await Store.open(join(root, "db"));
await reindexLtm(store, join(root, "ltm"));
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const g = await buildMipsGraph(store);
  const b = performance.now() - t;
  t = performance.now();
  const html = graphView(g);
  const v = performance.now() - t;
  t = performance.now();
  const html2 = graphView(g, { focus: "MB__03_DELTA__Bench_000100_v1" });
  const f = performance.now() - t;
  console.log(`nodes ${g.nodes.length} edges ${g.edges.length} build ${b.toFixed(0)} ms, view ${v.toFixed(0)} ms (${html.length} chars), focus view ${f.toFixed(0)} ms`);
}
await Deno.remove(root, { recursive: true });
