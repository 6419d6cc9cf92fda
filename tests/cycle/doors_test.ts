import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig } from "../../lib/config.ts";
import { createContext } from "../../ops/context.ts";
import { SendResultSchema } from "../../schemas/image.ts";
import { runCliScript } from "../_cli.ts";
import { connectInMemory } from "../mcp/_helpers.ts";
import { GOOD_GREETING, GOOD_PLAN } from "../fixtures/living_image.ts";
import { startFakeOllama } from "../fixtures/ollama_server.ts";

const PERSONAS = "BRICK=brick,ROBIN=robin,ALFRED=alfred,BABS=babs";
const MODELS = ["brick", "robin", "alfred", "babs"].map((name) => ({ name }));

/** A temp data folder, a fake Ollama with the persona models, and an MCP client on a context. */
async function mcpFixture(script: { headerDelayMs?: number } = {}) {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_doors_" }));
  const ollama = await startFakeOllama({
    models: MODELS,
    answers: { brick: GOOD_PLAN, robin: GOOD_GREETING },
    ...script,
  });
  const config = await loadConfig({
    env: { OLLAMA_HOST: ollama.url, MB_PERSONA_MODELS: PERSONAS },
    cwd: dir,
    flags: { dataDir: join(dir, "data"), roots: [dir], ollama: { retries: 0 } },
  });
  const deps = createContext(config, { door: "mcp" });
  const pair = await connectInMemory(deps);
  return {
    dir,
    client: pair.client,
    async [Symbol.asyncDispose]() {
      await pair[Symbol.asyncDispose]();
      await deps.close();
      await ollama.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("MCP image_send learns a method with a progress notification per PSM state; get, history and undo follow", async () => {
  await using f = await mcpFixture();
  const pair = f;
  {
    const notes: string[] = [];
    const sent = await pair.client.callTool(
      {
        name: "image_send",
        arguments: { object: "genesis_obj", selector: "greet_architect", args: [] },
      },
      undefined,
      { onprogress: (p) => notes.push(p.message ?? ""), resetTimeoutOnProgress: true },
    );
    assert.equal(sent.isError, undefined);
    const result = SendResultSchema.parse(sent.structuredContent);
    assert.deepEqual([result.result, result.learned], ["Hello, the Architect", true]);
    for (const state of ["DECOMPOSING", "DELEGATING", "SYNTHESIZING", "VALIDATING", "COMPLETE"]) {
      assert(
        notes.some((n) => n.includes(state)),
        `no progress for ${state}: ${notes.join(" | ")}`,
      );
    }
    const got = await pair.client.callTool({
      name: "image_get",
      arguments: { object: "genesis_obj" },
    });
    const view = got.structuredContent as { version: number; methods: { selector: string }[] };
    assert.deepEqual([view.version, view.methods.map((m) => m.selector)], [2, ["greet_architect"]]);
    const history = await pair.client.callTool({
      name: "image_history",
      arguments: { object: "genesis_obj" },
    });
    const versions = (history.structuredContent as { versions: { kind: string }[] }).versions;
    assert.deepEqual(versions.map((v) => v.kind), ["seed", "cycle"]);
    const undo = await pair.client.callTool({
      name: "image_undo",
      arguments: { object: "genesis_obj" },
    });
    assert.equal((undo.structuredContent as { new_version: number }).new_version, 3);
    const missing = await pair.client.callTool({
      name: "image_get",
      arguments: { object: "nope" },
    });
    assert.equal(missing.isError, true);
    assert.match(JSON.stringify(missing.content), /IMAGE_NOT_FOUND/);
  }
});

Deno.test("cancelling an MCP image_send aborts the cycle and leaves the image unchanged", async () => {
  await using f = await mcpFixture({ headerDelayMs: 1500 });
  const pair = f;
  const dir = f.dir;
  {
    const controller = new AbortController();
    const sending = pair.client.callTool(
      { name: "image_send", arguments: { object: "genesis_obj", selector: "greet_architect" } },
      undefined,
      {
        signal: controller.signal,
        onprogress: (p) => {
          if (p.message?.includes("DECOMPOSING")) setTimeout(() => controller.abort("stop"), 100);
        },
      },
    );
    await assert.rejects(sending);
    await new Promise((r) => setTimeout(r, 300)); // the server side winds down
    const got = await pair.client.callTool({
      name: "image_get",
      arguments: { object: "genesis_obj" },
    });
    assert.equal((got.structuredContent as { version: number }).version, 1);
    const log = await Deno.readTextFile(join(dir, "data", "audit", "metacognition.jsonl"));
    const last = JSON.parse(log.trimEnd().split("\n").at(-1)!);
    assert.deepEqual([last.event_type, last.final_outcome, last.validation_result.reason.code], [
      "FINAL_OUTCOME",
      "FAILED",
      "CANCELLED",
    ]);
  }
});

Deno.test("metablooms send learns through the CLI, takes JSON arguments, and show/history/undo read the result", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_doors_" }));
  await using ollama = await startFakeOllama({
    models: MODELS,
    answers: {
      brick: GOOD_PLAN,
      robin:
        "function add_to(self, a, b) { self.total = (self.total ?? 0) + a + b.n; return self.total; }",
    },
  });
  const env = {
    MB_DATA_DIR: join(dir, "data"),
    OLLAMA_HOST: ollama.url,
    MB_PERSONA_MODELS: PERSONAS,
  };
  try {
    const sent = await runCliScript("cli/metablooms.ts", [
      "send",
      "genesis_obj",
      "add_to",
      "2",
      '{"n":3}',
      "--json",
    ], { cwd: dir, env });
    assert.equal(sent.code, 0, sent.stderr);
    const result = SendResultSchema.parse(JSON.parse(sent.stdout));
    assert.deepEqual([result.result, result.learned, result.changed_slots], [5, true, ["total"]]);
    const shown = await runCliScript(
      "cli/metablooms.ts",
      ["show", "genesis_obj", "--version", "1"],
      {
        cwd: dir,
        env,
      },
    );
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /genesis_obj version 1/);
    const undone = await runCliScript("cli/metablooms.ts", ["undo", "genesis_obj", "1", "--json"], {
      cwd: dir,
      env,
    });
    assert.equal(JSON.parse(undone.stdout).new_version, 3);
    const missing = await runCliScript("cli/metablooms.ts", ["history", "nope"], { cwd: dir, env });
    assert.deepEqual([missing.code, missing.stderr.split(":")[0]], [2, "IMAGE_NOT_FOUND"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
