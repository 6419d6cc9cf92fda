/**
 * Schemas of the Ollama HTTP API as the kit reads it (field names exactly as
 * Ollama sends them: `created_at`, `done_reason`, `eval_count`, …) and of the
 * {@linkcode DoctorReport} that `metablooms doctor` and the MCP tool
 * `llm_status` return.
 *
 * Wire schemas are loose: fields the kit does not know are kept, so a newer
 * Ollama never breaks the client.
 *
 * @example Validate a streamed chat chunk
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChatResponseSchema } from "./llm.ts";
 * const chunk = ChatResponseSchema.parse({
 *   model: "llama3.2", created_at: "2025-01-01T00:00:00Z",
 *   message: { role: "assistant", content: "Hi" }, done: false,
 * });
 * assert(chunk.message.content === "Hi");
 * ```
 *
 * @module
 */
import { z } from "zod";

/** A tool call the model asked for (chat with `tools`). */
export interface ToolCall {
  /** The function to call and its arguments. */
  function: { name: string; arguments: Record<string, unknown> };
}

/** One chat message, as Ollama's `/api/chat` takes and returns it. */
export interface ChatMessage {
  /** Who speaks. */
  role: "system" | "user" | "assistant" | "tool";
  /** The text. */
  content: string;
  /** The model's reasoning, for thinking models with `think: true`. */
  thinking?: string | undefined;
  /** Base64-encoded images, for multimodal models. */
  images?: string[] | undefined;
  /** Tool calls requested by the assistant. */
  tool_calls?: ToolCall[] | undefined;
  /** For `role: "tool"`: which tool answered. */
  tool_name?: string | undefined;
}

/** Timing and token counts Ollama adds to the last chunk of an answer (durations in ns). */
export interface InferenceStats {
  /** Time spent generating the whole answer. */
  total_duration?: number | undefined;
  /** Time spent loading the model. */
  load_duration?: number | undefined;
  /** Tokens in the prompt. */
  prompt_eval_count?: number | undefined;
  /** Time spent evaluating the prompt. */
  prompt_eval_duration?: number | undefined;
  /** Tokens in the answer. */
  eval_count?: number | undefined;
  /** Time spent generating the answer. */
  eval_duration?: number | undefined;
}

/** A `/api/chat` answer: one streamed chunk, or the whole answer when not streaming. */
export interface ChatResponse extends InferenceStats {
  /** Model tag that answered. */
  model: string;
  /** ISO timestamp. */
  created_at: string;
  /** The (partial, when streaming) assistant message. */
  message: ChatMessage;
  /** True on the last chunk. */
  done: boolean;
  /** Why generation stopped (`stop`, `length`, `load`), on the last chunk. */
  done_reason?: string | undefined;
}

/** A `/api/generate` answer: one streamed chunk, or the whole answer when not streaming. */
export interface GenerateResponse extends InferenceStats {
  /** Model tag that answered. */
  model: string;
  /** ISO timestamp. */
  created_at: string;
  /** The (partial, when streaming) answer text. */
  response: string;
  /** The model's reasoning, for thinking models with `think: true`. */
  thinking?: string | undefined;
  /** True on the last chunk. */
  done: boolean;
  /** Why generation stopped (`stop`, `length`, `load`), on the last chunk. */
  done_reason?: string | undefined;
  /** Context tokens to pass back for a follow-up (deprecated by Ollama, still sent). */
  context?: number[] | undefined;
}

/** A `/api/embed` answer. */
export interface EmbedResponse {
  /** Model tag that answered. */
  model: string;
  /** One vector per input. */
  embeddings: number[][];
  /** Time spent (ns). */
  total_duration?: number | undefined;
  /** Time spent loading the model (ns). */
  load_duration?: number | undefined;
  /** Tokens in the input. */
  prompt_eval_count?: number | undefined;
}

/** Model details in `/api/tags`, `/api/ps` and `/api/show`. */
export interface ModelDetails {
  /** Base model, when derived. */
  parent_model?: string | undefined;
  /** File format (`gguf`). */
  format?: string | undefined;
  /** Architecture family (`llama`). */
  family?: string | undefined;
  /** Families (may be null). */
  families?: string[] | null | undefined;
  /** Parameter count (`3.2B`). */
  parameter_size?: string | undefined;
  /** Quantization (`Q4_K_M`). */
  quantization_level?: string | undefined;
}

/** An installed model, from `/api/tags`. */
export interface InstalledModel {
  /** Tag (`llama3.2:latest`). */
  name: string;
  /** Tag again (newer Ollama). */
  model?: string | undefined;
  /** ISO timestamp. */
  modified_at?: string | undefined;
  /** Size on disk in bytes. */
  size: number;
  /** sha256 digest. */
  digest?: string | undefined;
  /** Details. */
  details?: ModelDetails | undefined;
}

/** A model loaded in memory, from `/api/ps`. */
export interface RunningModel {
  /** Tag (`llama3.2:latest`). */
  name: string;
  /** Tag again (newer Ollama). */
  model?: string | undefined;
  /** Memory used in bytes (RAM + VRAM). */
  size: number;
  /** Part of `size` held in GPU memory, in bytes. */
  size_vram: number;
  /** sha256 digest. */
  digest?: string | undefined;
  /** When it will be unloaded (ISO timestamp). */
  expires_at?: string | undefined;
  /** Context window it was loaded with. */
  context_length?: number | undefined;
  /** Details. */
  details?: ModelDetails | undefined;
}

/** A `/api/show` answer (abridged; unknown fields are kept). */
export interface ShowResponse {
  /** Modelfile text. */
  modelfile?: string | undefined;
  /** Default parameters, one per line. */
  parameters?: string | undefined;
  /** Prompt template. */
  template?: string | undefined;
  /** Details. */
  details?: ModelDetails | undefined;
  /** Architecture facts (`general.architecture`, context length, …). */
  model_info?: Record<string, unknown> | undefined;
  /** What the model can do (`completion`, `embedding`, `tools`, `vision`, `thinking`). */
  capabilities?: string[] | undefined;
  /** ISO timestamp. */
  modified_at?: string | undefined;
}

const num = z.number().optional();
const statsShape = {
  total_duration: num,
  load_duration: num,
  prompt_eval_count: num,
  prompt_eval_duration: num,
  eval_count: num,
  eval_duration: num,
};

/** Schema of a {@linkcode ToolCall}. */
export const ToolCallSchema: z.ZodType<ToolCall> = z.looseObject({
  function: z.looseObject({ name: z.string(), arguments: z.record(z.string(), z.unknown()) }),
});

/** Schema of a {@linkcode ChatMessage}. */
export const ChatMessageSchema: z.ZodType<ChatMessage> = z.looseObject({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string(),
  thinking: z.string().optional(),
  images: z.array(z.string()).optional(),
  tool_calls: z.array(ToolCallSchema).optional(),
  tool_name: z.string().optional(),
});

/** Schema of a {@linkcode ChatResponse}. */
export const ChatResponseSchema: z.ZodType<ChatResponse> = z.looseObject({
  model: z.string(),
  created_at: z.string(),
  message: ChatMessageSchema,
  done: z.boolean(),
  done_reason: z.string().optional(),
  ...statsShape,
});

/** Schema of a {@linkcode GenerateResponse}. */
export const GenerateResponseSchema: z.ZodType<GenerateResponse> = z.looseObject({
  model: z.string(),
  created_at: z.string(),
  response: z.string(),
  thinking: z.string().optional(),
  done: z.boolean(),
  done_reason: z.string().optional(),
  context: z.array(z.number()).optional(),
  ...statsShape,
});

/** Schema of an {@linkcode EmbedResponse}. */
export const EmbedResponseSchema: z.ZodType<EmbedResponse> = z.looseObject({
  model: z.string(),
  embeddings: z.array(z.array(z.number())),
  total_duration: num,
  load_duration: num,
  prompt_eval_count: num,
});

/** Schema of {@linkcode ModelDetails}. */
export const ModelDetailsSchema: z.ZodType<ModelDetails> = z.looseObject({
  parent_model: z.string().optional(),
  format: z.string().optional(),
  family: z.string().optional(),
  families: z.array(z.string()).nullable().optional(),
  parameter_size: z.string().optional(),
  quantization_level: z.string().optional(),
});

/** Schema of an {@linkcode InstalledModel}. */
export const InstalledModelSchema: z.ZodType<InstalledModel> = z.looseObject({
  name: z.string(),
  model: z.string().optional(),
  modified_at: z.string().optional(),
  size: z.number(),
  digest: z.string().optional(),
  details: ModelDetailsSchema.optional(),
});

/** Schema of a {@linkcode RunningModel}. */
export const RunningModelSchema: z.ZodType<RunningModel> = z.looseObject({
  name: z.string(),
  model: z.string().optional(),
  size: z.number(),
  size_vram: z.number(),
  digest: z.string().optional(),
  expires_at: z.string().optional(),
  context_length: z.number().optional(),
  details: ModelDetailsSchema.optional(),
});

/** Schema of a {@linkcode ShowResponse}. */
export const ShowResponseSchema: z.ZodType<ShowResponse> = z.looseObject({
  modelfile: z.string().optional(),
  parameters: z.string().optional(),
  template: z.string().optional(),
  details: ModelDetailsSchema.optional(),
  model_info: z.record(z.string(), z.unknown()).optional(),
  capabilities: z.array(z.string()).optional(),
  modified_at: z.string().optional(),
});
