import { assert, assertEquals } from "../_assert.ts";
import { join } from "node:path";
import { buildIndexCore, exportIndexFiles } from "../../lib/ltm/export.ts";
import { getMipsDelta } from "../../lib/ltm/get.ts";
import { analyzeGraph, buildMipsGraph } from "../../lib/ltm/graph.ts";
import { reindexLtm } from "../../lib/ltm/reindex.ts";
import * as repo from "../../lib/ltm/_repository.ts";
import { packGraph, unpackGraph } from "../../lib/ltm/_graph_pack.ts";
import { openStore } from "../../lib/store/open.ts";
import { IndexCoreSchema, MipsGraphSchema } from "../../schemas/ltm.ts";
import { flat, ltmFixture } from "../fixtures/ltm_fixture.ts";

const M = "deltas/2026-01";

function crafted() {
  return ltmFixture({
    [`${M}/A.mips.json`]: flat("A", { os_id: "MB__02_OS__A" }),
    [`${M}/B.mips.json`]: flat("B", { parent_bundle: "A.mips.json", status: "ACTIVE" }),
    [`${M}/C.mips.md`]:
      "MIPS/1.0\nartifact_id: C\nparent_bundle: deltas/2026-01/B.mips.json\n---\n",
    [`${M}/D.mips.json`]: flat("D", { depends_on: ["C", "Ghost_v1"], links: { supersedes: "B" } }),
    [`${M}/E.mips.json`]: flat("E", { depends_on: ["F"] }),
    [`${M}/F.mips.json`]: flat("F", { dependencies: [{ module_id: "E", required: true }] }),
    [`${M}/G.mips.json`]: flat("G", { parent_bundle: "ACTIVE_PROJECT_FILES" }),
    [`${M}/H.mips.json`]: flat("H", { parent_bundle: "H.mips.json" }),
    [`${M}/I.mips.json`]: flat("I", { parent_bundle: "" }),
  });
}

Deno.test("buildMipsGraph() gives layers, cycles, orphans and dangling references of a crafted set", async () => {
  await using fx = await crafted();
  await reindexLtm(fx.store, fx.dir);
  const g = await buildMipsGraph(fx.store);
  assert(MipsGraphSchema.safeParse(g).success);
  assertEquals(g.nodes, ["A", "B", "C", "D", "E", "F", "G", "H", "I"]);
  assertEquals(g.edges, [
    { from: "B", to: "A", required: true, kind: "parent_bundle" },
    { from: "C", to: "B", required: true, kind: "parent_bundle" },
    { from: "D", to: "B", required: false, kind: "supersedes" },
    { from: "D", to: "C", required: true, kind: "depends_on" },
    { from: "E", to: "F", required: true, kind: "depends_on" },
    { from: "F", to: "E", required: true, kind: "depends_on" },
  ]);
  assertEquals(g.topo_layers, [["A", "E", "F", "G", "H", "I"], ["B"], ["C"], ["D"]]);
  assertEquals(g.cycles, [["E", "F"]]);
  assertEquals(g.orphans, ["G", "H", "I"]);
  assertEquals(g.dangling, [
    { from: "D", ref: "Ghost_v1", kind: "depends_on" },
    { from: "G", ref: "ACTIVE_PROJECT_FILES", kind: "parent_bundle" },
  ]);
});

Deno.test("getMipsDelta() lists resolved dependencies, dangling references and dependents", async () => {
  await using fx = await crafted();
  await reindexLtm(fx.store, fx.dir);
  const d = await getMipsDelta(fx.store, `${M}/D.mips.json`);
  assertEquals(d.dependencies, [
    { module_id: "C", required: true, kind: "depends_on" },
    { module_id: "B", required: false, kind: "supersedes" },
  ]);
  assertEquals(d.dangling, ["Ghost_v1"]);
  assertEquals((await getMipsDelta(fx.store, "B")).dependents, ["C", "D"]);
  assertEquals((await getMipsDelta(fx.store, "B")).posture, "HISTORICAL");
  assertEquals((await getMipsDelta(fx.store, join(fx.dir, M, "C.mips.md"))).module_id, "C");
});

Deno.test("exportIndexFiles() writes both files with boot, runtime, registry, timestamps and index", async () => {
  await using fx = await crafted();
  await fx.write(
    "manifests/bootstrap.json",
    JSON.stringify({ fail_closed: false, posture: { hash_enforced: true } }),
  );
  await reindexLtm(fx.store, fx.dir);
  const out = await exportIndexFiles(fx.store, join(fx.dir, "export"));
  assertEquals([out.modules, out.edges], [9, 6]);
  const index = JSON.parse(await Deno.readTextFile(out.index_path));
  assert(IndexCoreSchema.safeParse(index).success);
  for (const key of ["boot", "runtime", "registry", "timestamps", "index"]) {
    assert(key in index, key);
  }
  assertEquals(index.boot, { entrypoint: "RUN_METABLOOMS.py", fail_closed: "PERMISSIVE" });
  assertEquals(index.posture.hash_enforced, true);
  assertEquals(index.runtime.active_bundle.module_id, "A");
  assertEquals(index.runtime.mode, "FULL");
  assertEquals(index.registry.C.deps, [{ module_id: "B", required: true }]);
  assertEquals(index.registry.C.filename, "C.mips.md");
  assertEquals(index.timestamps.last_updated_utc, index.index.last_updated_utc);
  const graph = JSON.parse(await Deno.readTextFile(out.graph_path));
  assertEquals(graph.cycles, [["E", "F"]]);
  // The export files are never indexed themselves.
  await exportIndexFiles(fx.store, fx.dir);
  assertEquals((await reindexLtm(fx.store, fx.dir)).scanned, 9);
  assertEquals((await buildIndexCore(fx.store)).index.index.modules, 9);
});

Deno.test("analyzeGraph() handles self-loops, unknown nodes and long chains", () => {
  const chain = Array.from({ length: 5000 }, (_, i) => `n${String(i).padStart(4, "0")}`);
  const edges = chain.slice(1).map((n, i) => ({
    from: n,
    to: chain[i]!,
    required: true,
    kind: "depends_on" as const,
  }));
  const g = analyzeGraph(chain, [...edges, {
    from: "n0000",
    to: "n0000",
    required: true,
    kind: "depends_on",
  }, {
    from: "n0001",
    to: "ghost",
    required: true,
    kind: "depends_on",
  }]);
  assertEquals(g.topo_layers.length, 5000);
  assertEquals(g.cycles, [["n0000"]]);
  assertEquals(g.edges.length, 5000);
});

Deno.test("buildMipsGraph() keeps the graph of an index generation and rebuilds it after a reindex changes the index", async () => {
  await using fx = await crafted();
  await reindexLtm(fx.store, fx.dir);
  const first = await buildMipsGraph(fx.store);
  (first as { export?: unknown }).export = { dir: "x" }; // a caller's own field on its copy
  const again = await buildMipsGraph(fx.store);
  assertEquals("export" in again, false);
  assert(again.nodes === first.nodes, "the same generation's graph is reused");
  await Deno.writeTextFile(join(fx.dir, M, "J.mips.json"), flat("J", { depends_on: ["A"] }));
  await Deno.utime(join(fx.dir, M, "J.mips.json"), new Date(0), new Date(0));
  await reindexLtm(fx.store, fx.dir);
  const after = await buildMipsGraph(fx.store);
  assert(after.nodes.includes("J"), after.nodes.join());
  assertEquals(after.edges.some((e) => e.from === "J" && e.to === "A"), true);
});

Deno.test("a reindex stores its generation's graph, packed; another process reads it instead of analysing the index", async () => {
  await using fx = await crafted();
  const db = join(fx.dir, "..", `${fx.dir.split("/").pop()}.db`);
  try {
    await using writer = await openStore({ sqlite_path: db });
    await reindexLtm(writer, fx.dir);
    const computed = await buildMipsGraph(writer);
    const stored = await writer.read(async (tx) => ({
      generation: await repo.getMeta(tx, "generation"),
      graph: await repo.getGraph(tx),
    }));
    assertEquals(stored.graph?.generation, stored.generation);
    assertEquals(unpackGraph(stored.graph!.packed), computed);
    // What a second process sees is the stored graph: replace it and read it from a fresh store.
    await writer.transaction((tx) =>
      repo.putGraph(tx, stored.generation!, packGraph(analyzeGraph(["only_stored"], [])))
    );
    {
      await using reader = await openStore({ sqlite_path: db });
      assertEquals((await buildMipsGraph(reader)).nodes, ["only_stored"]);
    }
    // A change starts a new generation and stores its graph again.
    await fx.write(`${M}/J.mips.json`, flat("J", { depends_on: ["A"] }));
    await reindexLtm(writer, fx.dir);
    await using reader = await openStore({ sqlite_path: db });
    const after = await buildMipsGraph(reader);
    assert(after.nodes.includes("J") && after.nodes.includes("A"), after.nodes.join());
    assert(after.edges.some((e) => e.from === "J" && e.to === "A"));
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) await Deno.remove(db + suffix).catch(() => {});
  }
});
