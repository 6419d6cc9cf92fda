/**
 * The wrapper folder of a bundle's entry names (bundle.md §8) and what a
 * generation detection reports; the detection itself walks the profiles in
 * `generations/` (generations.md §2).
 *
 * @module
 */
import type { BundleKind, Generation } from "../../schemas/bundle.ts";

/** Top-level files a wrapped (Gen-C) archive may carry beside its wrapper folder. */
export const WRAPPER_SIBLINGS: readonly string[] = [
  "MANIFEST.json",
  "MANIFEST.sha256",
  "EXPORT_RECEIPT.json",
];

/** A detected generation. */
export interface GenerationInfo {
  /** A–G, `NOT_A_BUNDLE` or `unknown`. */
  generation: Generation;
  /** `OS_BUNDLE`, the non-bundle kind, or `unknown`. */
  kind: BundleKind;
  /** Wrapper prefix with trailing slash (`Metablooms_OS/`), or "" for flat bundles. */
  root: string;
  /** Why this generation was chosen. */
  reason: string;
  /** Top-level names outside the wrapper other than the allowed siblings. */
  strays: string[];
}

/**
 * Finds the wrapper folder: the first segment every entry shares (allowed
 * siblings aside), or the single folder holding `boot_manifest_v1.json`.
 *
 * @param names Entry names.
 * @returns The prefix with trailing slash, and top-level strays outside it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findRoot } from "./generation.ts";
 * assert(findRoot(["Metablooms_OS/a", "Metablooms_OS/b/c", "MANIFEST.json"]).root === "Metablooms_OS/");
 * assert(findRoot(["a", "b/c"]).root === "");
 * ```
 */
export function findRoot(names: readonly string[]): { root: string; strays: string[] } {
  const inner = names.filter((n) => !WRAPPER_SIBLINGS.includes(n));
  const firsts = new Set(inner.map((n) => (n.includes("/") ? n.slice(0, n.indexOf("/") + 1) : n)));
  if (firsts.size === 1) {
    const only = [...firsts][0]!;
    const safe = only.endsWith("/") && only !== "/" && only !== "./" && only !== "../" &&
      !only.includes("\\");
    if (safe && inner.some((n) => n.length > only.length)) return { root: only, strays: [] };
  }
  const wrappers = [
    ...new Set(
      inner.filter((n) => /^[^/]+\/boot_manifest_v1\.json$/.test(n)).map((n) =>
        n.slice(0, n.indexOf("/") + 1)
      ),
    ),
  ];
  if (wrappers.length === 1 && !inner.includes("boot_manifest_v1.json")) {
    const root = wrappers[0]!;
    return { root, strays: inner.filter((n) => !n.startsWith(root)) };
  }
  return { root: "", strays: [] };
}

/**
 * Whether a value is a plain JSON object.
 *
 * @param value Anything.
 * @returns True for non-null, non-array objects.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isObject } from "./generation.ts";
 * assert(isObject({}) && !isObject([]));
 * ```
 */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
