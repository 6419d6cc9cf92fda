import assert from "node:assert/strict";
import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { remember } from "../../lib/catalog/remember.ts";
import { searchMemory } from "../../lib/catalog/search.ts";
import { MIPS_VECTORS } from "../fixtures/mips_vectors.ts";

const BLUE = MIPS_VECTORS.find((v) => v.moduleId === "MB__03_DELTA__BlueWidgets_v1")!;

async function withDocs(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mb_remember_" });
  try {
    await Deno.writeTextFile(
      `${dir}/guide.md`,
      "# Brewing\nIntro to brewing.\n\n## Green tea\nSteep green tea at 80 degrees.\n\n```\n# not a heading\n```\n\n## Coffee\nGrind coffee beans coarsely.\n",
    );
    await Deno.writeTextFile(
      `${dir}/notes.txt`,
      "First paragraph about kettles.\n\nSecond paragraph about cups.",
    );
    await Deno.writeTextFile(
      `${dir}/facts.json`,
      JSON.stringify({ capital: "Paris", rivers: ["Seine", "Loire"] }),
    );
    await Deno.writeTextFile(`${dir}/${BLUE.name}`, BLUE.text);
    await Deno.writeTextFile(`${dir}/image.bin.json`, "{not json");
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("remember() chunks Markdown by headings, text by paragraphs, JSON by member, and a MIPS delta with its metadata", async () => {
  await withDocs(async (dir) => {
    await using store = await openSqliteStore(":memory:");
    const result = await remember(store, dir);
    const byName = Object.fromEntries(result.files.map((f) => [f.path.slice(dir.length + 1), f]));
    assert.deepEqual(
      Object.fromEntries(Object.entries(byName).map(([k, f]) => [k, [f.kind, f.status, f.chunks]])),
      {
        "guide.md": ["markdown", "added", 3],
        "notes.txt": ["text", "added", 1],
        "facts.json": ["json", "added", 2],
        [BLUE.name]: ["mips", "added", 3],
        "image.bin.json": ["unknown", "skipped", 0],
      },
    );
    assert.match(byName["image.bin.json"]!.reason!, /not JSON/);
    assert.equal(result.embeddings.used, false);
    const tea = await searchMemory(store, { text: "steep green" });
    assert.deepEqual(tea.hits.map((h) => [h.title, h.position]), [["Brewing > Green tea", 2]]);
    const delta = await searchMemory(store, { text: "widgets ship blue" });
    assert.equal(delta.hits[0]?.document?.metadata.module_id, BLUE.moduleId);
    assert.equal(delta.hits[0]?.document?.metadata.posture, "OPTIONAL");
    assert.equal(delta.hits[0]?.time, "2026-01-10T12:00:00Z");
    const river = await searchMemory(store, { text: "loire" });
    assert.equal(river.hits[0]?.title, "rivers");
  });
});

Deno.test("remember() skips an unchanged file and replaces the chunks of a changed one", async () => {
  await withDocs(async (dir) => {
    await using store = await openSqliteStore(":memory:");
    await remember(store, dir);
    const again = await remember(store, dir);
    assert.deepEqual([again.added, again.replaced, again.unchanged, again.chunks], [0, 0, 4, 0]);
    await Deno.writeTextFile(`${dir}/guide.md`, "# Brewing\nOnly oolong now.");
    const changed = await remember(store, `${dir}/guide.md`);
    assert.deepEqual([changed.replaced, changed.chunks], [1, 1]);
    assert.equal((await searchMemory(store, { text: "coffee" })).hits.length, 0);
    assert.equal(
      (await searchMemory(store, { text: "oolong" })).hits[0]?.source,
      `${dir}/guide.md`,
    );
  });
});

Deno.test("remember() reports REMEMBER_NOT_FOUND for a missing path", async () => {
  await using store = await openSqliteStore(":memory:");
  await assert.rejects(remember(store, "/no/such/notes"), { code: "REMEMBER_NOT_FOUND" });
});

Deno.test("remember() with an embedder cuts a section where the topic shifts and stores one vector per chunk", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mb_remember_" });
  try {
    const paragraphs = [
      "Tea leaves unfurl in hot water.",
      "Tea tastes bitter when steeped too long.",
      "Tea from the first flush is delicate.",
      "Engines burn fuel in cylinders.",
      "Engines need oil to stay cool.",
    ];
    await Deno.writeTextFile(`${dir}/mixed.txt`, paragraphs.join("\n\n"));
    const topic = (text: string) =>
      /^tea|\nTea/i.test(text) && !/Engine/.test(text) ? [1, 0.1] : [0.1, 1];
    const embedder = {
      model: "topic-test",
      embed: (texts: readonly string[]) =>
        Promise.resolve(texts.map((t) => Float32Array.from(topic(t)))),
    };
    await using store = await openSqliteStore(":memory:");
    const plain = await remember(store, `${dir}/mixed.txt`);
    assert.equal(plain.chunks, 1, "short paragraphs pack into one chunk without embeddings");
    await Deno.writeTextFile(`${dir}/mixed.txt`, paragraphs.join("\n\n") + "\n");
    const semantic = await remember(store, `${dir}/mixed.txt`, { embedder });
    assert.deepEqual([semantic.replaced, semantic.chunks], [1, 2]);
    assert.deepEqual(semantic.embeddings, { used: true, model: "topic-test" });
    const found = await searchMemory(store, { text: "engines" }, { embedder });
    assert.equal(found.ranking.vector, true);
    assert.match(found.hits[0]!.snippet, /^\[Engines\] burn fuel/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
