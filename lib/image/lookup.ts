/**
 * Slot lookup by delegation: the receiver's own slot, then each parent in
 * list order, depth-first (spec §2). A parent reached twice (a diamond or a
 * cycle in the parents graph) is searched once; a missing parent is skipped.
 *
 * @module
 */
import type { JsonValue } from "./object.ts";

/** What a lookup reads: own slots and parents lists (an image transaction, or a snapshot). */
export interface SlotReader {
  /** An own slot of an object (undefined when absent). */
  slot(oid: string, name: string): Promise<JsonValue | undefined>;
  /** An object's parents (undefined when the object does not exist). */
  parentsOf(oid: string): Promise<string[] | undefined>;
}

/** Where a lookup found the slot. */
export interface LookupHit {
  /** The object that holds the slot (the receiver or an ancestor). */
  holder: string;
  /** The slot's value. */
  value: JsonValue;
}

/**
 * Finds slot `name` for `oid` by delegation.
 *
 * @param reader Reads own slots and parents.
 * @param oid The receiver (must exist).
 * @param name The slot (selector).
 * @returns The holder and value, or undefined when no object on the path has it.
 *
 * @example Own slot first, then the parents depth-first in order
 * ```ts
 * import assert from "node:assert/strict";
 * import { lookupSlot } from "./lookup.ts";
 * const objects: Record<string, { slots: Record<string, string>; parents: string[] }> = {
 *   child: { slots: {}, parents: ["a", "b"] },
 *   a: { slots: {}, parents: ["root"] },
 *   b: { slots: { hello: "from b" }, parents: [] },
 *   root: { slots: { hello: "from root" }, parents: [] },
 * };
 * const reader = {
 *   slot: (oid: string, name: string) => Promise.resolve(objects[oid]?.slots[name]),
 *   parentsOf: (oid: string) => Promise.resolve(objects[oid]?.parents),
 * };
 * assert.deepEqual(await lookupSlot(reader, "child", "hello"), { holder: "root", value: "from root" });
 * assert.equal(await lookupSlot(reader, "child", "nope"), undefined);
 * ```
 */
export async function lookupSlot(
  reader: SlotReader,
  oid: string,
  name: string,
): Promise<LookupHit | undefined> {
  const visited = new Set<string>();
  const visit = async (current: string): Promise<LookupHit | undefined> => {
    if (visited.has(current)) return undefined;
    visited.add(current);
    const parents = await reader.parentsOf(current);
    if (parents === undefined) return undefined;
    const value = await reader.slot(current, name);
    if (value !== undefined) return { holder: current, value };
    for (const parent of parents) {
      const hit = await visit(parent);
      if (hit) return hit;
    }
    return undefined;
  };
  return await visit(oid);
}
