/**
 * The Ollama configuration the LLM tests use: the defaults of `loadConfig`,
 * pointed at a fake server, with short timeouts and no retries unless asked.
 *
 * @module
 */
import type { OllamaConfig } from "../../lib/llm/personas.ts";

/** An Ollama configuration for `host`, with overrides. */
export function ollamaConfig(host: string, overrides: Partial<OllamaConfig> = {}): OllamaConfig {
  return {
    host,
    model: "llama3.2",
    embedModel: "nomic-embed-text",
    personas: {},
    timeoutMs: 5_000,
    retries: 0,
    ...overrides,
  };
}
