/**
 * The data covenants a new image is seeded with (spec §5 DataGuardian): JSON
 * Schema documents (draft 2020-12) stored as data in the image's
 * `data_covenants` object, one slot per schema, plus `result_schemas`, the
 * declared results of selectors (selector → schema). Edit them in the image;
 * this file is only the seed.
 *
 * @module
 */
import type { JsonValue } from "../image/object.ts";

/** The persona names (spec §7). */
export const PERSONAS = ["ALFRED", "BRICK", "ROBIN", "BABS"] as const;

/** A persona name. */
export type Persona = typeof PERSONAS[number];

/** The `$id` prefix of the seeded covenants; `$ref` between them uses it. */
export const COVENANT_ID_PREFIX = "urn:metablooms:covenant:";

/**
 * The seeded covenants: `Step`, `CognitivePlan` (spec §5) and `MethodArtifact`
 * (what SYNTHESIZING produces), and `result_schemas` with the declared result
 * of `greet_architect` (the genesis example).
 *
 * @returns Slot name → value of the `data_covenants` object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedCovenants } from "./covenants.ts";
 * const c = seedCovenants() as Record<string, { required?: string[] }>;
 * assert.deepEqual(c.CognitivePlan?.required, ["plan_id", "mission_brief", "steps"]);
 * ```
 */
export function seedCovenants(): Record<string, JsonValue> {
  return {
    Step: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: `${COVENANT_ID_PREFIX}Step`,
      type: "object",
      required: ["step_id", "persona", "action", "inputs"],
      properties: {
        step_id: { type: "integer" },
        persona: { enum: [...PERSONAS] },
        action: { type: "string", minLength: 1 },
        inputs: { type: "object", additionalProperties: { type: "string" } },
      },
    },
    CognitivePlan: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: `${COVENANT_ID_PREFIX}CognitivePlan`,
      type: "object",
      required: ["plan_id", "mission_brief", "steps"],
      properties: {
        plan_id: { type: "string", minLength: 1 },
        mission_brief: { type: "string" },
        steps: { type: "array", minItems: 1, items: { $ref: `${COVENANT_ID_PREFIX}Step` } },
      },
    },
    MethodArtifact: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: `${COVENANT_ID_PREFIX}MethodArtifact`,
      type: "object",
      required: ["selector", "language", "source", "sha256", "persona", "cycle_id"],
      properties: {
        selector: { type: "string", pattern: "^[A-Za-z_$][A-Za-z0-9_$]{0,127}$" },
        language: { const: "javascript" },
        source: { type: "string", minLength: 1, maxLength: 65536 },
        sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
        persona: { enum: [...PERSONAS] },
        cycle_id: { type: "string", minLength: 1 },
      },
    },
    result_schemas: {
      greet_architect: { type: "string", minLength: 1 },
    },
  };
}
