/**
 * The system prompt a persona spoke with when it wrote a method, for the
 * fine-tuning export. The cycle log records the user prompt only; the system
 * prompt is built from the persona's codex (`personaSystemPrompt`), which
 * lives in the image and may change. So it is rebuilt from the codex the
 * image held at the record's time (`objectAt`), and from the seed codex when
 * the image does not have the persona then (a log exported away from its
 * image).
 *
 * @module
 */
import { PERSONAS } from "../cycle/covenants.ts";
import { personaOid, personaSeedObjects, personaSystemPrompt } from "../cycle/personas.ts";
import { objectAt } from "../image/history.ts";
import type { Image } from "../image/image.ts";
import type { JsonValue } from "../image/object.ts";

/** The system prompt of a persona at a time (ISO 8601). */
export type SystemPromptAt = (persona: string | null, time: string) => Promise<string>;

/** The persona that writes methods when the log names none (the SYNTHESIZING state's). */
const DEFAULT_PERSONA = "ROBIN";

/**
 * System prompts from an image's persona objects, cached per persona and time.
 *
 * @param image The image the log was written by, if at hand.
 * @returns The lookup.
 *
 * @example Without an image: the seed codex
 * ```ts
 * import assert from "node:assert/strict";
 * import { systemPromptsOf } from "./system_prompt.ts";
 * const at = systemPromptsOf(undefined);
 * assert.match(await at("BRICK", "2026-01-10T12:00:00Z"), /^You are BRICK, /);
 * assert.match(await at("NOBODY", "2026-01-10T12:00:00Z"), /^You are NOBODY\./);
 * ```
 */
export function systemPromptsOf(image: Image | undefined): SystemPromptAt {
  const cache = new Map<string, Promise<string>>();
  const seed = personaSeedObjects();
  const known = (name: string) => (PERSONAS as readonly string[]).includes(name);
  async function lookup(name: string, time: string): Promise<string> {
    if (!known(name)) return personaSystemPrompt(name, undefined);
    const oid = personaOid(name as never);
    if (image) {
      try {
        const object = await objectAt(image, oid, { time });
        return personaSystemPrompt(name, object.slots.codex);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== "IMAGE_VERSION_NOT_FOUND" && code !== "IMAGE_BAD_TIME") throw error;
      }
    }
    return personaSystemPrompt(name, seed[oid]?.slots.codex as JsonValue | undefined);
  }
  return (persona, time) => {
    const name = persona ?? DEFAULT_PERSONA;
    const key = `${name}\u0000${time}`;
    let prompt = cache.get(key);
    if (!prompt) {
      prompt = lookup(name, time);
      cache.set(key, prompt);
    }
    return prompt;
  };
}
