/**
 * Ids for transactions and cycles: a prefix, the time in base 36 (so ids
 * sort by creation) and random hex (so two processes never collide).
 *
 * @module
 */

/**
 * A new id.
 *
 * @param prefix `tx`, `c`, …
 * @returns `<prefix>-<time36><random hex>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newId } from "./ids.ts";
 * assert.match(newId("tx"), /^tx-[0-9a-z]{8,}[0-9a-f]{8}$/);
 * assert.notEqual(newId("c"), newId("c"));
 * ```
 */
export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${PROCESS_TAG}${
    (counter++ & 0xffff).toString(16).padStart(4, "0")
  }`;
}

/** Random per process, so two processes never make the same id in the same millisecond. */
const PROCESS_TAG = [...crypto.getRandomValues(new Uint8Array(2))]
  .map((b) => b.toString(16).padStart(2, "0")).join("");
let counter = Math.floor(Math.random() * 0x10000);
