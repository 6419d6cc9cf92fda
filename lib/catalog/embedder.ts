/**
 * The catalog's embedding half: an {@linkcode Embedder} turns texts into
 * float32 vectors (Ollama's `/api/embed` with config `ollama.embedModel`).
 * It is optional everywhere: without one (model set to `off`) or when Ollama
 * does not answer, remembering and searching go on with BM25 alone and say why.
 *
 * @module
 */
import type { Config } from "../config.ts";
import { OllamaClient } from "../llm/client.ts";

/** Turns texts into vectors with one model. */
export interface Embedder {
  /** The model tag the vectors are stored under. */
  readonly model: string;
  /**
   * One vector per text.
   *
   * @param texts The texts.
   * @param signal Aborts the call.
   */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** Options of {@linkcode configuredEmbedder}. */
export interface ConfiguredEmbedderOptions {
  /** The client to use. @default {a client on the `ollama` section, without retries} */
  client?: Pick<OllamaClient, "embed"> | undefined;
  /**
   * Deadline of one call (a search should not wait for a server that does not answer).
   * @default {config ollama.timeoutMs}
   */
  timeoutMs?: number | undefined;
}

/** How long a search waits for its query's embedding before answering with BM25 alone. */
export const QUERY_EMBED_TIMEOUT_MS = 5000;

/** The embedding model value that turns the vector half off. */
export const EMBEDDINGS_OFF = "off";

/**
 * The embedder of a configuration: Ollama's `/api/embed` with `ollama.embedModel`, one attempt per
 * call (no retries: an unreachable server must not slow a search down), or `undefined` when the
 * model is `off`.
 *
 * @param ollama The `ollama` section of the configuration.
 * @param options The client, and a deadline per call.
 * @returns The embedder, or `undefined`.
 *
 * @example Off by configuration
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../config.ts";
 * import { configuredEmbedder } from "./embedder.ts";
 * const config = await loadConfig({ env: { MB_EMBED_MODEL: "off" } });
 * assert.equal(configuredEmbedder(config.ollama), undefined);
 * ```
 */
export function configuredEmbedder(
  ollama: Config["ollama"],
  options: ConfiguredEmbedderOptions = {},
): Embedder | undefined {
  const model = ollama.embedModel;
  if (model.toLowerCase() === EMBEDDINGS_OFF) return undefined;
  const llm = options.client ?? new OllamaClient(ollama, { retries: 0 });
  const deadline = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  return {
    model,
    async embed(texts, signal) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += 64) {
        const batch = texts.slice(i, i + 64);
        const response = await llm.embed(
          { model, input: batch },
          { ...deadline, ...(signal ? { signal } : {}) },
        );
        if (response.embeddings.length !== batch.length) {
          throw new RangeError(
            `${model} returned ${response.embeddings.length} embeddings for ${batch.length} texts`,
          );
        }
        for (const v of response.embeddings) out.push(Float32Array.from(v));
      }
      return out;
    },
  };
}

/**
 * A vector as stored: its float32 bytes.
 *
 * @param vector The vector.
 * @returns Its bytes (little-endian on every platform the kit runs on).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromBlob, toBlob } from "./embedder.ts";
 * assert.deepEqual(fromBlob(toBlob(Float32Array.of(0.5, -1))), Float32Array.of(0.5, -1));
 * ```
 */
export function toBlob(vector: Float32Array): Uint8Array {
  return new Uint8Array(
    vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength),
  );
}

/**
 * A stored vector back.
 *
 * @param blob Float32 bytes.
 * @returns The vector.
 */
export function fromBlob(blob: Uint8Array): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/**
 * Why a failed embedding call leaves the vector half out, in one line.
 *
 * @param model The model.
 * @param error What the call threw.
 * @returns The reason (`ollama unreachable: …`).
 */
export function embedFailure(model: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return `embedding model ${model} did not answer${
    typeof code === "string" ? ` (${code})` : ""
  }: ${message}`;
}
