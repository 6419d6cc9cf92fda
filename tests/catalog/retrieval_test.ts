import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig } from "../../lib/config.ts";
import { createContext } from "../../ops/context.ts";
import { findOperation } from "../../ops/registry.ts";
import { runOperation } from "../../ops/run.ts";
import { GOOD_GREETING, GOOD_PLAN } from "../fixtures/living_image.ts";
import { startFakeOllama } from "../fixtures/ollama_server.ts";

Deno.test("a cycle opened by image_send retrieves remembered documents in DELEGATING and hands them to the synthesizer", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_retrieval_" }));
  const ollama = await startFakeOllama({
    models: ["brick", "robin", "alfred", "babs"].map((name) => ({ name })),
    answers: { brick: GOOD_PLAN, robin: GOOD_GREETING },
  });
  try {
    const config = await loadConfig({
      env: {
        OLLAMA_HOST: ollama.url,
        MB_PERSONA_MODELS: "BRICK=brick,ROBIN=robin,ALFRED=alfred,BABS=babs",
        MB_EMBED_MODEL: "off",
      },
      cwd: dir,
      flags: { dataDir: join(dir, "data"), roots: [dir], ollama: { retries: 0 } },
    });
    await using ctx = createContext(config, { door: "mcp", cwd: dir });
    await Deno.writeTextFile(
      join(dir, "style.md"),
      "# Greeting style\nA greeting for the architect is short and names them.",
    );
    await runOperation(findOperation("remember_files")!, { path: join(dir, "style.md") }, ctx);
    const sent = await runOperation(
      findOperation("image_send")!,
      { object: "genesis_obj", selector: "greet_architect" },
      ctx,
    ) as { learned: boolean };
    assert.equal(sent.learned, true);
    const synthesis = ollama.requests.find((r) =>
      r.path === "/api/chat" && r.body?.model === "robin"
    );
    const prompt = JSON.stringify(synthesis?.body?.messages ?? []);
    assert.match(prompt, /Knowledge:/);
    assert.match(prompt, /A greeting for the architect is short and names them/);
    assert(!ollama.requests.some((r) => r.path === "/api/embed"), "the vector half is off");
  } finally {
    await ollama.close();
    await Deno.remove(dir, { recursive: true });
  }
});
