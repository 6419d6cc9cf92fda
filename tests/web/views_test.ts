import { assert, assertEquals } from "../_assert.ts";
import { analyzeGraph } from "../../lib/ltm/graph.ts";
import { graphView } from "../../web/views/graph.ts";
import { searchResultsView } from "../../web/views/ltm.ts";
import { esc } from "../../web/views/html.ts";
import { diffView, historyView, objectListView, objectView } from "../../web/views/image.ts";
import { methodSlot, summarizeMethods } from "../../lib/image/object.ts";
import { diffStates } from "../../lib/image/history.ts";
import { memoryHitsView } from "../../web/views/memory.ts";
import { auditView } from "../../web/views/audit.ts";

const drawn = (html: string) =>
  [...html.matchAll(/<a class="node[^"]*" href="[^"]*" data-node="([^"]+)"/g)].map((m) => m[1]);

Deno.test("graphView() draws the connected modules first when a large graph exceeds the limit", () => {
  const lonely = Array.from({ length: 1000 }, (_, i) => `A_${String(i).padStart(4, "0")}`);
  const graph = analyzeGraph([...lonely, "Z_core", "Z_app", "Z_ui"], [
    { from: "Z_app", to: "Z_core", required: true, kind: "depends_on" },
    { from: "Z_ui", to: "Z_app", required: false, kind: "supersedes" },
  ]);
  const html = graphView(graph, { maxNodes: 50 });
  const nodes = drawn(html);
  assertEquals(nodes.length, 50);
  assert(["Z_core", "Z_app", "Z_ui"].every((n) => nodes.includes(n)), nodes.join());
  assert(html.includes("Drawing 50 of 1003 modules"));
  assert(html.includes('data-count="nodes">1003<') && html.includes('data-count="orphans">1000<'));
});

Deno.test("graphView() around a module draws it and its neighbours two steps away, no further", () => {
  const graph = analyzeGraph(["a", "b", "c", "d", "e"], [
    { from: "b", to: "a", required: true, kind: "depends_on" },
    { from: "c", to: "b", required: true, kind: "depends_on" },
    { from: "d", to: "c", required: true, kind: "depends_on" },
  ]);
  assertEquals(drawn(graphView(graph, { focus: "a" })).sort(), ["a", "b", "c"]);
});

Deno.test("graphView() marks cycles, orphans and modules with dangling references, and draws the ghosts", () => {
  const graph = analyzeGraph(["a", "b", "o", "x"], [
    { from: "a", to: "b", required: true, kind: "depends_on" },
    { from: "b", to: "a", required: true, kind: "depends_on" },
  ], [{ from: "x", ref: "Ghost_v1", kind: "depends_on" }]);
  const html = graphView(graph);
  assertEquals(html.match(/class="node cycle"/g)?.length, 2);
  assert(/class="node orphan dangling-from"[^>]*data-node="x"/.test(html), html);
  assert(/class="node orphan"[^>]*data-node="o"/.test(html));
  assertEquals(html.match(/<g class="ghost">/g)?.length, 1);
  assert(html.includes("? Ghost_v1"));
});

Deno.test("views escape what they show: a hostile module id or snippet stays text", () => {
  const evil = `<img src=x onerror=alert(1)>`;
  const html = searchResultsView({
    total: 1,
    offset: 0,
    limit: 20,
    results: [{
      module_id: evil,
      path: "p",
      format: "J-flat",
      posture: "ACTIVE",
      hash_status: "ABSENT",
      score: 1,
      snippet: `a [${evil}] b`,
    }],
  } as never, evil);
  assert(!html.includes("<img"), html);
  assert(html.includes(`<mark>${esc(evil)}</mark>`));
});

Deno.test("the living-image views escape ids, slot names, values and method source", () => {
  const evil = `<img src=x onerror=alert(1)>`;
  const method = methodSlot("m", `function m(self) { return "${evil}"; }`, {
    verdict: { guardian: "PersistenceGuardian", ok: false, checked_at: "t" },
    cycle_id: evil,
    persona: evil,
  });
  const object = {
    oid: evil,
    version: 1,
    parents: [evil],
    slots: { [evil]: evil, m: method },
    methods: summarizeMethods({ m: method }),
    tx_id: evil,
    committed_at: evil,
  };
  const html = objectView(object, { current: 2, readOnly: false }) +
    historyView({
      oid: evil,
      versions: [1, 2].map((version) => ({
        version,
        tx_id: evil,
        kind: evil,
        note: evil,
        cycle_id: evil,
        committed_at: evil,
        changed: [evil],
      })),
    }, { current: 2, readOnly: false }) +
    diffView(diffStates(evil, { version: 1, slots: {}, parents: [] }, object)) +
    objectListView({
      total: 1,
      objects: [{
        oid: evil,
        version: 1,
        parents: [evil],
        slot_names: [evil],
        method_names: [evil],
        committed_at: evil,
      }],
    });
  assert(!html.includes("<img"), html);
  assert(html.includes("PersistenceGuardian: rejected"));
  // The undo button's input is JSON inside an attribute: it reads back as the object id.
  const input = /data-input="([^"]+)"/.exec(html)![1]!;
  const decoded = input.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  assertEquals(JSON.parse(decoded), { object: evil, version: 1 });
});

Deno.test("memory hits and the audit tables escape what they show", () => {
  const evil = `<img src=x onerror=alert(1)>`;
  const hits = memoryHitsView({
    text: evil,
    limit: 20,
    offset: 0,
    has_more: true,
    ranking: { bm25: true, vector: false, reason: evil },
    hits: [{
      id: evil,
      kind: "record",
      score: 1,
      title: evil,
      snippet: `a [${evil}] b`,
      source: evil,
      position: 1,
      persona: evil,
      cycle_id: evil,
      event_type: evil,
      time: evil,
    }],
  });
  const rate = { cycles: 1, complete: 0, failed: 1, unfinished: 0, success_rate: 0 };
  const audit = auditView({
    totals: rate,
    window: { since: null, until: null, first: evil, last: evil },
    by_persona: [{ persona: evil, ...rate }],
    timeline: {
      bucket_ms: 60_000,
      buckets: [{ start: evil, complete: 0, failed: 1, unfinished: 0 }],
    },
  } as never, "<svg></svg>");
  assert(!hits.includes("<img") && !audit.includes("<img"), hits + audit);
  assert(hits.includes(`<mark>${esc(evil)}</mark>`) && hits.includes("(more follow)"));
  assert(audit.includes("0%") && audit.includes('data-count="cycles">1<'));
});

Deno.test("diffView() shows a rewritten method's source line by line", () => {
  const provenance = {
    verdict: { guardian: "PersistenceGuardian", ok: true, checked_at: "t" },
    cycle_id: null,
    persona: null,
  };
  const v1 = methodSlot("m", "function m(self) {\n  return 1;\n}", provenance);
  const v2 = methodSlot("m", "function m(self) {\n  return 2;\n}", provenance);
  const html = diffView(
    diffStates("o", { version: 1, slots: { m: v1 }, parents: [] }, {
      version: 2,
      slots: { m: v2 },
      parents: [],
    }),
  );
  assert(html.includes('<span class="del">-   return 1;</span>'), html);
  assert(html.includes('<span class="ins">+   return 2;</span>'));
  assert(html.includes("<span>  function m(self) {</span>"));
});
