/**
 * The Ollama HTTP client: chat and generate (whole or streamed as NDJSON),
 * structured JSON output, embeddings, and the model listings, over plain
 * `fetch`, with the kit's timeouts, retries, cancellation and error codes.
 *
 * @module
 */
import type { z } from "zod";
import { KitError } from "../errors.ts";
import {
  type ChatResponse,
  ChatResponseSchema,
  type EmbedResponse,
  EmbedResponseSchema,
  type GenerateResponse,
  GenerateResponseSchema,
  type InstalledModel,
  InstalledModelSchema,
  type RunningModel,
  RunningModelSchema,
  type ShowResponse,
  ShowResponseSchema,
} from "../../schemas/llm.ts";
import { requestJson, type RetryInfo, streamJson, type Transport } from "./_http.ts";
import { modelForPersona, type OllamaConfig } from "./personas.ts";
import { formatFor, parseStructuredOutput } from "./structured.ts";
import type {
  ChatRequest,
  EmbedRequest,
  GenerateRequest,
  ModelChoice,
  RequestOptions,
  StructuredResponse,
} from "./types.ts";

export type { RetryInfo } from "./_http.ts";

/** Client settings beyond the configuration. */
export interface OllamaClientOptions {
  /** Longest silence between two chunks of a stream. @default {config ollama.timeoutMs} */
  idleTimeoutMs?: number | undefined;
  /** Retries on connection errors. @default {config ollama.retries} */
  retries?: number | undefined;
  /** First backoff delay; doubles each retry (±25 % jitter). @default {250} */
  retryBaseMs?: number | undefined;
  /** Longest backoff delay. @default {4000} */
  retryMaxMs?: number | undefined;
  /** Told before each retry (for logs and tests). */
  onRetry?: ((info: RetryInfo) => void) | undefined;
  /** The HTTP client (a proxy-aware one, or a stub in examples and tests). @default {globalThis.fetch} */
  fetch?: typeof fetch | undefined;
}

/**
 * A client for one Ollama endpoint.
 *
 * Connection errors are retried with exponential backoff (config
 * `ollama.retries`); HTTP errors and started streams never are. Every method
 * throws a {@linkcode KitError}: `LLM_UNREACHABLE`, `LLM_TIMEOUT`,
 * `LLM_MODEL_MISSING` (with the `ollama pull` fix), `LLM_HTTP_ERROR`,
 * `LLM_BAD_RESPONSE` or `CANCELLED`.
 *
 * @example Stream a chat answer from a persona's model
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../config.ts";
 * import { OllamaClient } from "./client.ts";
 * // A stand-in for the endpoint: two NDJSON chunks of a streamed chat answer.
 * const chunk = (content: string, done: boolean) =>
 *   JSON.stringify({ model: "llama3.2", created_at: "", message: { role: "assistant", content }, done });
 * const ollama = () => Promise.resolve(new Response(`${chunk("Hello", false)}\n${chunk(" there", true)}\n`));
 * const config = await loadConfig({ env: {} });
 * const client = new OllamaClient(config.ollama, { fetch: ollama });
 * let text = "";
 * for await (const chunk of client.chatStream({ persona: "ALFRED", messages: [{ role: "user", content: "Hi" }] })) {
 *   text += chunk.message.content;
 * }
 * assert(text === "Hello there");
 * ```
 */
export class OllamaClient {
  /** The endpoint (config `ollama.host`). */
  readonly host: string;
  /** The Ollama configuration in use. */
  readonly config: OllamaConfig;
  readonly #t: Transport;

  /**
   * Creates a client; nothing is sent until the first call.
   *
   * @param config The Ollama configuration (`config.ollama`).
   * @param options Idle timeout, retry tuning and hook.
   */
  constructor(config: OllamaConfig, options: OllamaClientOptions = {}) {
    this.config = config;
    this.host = config.host.replace(/\/+$/, "");
    this.#t = {
      host: this.host,
      timeoutMs: config.timeoutMs,
      idleTimeoutMs: options.idleTimeoutMs ?? config.timeoutMs,
      retries: options.retries ?? config.retries,
      retryBaseMs: options.retryBaseMs ?? 250,
      retryMaxMs: options.retryMaxMs ?? 4000,
      onRetry: options.onRetry,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    };
  }

  /**
   * The model a persona uses (see {@linkcode modelForPersona}).
   *
   * @param persona The persona; undefined for the default model.
   * @returns The model tag.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const config = await loadConfig({ env: { MB_PERSONA_MODELS: "BRICK=qwen2.5-coder" } });
   * assert(new OllamaClient(config.ollama).modelFor("BRICK") === "qwen2.5-coder");
   * ```
   */
  modelFor(persona?: string): string {
    return modelForPersona(this.config, persona);
  }

  /**
   * Asks `/api/chat` and waits for the whole answer.
   *
   * @param request Messages, model or persona, format, options.
   * @param options Signal and timeout.
   * @returns The answer with its stats.
   * @throws {KitError} An LLM error code (see the class).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const ollama = () => Promise.resolve(Response.json({ model: "llama3.2", created_at: "", message: { role: "assistant", content: "Yes." }, done: true }));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * const answer = await client.chat({ messages: [{ role: "user", content: "Ready?" }] });
   * assert(answer.message.content === "Yes." && answer.done);
   * ```
   */
  async chat(request: ChatRequest, options: RequestOptions = {}): Promise<ChatResponse> {
    const body = this.#body(request, false);
    const raw = await requestJson(this.#t, "POST", "/api/chat", body, this.#call(body, options));
    return this.#decode(ChatResponseSchema, raw, "/api/chat");
  }

  /**
   * Streams `/api/chat`: one chunk per NDJSON line, the last with `done: true`
   * and the stats. Breaking out of the loop closes the connection.
   *
   * @param request Messages, model or persona, format, options.
   * @param options Signal and timeout (until the first chunk; then the idle timeout).
   * @returns The chunks (see {@linkcode collectChat} to assemble them).
   * @throws {KitError} An LLM error code; `LLM_BAD_RESPONSE` when the stream is
   * cut or a line is malformed.
   *
   * @example See the class example.
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const chunk = (content: string, done: boolean) =>
   *   JSON.stringify({ model: "llama3.2", created_at: "", message: { role: "assistant", content }, done });
   * const ollama = () => Promise.resolve(new Response(`${chunk("a", false)}\n${chunk("b", true)}\n`));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * const parts = [];
   * for await (const c of client.chatStream({ messages: [{ role: "user", content: "?" }] })) parts.push(c.message.content);
   * assert(parts.join("") === "ab");
   * ```
   */
  async *chatStream(
    request: ChatRequest,
    options: RequestOptions = {},
  ): AsyncGenerator<ChatResponse, void, undefined> {
    const body = this.#body(request, true);
    for await (const raw of streamJson(this.#t, "/api/chat", body, this.#call(body, options))) {
      yield this.#decode(ChatResponseSchema, raw, "/api/chat");
    }
  }

  /**
   * Asks `/api/generate` and waits for the whole answer.
   *
   * @param request Prompt, model or persona, format, options.
   * @param options Signal and timeout.
   * @returns The answer with its stats.
   * @throws {KitError} An LLM error code (see the class).
   *
   * @example One token
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const ollama = () => Promise.resolve(Response.json({ model: "llama3.2", created_at: "", response: "ok", done: true, done_reason: "length" }));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * const answer = await client.generate({ prompt: "ping", options: { num_predict: 1 } });
   * assert(answer.response === "ok" && answer.done_reason === "length");
   * ```
   */
  async generate(
    request: GenerateRequest,
    options: RequestOptions = {},
  ): Promise<GenerateResponse> {
    const body = this.#body(request, false);
    const raw = await requestJson(
      this.#t,
      "POST",
      "/api/generate",
      body,
      this.#call(body, options),
    );
    return this.#decode(GenerateResponseSchema, raw, "/api/generate");
  }

  /**
   * Streams `/api/generate`, one chunk per NDJSON line.
   *
   * @param request Prompt, model or persona, format, options.
   * @param options Signal and timeout (until the first chunk; then the idle timeout).
   * @returns The chunks (see {@linkcode collectGenerate}).
   * @throws {KitError} An LLM error code; `LLM_BAD_RESPONSE` when the stream is
   * cut or a line is malformed.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient, collectGenerate } from "./mod.ts";
   * const part = (response: string, done: boolean) =>
   *   JSON.stringify({ model: "llama3.2", created_at: "", response, done });
   * const ollama = () =>
   *   Promise.resolve(new Response(`${part("one two", false)}\n${part(" three", true)}\n`));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * const all = await collectGenerate(client.generateStream({ prompt: "count" }));
   * assert(all.response === "one two three");
   * ```
   */
  async *generateStream(
    request: GenerateRequest,
    options: RequestOptions = {},
  ): AsyncGenerator<GenerateResponse, void, undefined> {
    const body = this.#body(request, true);
    for await (const raw of streamJson(this.#t, "/api/generate", body, this.#call(body, options))) {
      yield this.#decode(GenerateResponseSchema, raw, "/api/generate");
    }
  }

  /**
   * Chats with `format` set to the schema's JSON Schema, then parses and
   * validates the answer.
   *
   * @param request Messages, model or persona, options (no `format`).
   * @param schema The shape the answer must have.
   * @param options Signal and timeout.
   * @returns The validated value and Ollama's response.
   * @throws {LlmOutputError} `LLM_INVALID_OUTPUT` when the answer is not valid JSON or does not match.
   * @throws {KitError} Any other LLM error code.
   *
   * @example Ask for search queries as JSON
   * ```ts
   * import assert from "node:assert/strict";
   * import { z } from "zod";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const ollama = () => Promise.resolve(Response.json({ model: "llama3.2", created_at: "", message: { role: "assistant", content: '{"queries":["a","b"]}' }, done: true }));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * const { value } = await client.chatStructured(
   *   { messages: [{ role: "user", content: "Give 2 queries" }] },
   *   z.object({ queries: z.array(z.string()) }),
   * );
   * assert(value.queries.length === 2);
   * ```
   */
  async chatStructured<T>(
    request: Omit<ChatRequest, "format">,
    schema: z.ZodType<T>,
    options: RequestOptions = {},
  ): Promise<StructuredResponse<T, ChatResponse>> {
    const response = await this.chat({ ...request, format: formatFor(schema) }, options);
    const value = parseStructuredOutput(response.message.content, schema, {
      model: response.model,
      doneReason: response.done_reason,
    });
    return { value, response };
  }

  /**
   * Generates with `format` set to the schema's JSON Schema, then parses and
   * validates the answer.
   *
   * @param request Prompt, model or persona, options (no `format`).
   * @param schema The shape the answer must have.
   * @param options Signal and timeout.
   * @returns The validated value and Ollama's response.
   * @throws {LlmOutputError} `LLM_INVALID_OUTPUT` when the answer is not valid JSON or does not match.
   * @throws {KitError} Any other LLM error code.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { z } from "zod";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const ollama = () => Promise.resolve(Response.json({ model: "llama3.2", created_at: "", response: '{"ok":true}', done: true }));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * const { value } = await client.generateStructured({ prompt: "ok?" }, z.object({ ok: z.boolean() }));
   * assert(value.ok);
   * ```
   */
  async generateStructured<T>(
    request: Omit<GenerateRequest, "format">,
    schema: z.ZodType<T>,
    options: RequestOptions = {},
  ): Promise<StructuredResponse<T, GenerateResponse>> {
    const response = await this.generate({ ...request, format: formatFor(schema) }, options);
    const value = parseStructuredOutput(response.response, schema, {
      model: response.model,
      doneReason: response.done_reason,
    });
    return { value, response };
  }

  /**
   * Embeds text with `/api/embed` (model: config `ollama.embedModel` unless given).
   *
   * @param request The input text(s) and options.
   * @param options Signal and timeout.
   * @returns One vector per input.
   * @throws {KitError} An LLM error code (see the class).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const ollama = () => Promise.resolve(Response.json({ model: "nomic-embed-text", embeddings: [[0.1, 0.2], [0.3, 0.4]] }));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * const { embeddings } = await client.embed({ input: ["a", "b"] });
   * assert(embeddings.length === 2);
   * ```
   */
  async embed(request: EmbedRequest, options: RequestOptions = {}): Promise<EmbedResponse> {
    const body = { ...request, model: request.model ?? this.config.embedModel };
    const raw = await requestJson(this.#t, "POST", "/api/embed", body, this.#call(body, options));
    return this.#decode(EmbedResponseSchema, raw, "/api/embed");
  }

  /**
   * Ollama's version (`/api/version`); the cheapest "is it up" probe.
   *
   * @param options Signal and timeout.
   * @returns The version string (`0.12.3`).
   * @throws {KitError} An LLM error code (see the class).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const ollama = () => Promise.resolve(Response.json({ version: "0.12.3" }));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * assert(await client.version() === "0.12.3");
   * ```
   */
  async version(options: RequestOptions = {}): Promise<string> {
    const raw = await requestJson(this.#t, "GET", "/api/version", undefined, options);
    const version = (raw as { version?: unknown }).version;
    if (typeof version !== "string") throw this.#shapeError("/api/version", "version: missing");
    return version;
  }

  /**
   * The installed models (`/api/tags`).
   *
   * @param options Signal and timeout.
   * @returns The models with size and details.
   * @throws {KitError} An LLM error code (see the class).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const ollama = () => Promise.resolve(Response.json({ models: [{ name: "llama3.2:latest", size: 2e9 }] }));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * assert((await client.listModels())[0]?.name === "llama3.2:latest");
   * ```
   */
  async listModels(options: RequestOptions = {}): Promise<InstalledModel[]> {
    const raw = await requestJson(this.#t, "GET", "/api/tags", undefined, options);
    return this.#decodeList(InstalledModelSchema, raw, "/api/tags");
  }

  /**
   * The models loaded in memory and their VRAM (`/api/ps`).
   *
   * @param options Signal and timeout.
   * @returns The loaded models.
   * @throws {KitError} An LLM error code (see the class).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const ollama = () => Promise.resolve(Response.json({ models: [{ name: "llama3.2:latest", size: 3e9, size_vram: 3e9 }] }));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * assert((await client.listRunning())[0]?.size_vram === 3e9);
   * ```
   */
  async listRunning(options: RequestOptions = {}): Promise<RunningModel[]> {
    const raw = await requestJson(this.#t, "GET", "/api/ps", undefined, options);
    return this.#decodeList(RunningModelSchema, raw, "/api/ps");
  }

  /**
   * A model's details, template and capabilities (`/api/show`).
   *
   * @param model The model tag.
   * @param options Signal and timeout.
   * @returns What Ollama knows about it.
   * @throws {KitError} `LLM_MODEL_MISSING` when it is not installed, or another LLM error code.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadConfig } from "../config.ts";
   * import { OllamaClient } from "./client.ts";
   * const ollama = () => Promise.resolve(Response.json({ capabilities: ["completion", "tools"] }));
   * const client = new OllamaClient((await loadConfig({ env: {} })).ollama, { fetch: ollama });
   * assert((await client.showModel("llama3.2")).capabilities?.includes("completion"));
   * ```
   */
  async showModel(model: string, options: RequestOptions = {}): Promise<ShowResponse> {
    const raw = await requestJson(this.#t, "POST", "/api/show", { model }, { ...options, model });
    return this.#decode(ShowResponseSchema, raw, "/api/show");
  }

  #body<R extends ModelChoice>(request: R, stream: boolean): Record<string, unknown> {
    const { persona, model, ...rest } = request;
    return { ...rest, model: model ?? this.modelFor(persona), stream };
  }

  #call(body: Record<string, unknown>, options: RequestOptions) {
    return { ...options, model: body.model as string };
  }

  #decode<T>(schema: z.ZodType<T>, raw: unknown, path: string): T {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    throw this.#shapeError(path, `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }

  #decodeList<T>(schema: z.ZodType<T>, raw: unknown, path: string): T[] {
    const models = (raw as { models?: unknown } | null)?.models;
    if (!Array.isArray(models)) throw this.#shapeError(path, "models: expected an array");
    return models.map((m) => this.#decode(schema, m, path));
  }

  #shapeError(path: string, problem: string): KitError {
    return new KitError(
      "LLM_BAD_RESPONSE",
      `Ollama at ${this.host} answered ${path} with an unexpected shape: ${problem}`,
      { details: { host: this.host, path } },
    );
  }
}
