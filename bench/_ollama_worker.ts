/**
 * Runs the fake Ollama in a worker, so the benchmark's event loop measures
 * the client alone. Messages in: `{ chunks, chunkDelayMs }` then `"close"`;
 * out: `{ url }` then `"closed"`.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { type FakeOllama, startFakeOllama } from "../tests/fixtures/ollama_server.ts";

let fake: FakeOllama | undefined;
self.onmessage = async (event: MessageEvent) => {
  if (event.data === "close") {
    await fake?.close();
    self.postMessage("closed");
    return;
  }
  const { chunks, chunkDelayMs } = event.data as { chunks: number; chunkDelayMs: number };
  const parts = Array.from({ length: chunks }, (_, i) => `tok${i} `);
  fake = await startFakeOllama({ answers: { "llama3.2": parts }, chunkDelayMs });
  self.postMessage({ url: fake.url });
};
