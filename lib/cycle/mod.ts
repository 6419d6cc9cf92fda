/**
 * Cognitive cycles: what the living image does with a message nobody
 * answers. The prototypal state machine (IDLE → DECOMPOSING → DELEGATING →
 * SYNTHESIZING → VALIDATING → COMPLETE | FAILED), the personas and data
 * covenants it seeds into the image, the guardians, the cycle log records,
 * self-correction, and {@linkcode LivingImage}, which wires them to sends.
 *
 * @example The spec's mission-brief hash
 * ```ts
 * import assert from "node:assert/strict";
 * import { missionBriefHash } from "./mod.ts";
 * assert.equal(
 *   missionBriefHash({ type: "unhandled_message", selector: "greet_architect", args: [], kwargs: {} }),
 *   "aef95cfef436c9a6f6f41239f50e80debd7a61a4f190dc4121d53667ef7987ca",
 * );
 * ```
 *
 * @module
 */
export * from "./brief.ts";
export * from "./covenants.ts";
export * from "./cycle.ts";
export * from "./data_guardian.ts";
export * from "./extract.ts";
export * from "./living_image.ts";
export * from "./log.ts";
export * from "./mission.ts";
export * from "./open.ts";
export * from "./persistence_guardian.ts";
export * from "./personas.ts";
export * from "./prompts.ts";
export * from "./psm.ts";
export * from "./retrieval.ts";
export * from "./seed.ts";
export * from "../../schemas/cycle_log.ts";
