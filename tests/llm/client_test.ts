import { z } from "zod";
import { assert, assertEquals, assertKitError, assertMatch, assertRejects } from "../_assert.ts";
import { loadConfig } from "../../lib/config.ts";
import { LlmOutputError, modelForPersona, OllamaClient } from "../../lib/llm/mod.ts";
import { startFakeOllama } from "../fixtures/ollama_server.ts";
import { ollamaConfig } from "./_config.ts";

const ask = [{ role: "user" as const, content: "Plan" }];
const Plan = z.object({
  plan_id: z.string(),
  steps: z.array(z.object({ step_id: z.number().int(), action: z.string() })).min(1),
});

Deno.test("chat() without streaming returns Ollama's single JSON answer", async () => {
  await using ollama = await startFakeOllama({ answers: { "llama3.2": "All good." } });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const answer = await client.chat({ messages: ask, keep_alive: "5m" });
  assertEquals(answer.message, { role: "assistant", content: "All good." });
  assertEquals(answer.done, true);
  assertEquals(ollama.requests[0]!.body!.stream, false);
  assertEquals(ollama.requests[0]!.body!.keep_alive, "5m");
});

Deno.test("chatStructured() sends the JSON Schema as format and returns the validated value", async () => {
  const plan = { plan_id: "p1", steps: [{ step_id: 1, action: "search" }] };
  await using ollama = await startFakeOllama({ answers: { "llama3.2": JSON.stringify(plan) } });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const { value, response } = await client.chatStructured({ messages: ask }, Plan);
  assertEquals(value, plan);
  assertEquals(response.message.content, JSON.stringify(plan));
  const format = ollama.requests[0]!.body!.format as Record<string, unknown>;
  assertEquals(format.type, "object");
  assertEquals(format.required, ["plan_id", "steps"]);
  assertEquals("$schema" in format, false);
});

Deno.test("chatStructured() reports text that is not JSON as LLM_INVALID_OUTPUT with the raw text", async () => {
  await using ollama = await startFakeOllama({ answers: { "llama3.2": "Sure! Here is a plan" } });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const error = await assertRejects(
    () => client.chatStructured({ messages: ask }, Plan),
    LlmOutputError,
  ) as LlmOutputError;
  assertEquals(error.code, "LLM_INVALID_OUTPUT");
  assertEquals(error.raw, "Sure! Here is a plan");
  assertMatch(error.message, /Model llama3\.2 did not answer valid JSON/);
});

Deno.test("generateStructured() reports JSON of the wrong shape with one issue per field", async () => {
  const wrong = { plan_id: 7, steps: [] };
  await using ollama = await startFakeOllama({ answers: { "llama3.2": JSON.stringify(wrong) } });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const error = await assertRejects(
    () => client.generateStructured({ prompt: "plan" }, Plan),
    LlmOutputError,
  ) as LlmOutputError;
  assertEquals(error.code, "LLM_INVALID_OUTPUT");
  assertEquals(error.issues.length, 2);
  assertMatch(error.issues[0]!, /^plan_id: /);
  assertMatch(error.issues[1]!, /^steps: /);
});

Deno.test("a missing model is LLM_MODEL_MISSING naming `ollama pull <model>`", async () => {
  await using ollama = await startFakeOllama();
  const client = new OllamaClient(ollamaConfig(ollama.url, { model: "qwen2.5:7b" }));
  const error = await assertKitError(() => client.chat({ messages: ask }), "LLM_MODEL_MISSING");
  assertMatch(error.message, /Model "qwen2\.5:7b" is not installed on Ollama at http:\/\/127/);
  assertMatch(error.message, /ollama pull qwen2\.5:7b/);
  assertEquals(error.details?.fix, "ollama pull qwen2.5:7b");
  // Streams fail the same way, before any chunk.
  await assertKitError(async () => {
    for await (const _ of client.generateStream({ prompt: "x" })) { /* none */ }
  }, "LLM_MODEL_MISSING");
  await assertKitError(
    () => client.embed({ input: "x", model: "mxbai-embed-large" }),
    "LLM_MODEL_MISSING",
  );
  await assertKitError(() => client.showModel("nope"), "LLM_MODEL_MISSING");
});

Deno.test("an HTTP error that is not a missing model is LLM_HTTP_ERROR with status and message", async () => {
  await using ollama = await startFakeOllama({
    httpError: { status: 400, error: "invalid options: num_ctx" },
  });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const error = await assertKitError(() => client.chat({ messages: ask }), "LLM_HTTP_ERROR");
  assertMatch(error.message, /answered \/api\/chat with HTTP 400: invalid options: num_ctx/);
  assertEquals(error.details?.status, 400);
});

Deno.test("the persona map chooses the model; an explicit model wins; others use the default", async () => {
  await using ollama = await startFakeOllama({
    models: [{ name: "llama3.2:latest" }, { name: "qwen2.5-coder:7b" }],
    answers: { "qwen2.5-coder:7b": "code", "llama3.2": "prose" },
  });
  const config = await loadConfig({
    env: { OLLAMA_HOST: ollama.url, MB_PERSONA_MODELS: "BRICK=qwen2.5-coder:7b" },
  });
  assertEquals(modelForPersona(config.ollama, "BRICK"), "qwen2.5-coder:7b");
  const client = new OllamaClient(config.ollama);
  assertEquals((await client.chat({ persona: "BRICK", messages: ask })).message.content, "code");
  assertEquals((await client.chat({ persona: "brick", messages: ask })).message.content, "code");
  assertEquals((await client.chat({ persona: "ROBIN", messages: ask })).message.content, "prose");
  await client.generate({ persona: "BRICK", model: "llama3.2", prompt: "x" });
  assertEquals(ollama.requests.map((r) => r.body!.model), [
    "qwen2.5-coder:7b",
    "qwen2.5-coder:7b",
    "llama3.2",
    "llama3.2",
  ]);
});

Deno.test("embed() uses the configured embedding model and returns one vector per input", async () => {
  await using ollama = await startFakeOllama({ embedDimensions: 4 });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const result = await client.embed({ input: ["alpha", "beta", "gamma"] });
  assertEquals(result.embeddings.length, 3);
  assert(result.embeddings.every((v) => v.length === 4));
  assertEquals(ollama.requests[0]!.path, "/api/embed");
  assertEquals(ollama.requests[0]!.body!.model, "nomic-embed-text");
});

Deno.test("version(), listModels(), listRunning() and showModel() read Ollama's metadata", async () => {
  await using ollama = await startFakeOllama({
    version: "0.11.4",
    running: [{ name: "llama3.2:latest", size: 3_000_000_000, sizeVram: 2_500_000_000 }],
  });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  assertEquals(await client.version(), "0.11.4");
  const models = await client.listModels();
  assertEquals(models.map((m) => m.name), ["llama3.2:latest", "nomic-embed-text:latest"]);
  assertEquals(models[0]!.details?.quantization_level, "Q4_K_M");
  const running = await client.listRunning();
  assertEquals(running[0]!.size_vram, 2_500_000_000);
  assertEquals((await client.showModel("nomic-embed-text")).capabilities, ["embedding"]);
});
