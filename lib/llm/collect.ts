/**
 * Assemble a streamed answer into the one a non-streaming call returns:
 * content (and thinking, tool calls) joined, stats from the last chunk.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import type { ChatResponse, GenerateResponse, ToolCall } from "../../schemas/llm.ts";

/**
 * Collects a `/api/chat` stream into one response.
 *
 * @param stream The chunks (from `OllamaClient.chatStream`).
 * @returns The whole answer: the last chunk with `message.content` joined.
 * @throws {KitError} `LLM_BAD_RESPONSE` when the stream ends without `done: true`;
 * whatever the stream throws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectChat } from "./collect.ts";
 * async function* chunks() {
 *   yield { model: "m", created_at: "t", message: { role: "assistant" as const, content: "Hel" }, done: false };
 *   yield { model: "m", created_at: "t", message: { role: "assistant" as const, content: "lo" }, done: false };
 *   yield { model: "m", created_at: "t", message: { role: "assistant" as const, content: "" }, done: true, eval_count: 2 };
 * }
 * const all = await collectChat(chunks());
 * assert(all.message.content === "Hello" && all.eval_count === 2);
 * ```
 */
export async function collectChat(stream: AsyncIterable<ChatResponse>): Promise<ChatResponse> {
  const content: string[] = [];
  const thinking: string[] = [];
  const toolCalls: ToolCall[] = [];
  let count = 0;
  for await (const chunk of stream) {
    count++;
    content.push(chunk.message.content);
    if (chunk.message.thinking) thinking.push(chunk.message.thinking);
    if (chunk.message.tool_calls) toolCalls.push(...chunk.message.tool_calls);
    if (!chunk.done) continue;
    return {
      ...chunk,
      message: {
        ...chunk.message,
        content: content.join(""),
        ...(thinking.length ? { thinking: thinking.join("") } : {}),
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      },
    };
  }
  throw notDone(count);
}

/**
 * Collects a `/api/generate` stream into one response.
 *
 * @param stream The chunks (from `OllamaClient.generateStream`).
 * @returns The whole answer: the last chunk with `response` joined.
 * @throws {KitError} `LLM_BAD_RESPONSE` when the stream ends without `done: true`;
 * whatever the stream throws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectGenerate } from "./collect.ts";
 * async function* chunks() {
 *   yield { model: "m", created_at: "t", response: "4", done: false };
 *   yield { model: "m", created_at: "t", response: "2", done: true, done_reason: "stop" };
 * }
 * assert((await collectGenerate(chunks())).response === "42");
 * ```
 */
export async function collectGenerate(
  stream: AsyncIterable<GenerateResponse>,
): Promise<GenerateResponse> {
  const response: string[] = [];
  const thinking: string[] = [];
  let count = 0;
  for await (const chunk of stream) {
    count++;
    response.push(chunk.response);
    if (chunk.thinking) thinking.push(chunk.thinking);
    if (!chunk.done) continue;
    return {
      ...chunk,
      response: response.join(""),
      ...(thinking.length ? { thinking: thinking.join("") } : {}),
    };
  }
  throw notDone(count);
}

function notDone(count: number): KitError {
  return new KitError(
    "LLM_BAD_RESPONSE",
    `The answer stream ended after ${count} chunk(s) without a chunk with done:true`,
    { details: { chunks: count } },
  );
}
