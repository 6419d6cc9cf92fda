/**
 * Inference on a local Ollama endpoint: a plain-`fetch` client for chat,
 * generate (whole or streamed), structured JSON output and embeddings, the
 * persona → model map, and the `diagnoseLlm()` doctor.
 *
 * @example Chat with the default model
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../config.ts";
 * import { OllamaClient } from "./mod.ts";
 * const ollama = () =>
 *   Promise.resolve(Response.json({ model: "llama3.2", created_at: "", message: { role: "assistant", content: "Hi!" }, done: true }));
 * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
 * const answer = await client.chat({ messages: [{ role: "user", content: "Hello" }] });
 * assert(answer.message.content === "Hi!");
 * ```
 *
 * @module
 */
export * from "./client.ts";
export * from "./collect.ts";
export * from "./doctor.ts";
export * from "./errors.ts";
export * from "./personas.ts";
export * from "./structured.ts";
export * from "./types.ts";
export * from "../../schemas/llm.ts";
export * from "../../schemas/llm_doctor.ts";
