/**
 * Mission briefs (spec §3, §6) and their hash: SHA-256 of Python
 * `json.dumps(brief, sort_keys=True)` (`", "` and `": "` separators, ASCII
 * escapes), the VIII code's recipe, so hashes match the original's.
 *
 * @module
 */
import { sha256Hex } from "../fs/sha256.ts";
import { pythonJsonDumps } from "../json/py_json.ts";
import type { JsonValue } from "../image/object.ts";

/** The brief of an unanswered message (spec §3). */
export interface UnhandledMessageBrief {
  /** Always `unhandled_message`. */
  type: "unhandled_message";
  /** The selector nobody answered. */
  selector: string;
  /** Its positional arguments. */
  args: JsonValue[];
  /** Its keyword arguments (always empty: kit messages are positional). */
  kwargs: Record<string, JsonValue>;
}

/** The brief of a corrective cycle (spec §6), with the target of the method being corrected. */
export interface SelfCorrectionBrief {
  /** Always `self_correction_mandate`. */
  type: "self_correction_mandate";
  /** Always `correct_generated_artifact`. */
  selector: "correct_generated_artifact";
  /** The artifact that failed (plan JSON or method source). */
  original_artifact: string;
  /** The structured error it failed with. */
  validation_error: JsonValue;
  /** The receiver of the original message. */
  target_oid: string;
  /** The selector of the original message. */
  target_selector: string;
}

/** A mission brief. */
export type MissionBrief = UnhandledMessageBrief | SelfCorrectionBrief;

/**
 * The `mission_brief_hash` of the cycle log.
 *
 * @param brief The brief.
 * @returns 64 hex characters.
 *
 * @example The spec's test vector
 * ```ts
 * import assert from "node:assert/strict";
 * import { missionBriefHash } from "./brief.ts";
 * const hash = missionBriefHash({ type: "unhandled_message", selector: "greet_architect", args: [], kwargs: {} });
 * assert.equal(hash, "aef95cfef436c9a6f6f41239f50e80debd7a61a4f190dc4121d53667ef7987ca");
 * ```
 */
export function missionBriefHash(brief: MissionBrief): string {
  return sha256Hex(pythonJsonDumps(brief, { sortKeys: true }));
}
