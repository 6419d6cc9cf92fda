/**
 * The error codes of the Ollama client, and {@linkcode LlmOutputError} for a
 * model answer that is not the JSON it was asked for.
 *
 * | code | when |
 * |---|---|
 * | `LLM_UNREACHABLE` | no connection to the host (after the retries) |
 * | `LLM_TIMEOUT` | no answer within `ollama.timeoutMs`, or a stream went quiet too long |
 * | `LLM_MODEL_MISSING` | Ollama answered 404 "model not found": run `ollama pull <model>` |
 * | `LLM_HTTP_ERROR` | any other HTTP error, or an error line inside a stream |
 * | `LLM_BAD_RESPONSE` | malformed JSON from Ollama, or a stream cut before `done: true` |
 * | `LLM_INVALID_OUTPUT` | structured output: the model's text is not valid JSON for the schema |
 * | `CANCELLED` | the caller's `AbortSignal` fired |
 *
 * @module
 */
import { KitError, type KitErrorOptions } from "../errors.ts";

/** Every error code the Ollama client throws. */
export const LLM_ERROR_CODES: readonly string[] = [
  "LLM_UNREACHABLE",
  "LLM_TIMEOUT",
  "LLM_MODEL_MISSING",
  "LLM_HTTP_ERROR",
  "LLM_BAD_RESPONSE",
  "LLM_INVALID_OUTPUT",
  "CANCELLED",
];

/** Options of an {@linkcode LlmOutputError}. */
export interface LlmOutputErrorOptions extends Omit<KitErrorOptions, "exitCode"> {
  /** The model's text as received. */
  raw: string;
  /** What is wrong with it, one line per problem (`steps.0.id: expected number`). */
  issues: string[];
}

/**
 * The model answered, but not with valid JSON matching the requested schema
 * (code `LLM_INVALID_OUTPUT`). Carries the raw text and the issues so a caller
 * can feed them back to the model and ask again.
 *
 * @example Recognise invalid model output
 * ```ts
 * import assert from "node:assert/strict";
 * import { LlmOutputError } from "./errors.ts";
 * const err = new LlmOutputError("Model llama3.2 did not answer valid JSON", { raw: "{", issues: ["Unexpected end"] });
 * assert(err.code === "LLM_INVALID_OUTPUT" && err.raw === "{");
 * ```
 */
export class LlmOutputError extends KitError {
  /** The model's text as received. */
  readonly raw: string;
  /** What is wrong with it. */
  readonly issues: string[];

  /**
   * Creates the error.
   *
   * @param message What was asked, of which model, and what is wrong.
   * @param options The raw text, the issues, cause and details.
   */
  constructor(message: string, options: LlmOutputErrorOptions) {
    super("LLM_INVALID_OUTPUT", message, {
      ...options,
      details: { ...options.details, issues: options.issues, raw: options.raw.slice(0, 2000) },
    });
    this.name = "LlmOutputError";
    this.raw = options.raw;
    this.issues = options.issues;
  }
}

/**
 * The error for a model Ollama does not have, naming the command that fixes it.
 *
 * @param model The missing model tag.
 * @param host The Ollama endpoint.
 * @param cause What Ollama answered.
 * @returns A `LLM_MODEL_MISSING` kit error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { modelMissingError } from "./errors.ts";
 * const err = modelMissingError("llama3.2", "http://127.0.0.1:11434");
 * assert(err.message.includes("ollama pull llama3.2"));
 * ```
 */
export function modelMissingError(model: string, host: string, cause?: unknown): KitError {
  return new KitError(
    "LLM_MODEL_MISSING",
    `Model "${model}" is not installed on Ollama at ${host}; fix: ollama pull ${model}`,
    { details: { model, host, fix: `ollama pull ${model}` }, cause },
  );
}
