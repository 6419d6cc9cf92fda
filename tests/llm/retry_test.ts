import { assert, assertEquals, assertKitError, assertMatch } from "../_assert.ts";
import { OllamaClient, type RetryInfo } from "../../lib/llm/mod.ts";
import { type FakeOllama, startFakeOllama } from "../fixtures/ollama_server.ts";
import { closedPort, startSilentServer } from "../fixtures/silent_server.ts";
import { ollamaConfig } from "./_config.ts";

const ask = [{ role: "user" as const, content: "Hi" }];

Deno.test("a refused connection is retried, and the call succeeds once Ollama is up", async () => {
  const port = closedPort();
  const retries: RetryInfo[] = [];
  let started: Promise<FakeOllama> | undefined;
  const client = new OllamaClient(
    ollamaConfig(`http://127.0.0.1:${port}`, { retries: 3 }),
    {
      retryBaseMs: 20,
      onRetry: (info) => {
        retries.push(info);
        started ??= startFakeOllama({ port, answers: { "llama3.2": "up" } });
      },
    },
  );
  try {
    const answer = await client.chat({ messages: ask });
    assertEquals(answer.message.content, "up");
    assertEquals(retries.length, 1);
    assertEquals(retries[0]!.reason, "connection refused");
    assertEquals(retries[0]!.path, "/api/chat");
    assertEquals((await started!).requests.length, 1);
  } finally {
    await (await started)?.close();
  }
});

Deno.test("after the configured retries a refused connection is LLM_UNREACHABLE naming host and OLLAMA_HOST", async () => {
  const host = `http://127.0.0.1:${closedPort()}`;
  const retries: RetryInfo[] = [];
  const client = new OllamaClient(ollamaConfig(host, { retries: 2 }), {
    retryBaseMs: 20,
    onRetry: (info) => retries.push(info),
  });
  const error = await assertKitError(() => client.version(), "LLM_UNREACHABLE");
  assertMatch(error.message, new RegExp(`Cannot reach Ollama at ${host} \\(connection refused`));
  assertMatch(error.message, /OLLAMA_HOST/);
  assertMatch(error.message, /ollama serve/);
  assertEquals(error.details?.attempts, 3);
  assertEquals(retries.map((r) => r.attempt), [1, 2]);
  // Exponential: 20·2⁰ and 20·2¹ with ±25 % jitter never overlap.
  assert(retries[1]!.delayMs > retries[0]!.delayMs, JSON.stringify(retries));
});

Deno.test("an HTTP 500 answer is not retried", async () => {
  await using ollama = await startFakeOllama({ httpError: { status: 500, error: "boom" } });
  const retries: RetryInfo[] = [];
  const client = new OllamaClient(ollamaConfig(ollama.url, { retries: 3 }), {
    retryBaseMs: 1,
    onRetry: (info) => retries.push(info),
  });
  const error = await assertKitError(() => client.chat({ messages: ask }), "LLM_HTTP_ERROR");
  assertEquals(error.details?.status, 500);
  assertEquals(retries.length, 0);
  assertEquals(ollama.requests.length, 1);
});

Deno.test("a stream that started is not retried when it is cut", async () => {
  await using ollama = await startFakeOllama({ cutAfterChunks: 1 });
  const retries: RetryInfo[] = [];
  const client = new OllamaClient(ollamaConfig(ollama.url, { retries: 3 }), {
    retryBaseMs: 1,
    onRetry: (info) => retries.push(info),
  });
  await assertKitError(async () => {
    for await (const _ of client.chatStream({ messages: ask })) { /* read on */ }
  }, "LLM_BAD_RESPONSE");
  assertEquals(retries.length, 0);
  assertEquals(ollama.requests.length, 1);
});

Deno.test("no answer within ollama.timeoutMs is LLM_TIMEOUT, and the connection is closed", async () => {
  await using silent = startSilentServer();
  const closed = silent.clientClosed();
  const client = new OllamaClient(ollamaConfig(silent.url, { timeoutMs: 100, retries: 2 }));
  const error = await assertKitError(() => client.chat({ messages: ask }), "LLM_TIMEOUT");
  assertMatch(error.message, /did not answer \/api\/chat within 100 ms \(config ollama\.timeoutMs/);
  await closed;
  assertEquals(silent.accepted, 1);
});

Deno.test("a per-call timeoutMs overrides the configured one", async () => {
  await using silent = startSilentServer();
  const client = new OllamaClient(ollamaConfig(silent.url, { timeoutMs: 60_000 }));
  const error = await assertKitError(
    () => client.generate({ prompt: "x" }, { timeoutMs: 50 }),
    "LLM_TIMEOUT",
  );
  assertEquals(error.details?.timeout_ms, 50);
});

Deno.test("aborting while waiting for the answer is CANCELLED and closes the connection", async () => {
  await using silent = startSilentServer();
  const closed = silent.clientClosed();
  const controller = new AbortController();
  const client = new OllamaClient(ollamaConfig(silent.url, { timeoutMs: 60_000 }));
  const pending = client.chat({ messages: ask }, { signal: controller.signal });
  while (silent.accepted === 0) await new Promise((r) => setTimeout(r, 5));
  controller.abort();
  await assertKitError(() => pending, "CANCELLED");
  await closed;
});

Deno.test("aborting during the retry backoff is CANCELLED without another attempt", async () => {
  const controller = new AbortController();
  const retries: RetryInfo[] = [];
  const client = new OllamaClient(
    ollamaConfig(`http://127.0.0.1:${closedPort()}`, { retries: 5 }),
    {
      retryBaseMs: 60_000,
      retryMaxMs: 60_000,
      onRetry: (info) => {
        retries.push(info);
        controller.abort();
      },
    },
  );
  await assertKitError(() => client.version({ signal: controller.signal }), "CANCELLED");
  assertEquals(retries.length, 1);
});

Deno.test("an already-aborted signal is CANCELLED before any request", async () => {
  await using ollama = await startFakeOllama();
  const client = new OllamaClient(ollamaConfig(ollama.url));
  await assertKitError(
    () => client.chat({ messages: ask }, { signal: AbortSignal.abort() }),
    "CANCELLED",
  );
  assertEquals(ollama.requests.length, 0);
});
