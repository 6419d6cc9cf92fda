import { assertEquals, assertKitError, assertMatch } from "../_assert.ts";
import { collectChat, collectGenerate, OllamaClient } from "../../lib/llm/mod.ts";
import { startFakeOllama } from "../fixtures/ollama_server.ts";
import { ollamaConfig } from "./_config.ts";

const ask = [{ role: "user" as const, content: "Tell me" }];

Deno.test("chatStream() yields Ollama's chunks and collectChat() assembles the content", async () => {
  await using ollama = await startFakeOllama({
    answers: { "llama3.2": ["The ", "quick ", "brown ", "fox"] },
  });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const chunks = [];
  for await (const chunk of client.chatStream({ messages: ask, options: { temperature: 0 } })) {
    chunks.push(chunk);
  }
  assertEquals(chunks.length, 5);
  assertEquals(chunks.map((c) => c.message.content).join(""), "The quick brown fox");
  assertEquals(chunks.at(-1)?.done, true);
  assertEquals(chunks.at(-1)?.done_reason, "stop");
  assertEquals(chunks.at(-1)?.eval_count, 4);

  const all = await collectChat(client.chatStream({ messages: ask }));
  assertEquals(all.message, { role: "assistant", content: "The quick brown fox" });
  assertEquals(all.done, true);

  const sent = ollama.requests[0]!.body!;
  assertEquals(sent.model, "llama3.2");
  assertEquals(sent.stream, true);
  assertEquals(sent.messages, ask);
  assertEquals(sent.options, { temperature: 0 });
  assertEquals("persona" in sent, false);
});

Deno.test("generateStream() assembles a long answer of thousands of chunks", async () => {
  const parts = Array.from({ length: 3000 }, (_, i) => `t${i} `);
  await using ollama = await startFakeOllama({ answers: { "llama3.2": parts } });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const all = await collectGenerate(client.generateStream({ prompt: "count" }));
  assertEquals(all.response, parts.join(""));
  assertEquals(all.eval_count, 3000);
  assertEquals(all.context, [1, 2, 3]);
  assertEquals(ollama.requests[0]!.path, "/api/generate");
  assertEquals(ollama.requests[0]!.body!.prompt, "count");
});

Deno.test("a stream cut before done:true is LLM_BAD_RESPONSE naming the chunk count", async () => {
  await using ollama = await startFakeOllama({
    answers: { "llama3.2": ["a", "b", "c", "d"] },
    cutAfterChunks: 2,
  });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const seen: string[] = [];
  const error = await assertKitError(async () => {
    for await (const c of client.chatStream({ messages: ask })) seen.push(c.message.content);
  }, "LLM_BAD_RESPONSE");
  assertEquals(seen, ["a", "b"]);
  assertMatch(error.message, /cut the stream after 2 chunk\(s\), before done:true/);
  assertEquals(await ollama.requests[0]!.ended, "cut");
});

Deno.test("a stream that ends cleanly without done:true is LLM_BAD_RESPONSE", async () => {
  await using ollama = await startFakeOllama({ endAfterChunks: 1 });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const error = await assertKitError(
    () => collectGenerate(client.generateStream({ prompt: "x" })),
    "LLM_BAD_RESPONSE",
  );
  assertMatch(error.message, /ended the stream after 1 chunk\(s\) without done:true/);
});

Deno.test("a malformed NDJSON line is LLM_BAD_RESPONSE quoting the line", async () => {
  await using ollama = await startFakeOllama({
    answers: { "llama3.2": ["a", "b", "c"] },
    malformedAfterChunks: 1,
  });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const error = await assertKitError(
    () => collectChat(client.chatStream({ messages: ask })),
    "LLM_BAD_RESPONSE",
  );
  assertMatch(error.message, /malformed JSON in line 2 of the stream \(\/api\/chat\)/);
  assertMatch(error.message, /"model\\":\\"x\\"/);
});

Deno.test("an error line inside a stream is LLM_HTTP_ERROR with Ollama's message", async () => {
  await using ollama = await startFakeOllama({
    errorLine: { after: 1, error: "llama runner process has terminated" },
  });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const error = await assertKitError(
    () => collectChat(client.chatStream({ messages: ask })),
    "LLM_HTTP_ERROR",
  );
  assertMatch(error.message, /after 1 chunk\(s\): llama runner process has terminated/);
});

Deno.test("aborting mid-stream throws CANCELLED at once and the server sees the stream closed", async () => {
  await using ollama = await startFakeOllama({
    answers: { "llama3.2": Array.from({ length: 1000 }, () => "x") },
    chunkDelayMs: 50,
  });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  const controller = new AbortController();
  let count = 0;
  const error = await assertKitError(async () => {
    for await (const _ of client.chatStream({ messages: ask }, { signal: controller.signal })) {
      if (++count === 3) controller.abort();
    }
  }, "CANCELLED");
  assertEquals(count, 3);
  assertMatch(error.message, /\/api\/chat was cancelled/);
  assertEquals(await ollama.requests[0]!.ended, "cancelled");
});

Deno.test("breaking out of a stream closes the connection", async () => {
  await using ollama = await startFakeOllama({
    answers: { "llama3.2": Array.from({ length: 1000 }, () => "x") },
    chunkDelayMs: 20,
  });
  const client = new OllamaClient(ollamaConfig(ollama.url));
  for await (const _ of client.generateStream({ prompt: "x" })) break;
  assertEquals(await ollama.requests[0]!.ended, "cancelled");
});

Deno.test("a stream that goes quiet longer than the idle timeout is LLM_TIMEOUT", async () => {
  await using ollama = await startFakeOllama({
    answers: { "llama3.2": ["a", "b", "c"] },
    chunkDelayMs: 2_000,
  });
  const client = new OllamaClient(ollamaConfig(ollama.url), { idleTimeoutMs: 100 });
  const seen: string[] = [];
  const error = await assertKitError(async () => {
    for await (const c of client.chatStream({ messages: ask })) seen.push(c.message.content);
  }, "LLM_TIMEOUT");
  assertEquals(seen, ["a"]);
  assertMatch(error.message, /sent nothing on the \/api\/chat stream for 100 ms after 1 chunk/);
  assertEquals(error.details?.kind, "idle");
  assertEquals(await ollama.requests[0]!.ended, "cancelled");
});
