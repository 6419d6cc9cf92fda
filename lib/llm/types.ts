/**
 * Request shapes and options of the Ollama client. Field names follow
 * Ollama's API (`keep_alive`, `num_predict`), plus `persona`, which picks the
 * model from the configuration's persona map.
 *
 * @module
 */
import type { ChatMessage } from "../../schemas/llm.ts";

/** Model parameters (Ollama's `options`); unknown keys pass through. */
export interface ModelOptions {
  /** Sampling temperature (0 = deterministic). */
  temperature?: number | undefined;
  /** Most tokens to generate (-1 = no limit). */
  num_predict?: number | undefined;
  /** Context window in tokens. */
  num_ctx?: number | undefined;
  /** Random seed, for reproducible answers. */
  seed?: number | undefined;
  /** Top-k sampling. */
  top_k?: number | undefined;
  /** Top-p sampling. */
  top_p?: number | undefined;
  /** Stop sequences. */
  stop?: string[] | undefined;
  /** Any other Ollama option. */
  [key: string]: unknown;
}

/** The fields every inference request shares. */
export interface ModelChoice {
  /** An explicit model tag; wins over `persona`. */
  model?: string | undefined;
  /** A persona whose model (config `ollama.personas`, else `ollama.model`) answers. */
  persona?: string | undefined;
  /** How long Ollama keeps the model loaded afterwards (`"5m"`, seconds, `-1` = forever). */
  keep_alive?: string | number | undefined;
}

/** A `/api/chat` request. */
export interface ChatRequest extends ModelChoice {
  /** The conversation so far. */
  messages: ChatMessage[];
  /** `"json"`, or a JSON Schema the answer must match. */
  format?: "json" | Record<string, unknown> | undefined;
  /** Model parameters. */
  options?: ModelOptions | undefined;
  /** Let thinking models think (answer in `message.thinking`). */
  think?: boolean | undefined;
  /** Tools the model may call (Ollama's function-tool objects). */
  tools?: unknown[] | undefined;
}

/** A `/api/generate` request. */
export interface GenerateRequest extends ModelChoice {
  /** The prompt. */
  prompt: string;
  /** A system prompt replacing the model's. */
  system?: string | undefined;
  /** Text after the insertion point, for fill-in-the-middle models. */
  suffix?: string | undefined;
  /** Base64-encoded images, for multimodal models. */
  images?: string[] | undefined;
  /** `"json"`, or a JSON Schema the answer must match. */
  format?: "json" | Record<string, unknown> | undefined;
  /** Model parameters. */
  options?: ModelOptions | undefined;
  /** Send the prompt without the model's template. */
  raw?: boolean | undefined;
  /** Let thinking models think. */
  think?: boolean | undefined;
}

/** A `/api/embed` request; the model defaults to config `ollama.embedModel`. */
export interface EmbedRequest {
  /** Text(s) to embed. */
  input: string | string[];
  /** An explicit embedding model tag. */
  model?: string | undefined;
  /** Cut inputs longer than the context instead of failing. @default {true} (Ollama's) */
  truncate?: boolean | undefined;
  /** Output dimensions, for models that support it. */
  dimensions?: number | undefined;
  /** How long Ollama keeps the model loaded afterwards. */
  keep_alive?: string | number | undefined;
}

/** Options of one client call. */
export interface RequestOptions {
  /** Aborts the call (and closes the stream): throws `CANCELLED`. */
  signal?: AbortSignal | undefined;
  /** Deadline of this call (for streams: until the first chunk). @default {config ollama.timeoutMs} */
  timeoutMs?: number | undefined;
}

/** A structured answer: the validated value and Ollama's whole response. */
export interface StructuredResponse<T, R> {
  /** The model's answer, parsed and validated. */
  value: T;
  /** What Ollama returned (content, stats). */
  response: R;
}
