/**
 * The DataGuardian (spec §5 Data Covenant): validates artifacts (the
 * DECOMPOSING plan, the synthesized method artifact, a method's declared
 * result) against JSON Schemas stored as data in the image.
 *
 * Validator: `@cfworker/json-schema` (drafts 4 to 2020-12). It interprets the
 * schema as data and never generates code (`ajv` compiles schemas with
 * `new Function`), so a schema stored in the image, which a cycle may have
 * written, cannot run anything in the host.
 *
 * @module
 */
import { Validator } from "@cfworker/json-schema";
import type { Schema } from "@cfworker/json-schema";
import type { GuardianReport } from "../../schemas/image.ts";
import type { JsonValue } from "../image/object.ts";

/**
 * Validates `value` against a schema, resolving `$ref`s to the other covenants.
 *
 * @param schema The JSON Schema (a covenant document, or a declared result schema).
 * @param value The artifact.
 * @param covenants The `data_covenants` object's slots (every object slot with an `$id`
 *   is available to `$ref`).
 * @returns The report: one error per failed keyword, with the instance location as `path`.
 *
 * @example A plan without steps is refused, naming where
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedCovenants } from "./covenants.ts";
 * import { validateArtifact } from "./data_guardian.ts";
 * const covenants = seedCovenants();
 * const report = validateArtifact(covenants.CognitivePlan!, { plan_id: "p", mission_brief: "m", steps: [] }, covenants);
 * assert.equal(report.ok, false);
 * assert.equal(report.errors[0]?.code, "DATA_COVENANT_VIOLATION");
 * assert.equal(report.errors[0]?.path, "#/steps");
 * ```
 */
export function validateArtifact(
  schema: JsonValue,
  value: unknown,
  covenants: Record<string, JsonValue>,
): GuardianReport {
  const report = (errors: GuardianReport["errors"]): GuardianReport => ({
    guardian: "DataGuardian",
    ok: errors.length === 0,
    errors,
  });
  if (
    typeof schema !== "boolean" &&
    (schema === null || typeof schema !== "object" || Array.isArray(schema))
  ) {
    return report([{
      code: "DATA_COVENANT_INVALID",
      message: "The covenant is not a JSON Schema object",
    }]);
  }
  let result;
  try {
    // The validator annotates schemas it dereferences: hand it copies.
    const validator = new Validator(structuredClone(schema) as Schema | boolean, "2020-12", false);
    const own = typeof schema === "object" ? schema.$id : undefined;
    for (const doc of Object.values(covenants)) {
      if (doc === null || typeof doc !== "object" || Array.isArray(doc)) continue;
      if (typeof doc.$id === "string" && doc.$id !== own) {
        validator.addSchema(structuredClone(doc) as Schema);
      }
    }
    result = validator.validate(value);
  } catch (error) {
    return report([{
      code: "DATA_COVENANT_INVALID",
      message: `The covenant cannot be used: ${(error as Error).message}`,
    }]);
  }
  if (result.valid) return report([]);
  // Keep the leaf errors: the "properties"/"items" wrappers repeat them.
  const leaves = result.errors.filter((e) =>
    !["properties", "items", "allOf", "$ref", "prefixItems", "additionalProperties"].includes(
      e.keyword,
    ) || result.errors.length === 1
  );
  return report((leaves.length ? leaves : result.errors).map((e) => ({
    code: "DATA_COVENANT_VIOLATION",
    message: `${e.instanceLocation}: ${e.error} (${e.keyword})`,
    path: e.instanceLocation,
  })));
}
