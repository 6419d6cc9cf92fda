/**
 * A delta's runtime posture on its own (mips.md §4 [kit]): what the LTM index
 * stores and the knowledge catalog keeps as a remembered delta's metadata.
 *
 * @module
 */
import type { MipsRecord } from "../../schemas/mips.ts";
import type { RuntimePosture } from "../../schemas/ltm.ts";

/**
 * The posture a file has on its own (HISTORICAL needs the other files).
 *
 * @param record The parsed record.
 * @param quarantineReason Set when the file could not be parsed.
 * @returns QUARANTINED, ACTIVE or OPTIONAL.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMips } from "../mips/parse.ts";
 * import { basePosture } from "./posture.ts";
 * const { record } = parseMips("plain note", "Note.txt");
 * assert.equal(basePosture(record, undefined), "OPTIONAL");
 * ```
 */
export function basePosture(
  record: MipsRecord,
  quarantineReason: string | undefined,
): RuntimePosture {
  if (quarantineReason !== undefined || record.probe || record.format === "invalid") {
    return "QUARANTINED";
  }
  const status = record.status?.toUpperCase();
  return status === "ACTIVE" || status === "PROMOTED" ? "ACTIVE" : "OPTIONAL";
}
