/**
 * Reading and writing properties by names that come from input — file keys,
 * URI variables, argument names, record names — as own properties only:
 * `__proto__`, `constructor` and `toString` are ordinary names here and never
 * reach (or replace) `Object.prototype`.
 *
 * @module
 */

/**
 * Sets `target[key]` as an own, enumerable property, even for `__proto__`.
 *
 * @param target The object.
 * @param key A name from input.
 * @param value The value.
 *
 * @example A "__proto__" key stays data
 * ```ts
 * import assert from "node:assert/strict";
 * import { setOwn } from "./own.ts";
 * const out: Record<string, number> = {};
 * setOwn(out, "__proto__", 1);
 * assert.deepEqual(Object.keys(out), ["__proto__"]);
 * assert.equal(Object.getPrototypeOf(out), Object.prototype);
 * ```
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * `source[key]` when `source` has it as an own property, else `undefined`.
 *
 * @param source The object.
 * @param key A name from input.
 * @returns The value, never one inherited from `Object.prototype`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getOwn } from "./own.ts";
 * const logs: Record<string, string> = { boot: "boot.ndjson" };
 * assert.equal(getOwn(logs, "boot"), "boot.ndjson");
 * assert.equal(getOwn(logs, "constructor"), undefined);
 * ```
 */
export function getOwn<T>(source: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(source, key) ? source[key] : undefined;
}
