/**
 * File stems and reference keys: how a delta is named and how a
 * `parent_bundle`, `supersedes` or `depends_on` value is matched to another
 * delta (by stem or artifact id, ignoring folders and `.mips.json`/`.json`/`.txt`/`.md`).
 *
 * @module
 */

const EXTENSIONS = /(?:\.mips)?\.(?:json|md|txt|ya?ml|zip)$/i;

/**
 * A file name without its folder and MIPS extension.
 *
 * @param name A file name or path.
 * @returns The stem (`MB__03_DELTA__X_v1` for `deltas/2026-01/MB__03_DELTA__X_v1.mips.json`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileStem } from "./ids.ts";
 * assert(fileStem("deltas/2026-01/A_v1.mips.json") === "A_v1");
 * assert(fileStem("notes.v2.txt") === "notes.v2");
 * ```
 */
export function fileStem(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const stem = base.replace(EXTENSIONS, "");
  return stem === "" ? base : stem;
}

/**
 * The key a reference is matched by: trimmed, folder and extension removed.
 *
 * @param ref A `parent_bundle`/`supersedes`/`depends_on` value.
 * @returns The key, or undefined for empty, `null`-like or non-string values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { refKey } from "./ids.ts";
 * assert(refKey("MB__02_OS__Demo_Core.mips.json") === "MB__02_OS__Demo_Core");
 * assert(refKey("  ") === undefined && refKey(null) === undefined);
 * ```
 */
export function refKey(ref: unknown): string | undefined {
  if (typeof ref !== "string") return undefined;
  const t = ref.trim();
  if (t === "" || /^(?:null|none|n\/a|-)$/i.test(t)) return undefined;
  return fileStem(t);
}
