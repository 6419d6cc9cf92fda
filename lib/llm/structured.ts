/**
 * Structured output: turn a zod schema into the JSON Schema Ollama's `format`
 * takes, then parse and validate the model's answer against it.
 *
 * @module
 */
import { z } from "zod";
import { LlmOutputError } from "./errors.ts";

/** What the answer being parsed came from, for error messages. */
export interface StructuredContext {
  /** The model that answered. */
  model?: string | undefined;
  /** Ollama's `done_reason` (`length` means the answer was cut by `num_predict`). */
  doneReason?: string | undefined;
}

/**
 * The JSON Schema to send as Ollama's `format` for a zod schema.
 *
 * @param schema A zod schema of JSON-representable data.
 * @returns A JSON Schema object (draft 2020-12).
 * @throws {TypeError} When the schema cannot be expressed in JSON Schema
 * (transforms, dates, functions).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { formatFor } from "./structured.ts";
 * const format = formatFor(z.object({ queries: z.array(z.string()) }));
 * assert(format.type === "object");
 * ```
 */
export function formatFor(schema: z.ZodType): Record<string, unknown> {
  try {
    const { $schema: _, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
    return rest;
  } catch (error) {
    throw new TypeError(
      `Cannot use this schema for structured output: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Parses a model's answer as JSON and validates it against a schema.
 *
 * @param text The model's answer.
 * @param schema The expected shape.
 * @param context The model and `done_reason`, named in the error.
 * @returns The validated value.
 * @throws {LlmOutputError} `LLM_INVALID_OUTPUT` when the text is not JSON or does
 * not match; `raw` and `issues` say what came and what is wrong.
 *
 * @example Parse and validate
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { parseStructuredOutput } from "./structured.ts";
 * const value = parseStructuredOutput('{"n": 3}', z.object({ n: z.number() }));
 * assert(value.n === 3);
 * ```
 */
export function parseStructuredOutput<T>(
  text: string,
  schema: z.ZodType<T>,
  context: StructuredContext = {},
): T {
  const who = context.model ? `Model ${context.model}` : "The model";
  const cut = context.doneReason === "length"
    ? " (the answer was cut by num_predict: done_reason length)"
    : "";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LlmOutputError(
      `${who} did not answer valid JSON${cut}: ${(error as Error).message}`,
      { raw: text, issues: [(error as Error).message], cause: error },
    );
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) =>
    `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`
  );
  throw new LlmOutputError(
    `${who} answered JSON that does not match the schema${cut}: ${issues.slice(0, 3).join("; ")}`,
    { raw: text, issues, cause: parsed.error },
  );
}
