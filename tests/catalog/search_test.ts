import assert from "node:assert/strict";
import { loadConfig } from "../../lib/config.ts";
import { configuredEmbedder } from "../../lib/catalog/embedder.ts";
import { ingestAuditLog } from "../../lib/catalog/ingest.ts";
import { remember } from "../../lib/catalog/remember.ts";
import { catalogRetriever } from "../../lib/catalog/retriever.ts";
import { searchMemory } from "../../lib/catalog/search.ts";
import { bm25Search } from "../../lib/catalog/repository.ts";
import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { startFakeOllama } from "../fixtures/ollama_server.ts";
import { cycleRecords, writeLog } from "./_logs.ts";

async function withCatalog(
  fn: (store: Awaited<ReturnType<typeof openSqliteStore>>, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mb_search_" });
  try {
    await using store = await openSqliteStore(":memory:");
    const cycles = Array.from({ length: 12 }, (_, i) => ({
      id: `c-${i}`,
      outcome: i % 3 === 0 ? "FAILED" as const : "COMPLETE" as const,
      persona: i % 2 ? "ROBIN" : "BRICK",
      words: i % 4 === 0 ? "espresso grinder calibration" : "herbal infusion",
    }));
    await writeLog(`${dir}/log.jsonl`, cycleRecords(cycles));
    await ingestAuditLog(store, { file: `${dir}/log.jsonl` });
    await Deno.mkdir(`${dir}/docs`);
    await Deno.writeTextFile(
      `${dir}/docs/espresso.md`,
      "# Espresso\nCalibrate the grinder before pulling espresso shots.",
    );
    await Deno.writeTextFile(`${dir}/docs/tea.md`, "# Tea\nHerbal infusion needs boiling water.");
    await fn(store, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("searchMemory() finds records by their prompt and response, filters by persona, outcome, event type and kind, and pages", async () => {
  await withCatalog(async (store, dir) => {
    await remember(store, `${dir}/docs`);
    const all = await searchMemory(store, { text: "espresso grinder", limit: 50 });
    // Cycles 0, 4, 8: their ARTIFACT_GENERATED records, plus the one document chunk.
    assert.deepEqual(all.hits.map((h) => h.kind).sort(), ["chunk", "record", "record", "record"]);
    assert(all.hits.every((h) => h.bm25_rank !== undefined && h.vector_rank === undefined));
    const record = all.hits.find((h) => h.kind === "record")!;
    assert.match(record.snippet, /\[espresso\] \[grinder\]/);
    assert.equal(record.source, `${dir}/log.jsonl`);
    const brick = await searchMemory(store, { text: "espresso", persona: "BRICK" });
    assert.deepEqual(brick.hits.map((h) => h.cycle_id).sort(), ["c-0", "c-4", "c-8"]);
    const failed = await searchMemory(store, {
      text: "espresso",
      outcome: "FAILED",
      kind: "record",
    });
    assert.deepEqual(failed.hits.map((h) => h.cycle_id).sort(), ["c-0"]);
    const guardian = await searchMemory(store, {
      text: "AST_FORBIDDEN",
      event_type: "VALIDATION_FAILURE",
    });
    assert.equal(guardian.hits.length, 4);
    const docs = await searchMemory(store, { text: "espresso", kind: "chunk" });
    assert.deepEqual(docs.hits.map((h) => h.source), [`${dir}/docs/espresso.md`]);
    const bySource = await searchMemory(store, { text: "espresso", source: "log.jsonl" });
    assert.equal(bySource.hits.length, 3);
    const page1 = await searchMemory(store, { text: "herbal infusion", limit: 4 });
    const page2 = await searchMemory(store, { text: "herbal infusion", limit: 4, offset: 4 });
    assert.equal(page1.has_more, true);
    assert.equal(new Set([...page1.hits, ...page2.hits].map((h) => h.id)).size, 8);
    const early = await searchMemory(store, { text: "herbal", to: "2026-01-10T12:00:30Z" });
    assert(early.hits.length > 0 && early.hits.every((h) => h.time! < "2026-01-10T12:00:30Z"));
    assert.deepEqual(all.ranking, {
      bm25: true,
      vector: false,
      reason: "no embedding model configured",
    });
  });
});

Deno.test("bm25Search() ranks every match exactly up to its window, and only the newest records (and chunks) above it, saying so", async () => {
  await withCatalog(async (store, dir) => {
    await remember(store, `${dir}/docs`);
    // "herbal": 9 records (the cycles not about espresso) and the tea document's chunk.
    const match = '"herbal"';
    const every = await store.read((tx) =>
      tx.all("SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH ? ORDER BY rank", [match])
    );
    const all = every.map((r) => Number(r.rowid));
    assert.equal(all.length, 10);
    const exact = await store.read((tx) => bm25Search(tx, match, {}, 50, 10));
    assert.deepEqual(exact, { rowids: all });
    const bounded = await store.read((tx) => bm25Search(tx, match, {}, 50, 4));
    assert.equal(bounded.window, 4);
    const newest = all.filter((r) => r > 0).sort((a, b) => b - a).slice(0, 4);
    assert.deepEqual(
      bounded.rowids.filter((r) => r > 0).sort((a, b) => b - a),
      newest,
    );
    assert.equal(bounded.rowids.filter((r) => r < 0).length, 1);
    // The order among those is BM25's (the exact ranking restricted to them).
    assert.deepEqual(bounded.rowids, all.filter((r) => r < 0 || newest.includes(r)));
    const filtered = await store.read((tx) => bm25Search(tx, match, { persona: "ROBIN" }, 50, 4));
    assert.equal(filtered.window, undefined);
  });
});

Deno.test("searchMemory() fuses BM25 and vector ranks when the embedding model answers, and falls back to BM25 with the reason when Ollama is gone", async () => {
  await withCatalog(async (store, dir) => {
    const ollama = await startFakeOllama({ embedDimensions: 16 });
    try {
      const config = await loadConfig({ env: { OLLAMA_HOST: ollama.url }, cwd: dir });
      const embedder = configuredEmbedder(config.ollama)!;
      const remembered = await remember(store, `${dir}/docs`, { embedder });
      assert.deepEqual(remembered.embeddings, { used: true, model: "nomic-embed-text" });
      const hybrid = await searchMemory(store, { text: "espresso grinder", limit: 20 }, {
        embedder,
      });
      assert.deepEqual(hybrid.ranking, { bm25: true, vector: true, model: "nomic-embed-text" });
      const chunk = hybrid.hits.find((h) =>
        h.kind === "chunk" && h.source.endsWith("espresso.md")
      )!;
      assert(chunk.bm25_rank !== undefined && chunk.vector_rank !== undefined);
      assert(hybrid.hits.some((h) => h.source.endsWith("tea.md") && h.bm25_rank === undefined));
      assert(ollama.requests.some((r) => r.path === "/api/embed"));
      await ollama.close();
      const fallback = await searchMemory(store, { text: "espresso grinder" }, { embedder });
      assert.equal(fallback.ranking.bm25, true);
      assert.equal(fallback.ranking.vector, false);
      assert.match(fallback.ranking.reason!, /nomic-embed-text did not answer \(LLM_UNREACHABLE\)/);
      assert(fallback.hits.some((h) => h.source.endsWith("espresso.md")));
    } finally {
      await ollama.close();
    }
  });
});

Deno.test("remember() goes on without embeddings when Ollama is unreachable, and says why", async () => {
  await withCatalog(async (store, dir) => {
    const config = await loadConfig({ env: { OLLAMA_HOST: "http://127.0.0.1:9" }, cwd: dir });
    const result = await remember(store, `${dir}/docs`, {
      embedder: configuredEmbedder(config.ollama),
    });
    assert.equal(result.added, 2);
    assert.equal(result.embeddings.used, false);
    assert.match(result.embeddings.reason!, /LLM_UNREACHABLE/);
  });
});

Deno.test("catalogRetriever() gives a cycle the whole chunk and the best record passages for a plan's query", async () => {
  await withCatalog(async (store, dir) => {
    await remember(store, `${dir}/docs`);
    const snippets = await catalogRetriever(store).retrieve(
      "how to calibrate an espresso grinder",
      2,
    );
    assert.equal(snippets.length, 2);
    assert.equal(
      snippets[0]!.text,
      "Espresso\nCalibrate the grinder before pulling espresso shots.",
    );
  });
});
