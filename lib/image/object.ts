/**
 * What the image holds: prototype objects with JSON slots and an ordered
 * `parents` list, and method slots, which hold source text (never a function)
 * with its SHA-256, the guardian's verdict, and the cycle and persona that
 * wrote it.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import { sha256Hex } from "../fs/sha256.ts";
import type { JsonValue, MethodSummary } from "../../schemas/image.ts";

export type { JsonValue } from "../../schemas/image.ts";

/** The content of one object version: slots and delegation parents. */
export interface ObjectState {
  /** Slot name → JSON value. */
  slots: Record<string, JsonValue>;
  /** Delegation parents (oids), in lookup order. */
  parents: string[];
}

/** One committed version of an object. */
export interface ImageObject extends ObjectState {
  /** The object id. */
  oid: string;
  /** Its version (1 when created). */
  version: number;
  /** The transaction that committed this version. */
  tx_id: string;
  /** When (ISO 8601). */
  committed_at: string;
}

/** A guardian's verdict as stored with a method. */
export interface MethodVerdict {
  /** Which guardian judged (`PersistenceGuardian`). */
  guardian: string;
  /** Accepted. */
  ok: boolean;
  /** When (ISO 8601). */
  checked_at: string;
}

/** The record a method slot holds, under the key `$method`. */
export interface MethodRecord {
  /** The selector the method answers (equals the slot name). */
  selector: string;
  /** Always `javascript`: a `function <selector>(self, ...args)` definition. */
  language: "javascript";
  /** The source text. */
  source: string;
  /** SHA-256 of `source` (UTF-8), hex. */
  sha256: string;
  /** The PersistenceGuardian's verdict. */
  verdict: MethodVerdict;
  /** The cycle that wrote it (null when installed by hand). */
  cycle_id: string | null;
  /** The persona that wrote it (null when installed by hand). */
  persona: string | null;
}

/** Object ids: 1–128 characters, letters, digits and `_ . : / -`, not starting with a digit. */
export const OID_PATTERN: RegExp = /^[A-Za-z_][A-Za-z0-9_.:\/-]{0,127}$/;

/** Slot names (and selectors): JavaScript identifiers of at most 128 characters. */
export const SLOT_PATTERN: RegExp = /^[A-Za-z_$][A-Za-z0-9_$]{0,127}$/;

/** Names a slot may not have: delegation lives in its own column. */
export const RESERVED_SLOTS: readonly string[] = ["parents", "__proto__", "constructor"];

/**
 * Checks an object id.
 *
 * @param oid The id.
 * @returns The id.
 * @throws {KitError} `IMAGE_BAD_OID` (exit 2).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkOid } from "./object.ts";
 * assert.equal(checkOid("genesis_obj"), "genesis_obj");
 * assert.throws(() => checkOid("9 lives"), { code: "IMAGE_BAD_OID" });
 * ```
 */
export function checkOid(oid: string): string {
  if (!OID_PATTERN.test(oid)) {
    throw new KitError(
      "IMAGE_BAD_OID",
      `Object id "${oid.slice(0, 140)}" is invalid: use 1-128 letters, digits and _ . : / - ` +
        "(not starting with a digit)",
      { exitCode: 2, details: { oid } },
    );
  }
  return oid;
}

/**
 * Checks a slot name (also used for selectors).
 *
 * @param name The slot name.
 * @returns The name.
 * @throws {KitError} `IMAGE_BAD_SLOT` (exit 2) for a non-identifier or a reserved name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkSlotName } from "./object.ts";
 * assert.equal(checkSlotName("greet_architect"), "greet_architect");
 * assert.throws(() => checkSlotName("parents"), { code: "IMAGE_BAD_SLOT" });
 * ```
 */
export function checkSlotName(name: string): string {
  if (!SLOT_PATTERN.test(name) || RESERVED_SLOTS.includes(name)) {
    throw new KitError(
      "IMAGE_BAD_SLOT",
      `Slot name "${name.slice(0, 140)}" is invalid: use a JavaScript identifier ` +
        `(not ${RESERVED_SLOTS.join(", ")})`,
      { exitCode: 2, details: { slot: name } },
    );
  }
  return name;
}

/**
 * A deep copy of a JSON value, checked to be plain JSON (no `undefined`,
 * functions, non-finite numbers, cycles).
 *
 * @param value The value.
 * @param where What it is, for the message (`slot greeting of genesis_obj`).
 * @returns A deep copy.
 * @throws {KitError} `IMAGE_NOT_JSON` for anything JSON cannot hold as it is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toJsonValue } from "./object.ts";
 * assert.deepEqual(toJsonValue({ a: [1, "x", null] }, "test"), { a: [1, "x", null] });
 * assert.throws(() => toJsonValue({ f: () => 1 }, "test"), { code: "IMAGE_NOT_JSON" });
 * ```
 */
export function toJsonValue(value: unknown, where: string): JsonValue {
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string): JsonValue => {
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number") {
      if (Number.isFinite(v)) return v;
      throw notJson(where, path, String(v));
    }
    if (typeof v !== "object") throw notJson(where, path, typeof v);
    if (seen.has(v)) throw notJson(where, path, "a cycle");
    seen.add(v);
    let out: JsonValue;
    if (Array.isArray(v)) out = v.map((item, i) => walk(item, `${path}/${i}`));
    else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw notJson(where, path, `an instance of ${proto?.constructor?.name ?? "a class"}`);
      }
      const record: Record<string, JsonValue> = {};
      for (const [k, item] of Object.entries(v)) {
        if (item === undefined) continue;
        Object.defineProperty(record, k, {
          value: walk(item, `${path}/${k}`),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      out = record;
    }
    seen.delete(v);
    return out;
  };
  return walk(value, "");
}

function notJson(where: string, path: string, what: string): KitError {
  return new KitError(
    "IMAGE_NOT_JSON",
    `Cannot store ${where}${path ? ` at ${path}` : ""}: ${what} is not a JSON value`,
    { details: { where, path } },
  );
}

/**
 * A method slot value for `source`, with its SHA-256.
 *
 * @param selector The selector (the slot it goes into).
 * @param source The source text (`function <selector>(self, ...args) { … }`).
 * @param provenance Verdict, cycle and persona.
 * @returns The slot value `{ $method: MethodRecord }`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { methodSlot, methodOf } from "./object.ts";
 * const slot = methodSlot("hi", "function hi(self) { return 1; }", {
 *   verdict: { guardian: "PersistenceGuardian", ok: true, checked_at: "2026-01-01T00:00:00Z" },
 *   cycle_id: null, persona: null,
 * });
 * assert.equal(methodOf(slot)?.sha256.length, 64);
 * ```
 */
export function methodSlot(
  selector: string,
  source: string,
  provenance: Pick<MethodRecord, "verdict" | "cycle_id" | "persona">,
): JsonValue {
  const record: MethodRecord = {
    selector,
    language: "javascript",
    source,
    sha256: sha256Hex(source),
    verdict: provenance.verdict,
    cycle_id: provenance.cycle_id,
    persona: provenance.persona,
  };
  return { $method: record as unknown as JsonValue };
}

/**
 * The method record a slot value holds, if it holds one.
 *
 * @param value A slot value.
 * @returns The record, or undefined for a data slot.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { methodOf } from "./object.ts";
 * assert.equal(methodOf("just text"), undefined);
 * ```
 */
export function methodOf(value: JsonValue | undefined): MethodRecord | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const record = value.$method;
  if (record === null || typeof record !== "object" || Array.isArray(record)) return undefined;
  if (typeof record.source !== "string" || typeof record.selector !== "string") return undefined;
  return record as unknown as MethodRecord;
}

/**
 * Summaries of an object's method slots, by selector.
 *
 * @param slots The object's slots.
 * @returns One summary per method slot.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarizeMethods } from "./object.ts";
 * assert.deepEqual(summarizeMethods({ name: "x" }), []);
 * ```
 */
export function summarizeMethods(slots: Record<string, JsonValue>): MethodSummary[] {
  const out: MethodSummary[] = [];
  for (const [selector, value] of Object.entries(slots).sort(([a], [b]) => a < b ? -1 : 1)) {
    const m = methodOf(value);
    if (!m) continue;
    out.push({
      selector,
      sha256: m.sha256,
      persona: m.persona,
      cycle_id: m.cycle_id,
      verdict_ok: m.verdict.ok,
    });
  }
  return out;
}

/**
 * Whether two JSON values are equal (objects compared key by key, any order).
 *
 * @param a One value.
 * @param b The other.
 * @returns True when equal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonEqual } from "./object.ts";
 * assert(jsonEqual({ a: 1, b: [2] }, { b: [2], a: 1 }));
 * assert(!jsonEqual([1], [1, 2]));
 * ```
 */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as JsonValue[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, JsonValue>;
  const bo = b as Record<string, JsonValue>;
  const keys = Object.keys(ao);
  if (keys.length !== Object.keys(bo).length) return false;
  return keys.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}
