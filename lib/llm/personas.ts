/**
 * Which Ollama model a persona uses: the configuration's persona map
 * (`ollama.personas`, env `MB_PERSONA_MODELS`), else the default model
 * (`ollama.model`). See DECISIONS.md "Persona models".
 *
 * @module
 */
import type { Config } from "../config.ts";
import { getOwn } from "../own.ts";

/** The Ollama part of the configuration. */
export type OllamaConfig = Config["ollama"];

/**
 * The model tag a persona uses: an exact key of `personas`, else a key equal
 * ignoring case (`brick` finds `BRICK`), else the default model.
 *
 * @param ollama The Ollama configuration (only `model` and `personas` are read).
 * @param persona The persona name; undefined means the default model.
 * @returns The model tag.
 *
 * @example Persona map with a default
 * ```ts
 * import assert from "node:assert/strict";
 * import { modelForPersona } from "./personas.ts";
 * const ollama = { model: "llama3.2", personas: { BRICK: "qwen2.5-coder:7b" } };
 * assert(modelForPersona(ollama, "brick") === "qwen2.5-coder:7b");
 * assert(modelForPersona(ollama, "ROBIN") === "llama3.2");
 * assert(modelForPersona(ollama) === "llama3.2");
 * ```
 */
export function modelForPersona(
  ollama: Pick<OllamaConfig, "model" | "personas">,
  persona?: string,
): string {
  if (persona === undefined) return ollama.model;
  const exact = getOwn(ollama.personas, persona);
  if (exact !== undefined) return exact;
  const lower = persona.toLowerCase();
  const found = Object.entries(ollama.personas).find(([name]) => name.toLowerCase() === lower);
  return found?.[1] ?? ollama.model;
}

/**
 * Normalizes a model tag the way Ollama resolves it: a name without a tag
 * means `:latest`, and the default registry prefix is dropped.
 *
 * @param name A model tag (`llama3.2`, `llama3.2:latest`, `registry.ollama.ai/library/llama3.2`).
 * @returns The tag with an explicit `:tag`, lower-cased.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeModelName } from "./personas.ts";
 * assert(normalizeModelName("Llama3.2") === "llama3.2:latest");
 * assert(normalizeModelName("hf.co/x/y:Q4") === "hf.co/x/y:q4");
 * ```
 */
export function normalizeModelName(name: string): string {
  let n = name.trim().toLowerCase().replace(/^registry\.ollama\.ai\//, "").replace(
    /^library\//,
    "",
  );
  const lastSegment = n.slice(n.lastIndexOf("/") + 1);
  if (!lastSegment.includes(":")) n += ":latest";
  return n;
}

/**
 * Whether two model tags name the same model (`llama3.2` = `llama3.2:latest`).
 *
 * @param a One tag.
 * @param b The other.
 * @returns True when they resolve to the same model.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sameModel } from "./personas.ts";
 * assert(sameModel("llama3.2", "llama3.2:latest"));
 * assert(!sameModel("llama3.2", "llama3.2:1b"));
 * ```
 */
export function sameModel(a: string, b: string): boolean {
  return normalizeModelName(a) === normalizeModelName(b);
}
