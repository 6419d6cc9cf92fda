/**
 * Detects a bundle's generation (A, B, C) and its wrapper folder from the
 * entry names and the boot manifest (bundle.md §1, §8).
 *
 * @module
 */
import type { Generation } from "../../schemas/bundle.ts";

/** Top-level files a wrapped (Gen-C) archive may carry beside its wrapper folder. */
export const WRAPPER_SIBLINGS: readonly string[] = [
  "MANIFEST.json",
  "MANIFEST.sha256",
  "EXPORT_RECEIPT.json",
];

/** A detected generation. */
export interface GenerationInfo {
  /** A, B, C or unknown. */
  generation: Generation;
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
 * Decides the generation.
 *
 * @param names Entry names.
 * @param bootManifest The parsed `<root>boot_manifest.json`, if any (read it with the root from {@linkcode findRoot}).
 * @returns Generation, root and reason.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectGeneration } from "./generation.ts";
 * const b = detectGeneration(["boot_manifest.json"], { version: 1, canonical_entrypoint: "BOOT_METABLOOMS.py" });
 * assert(b.generation === "B");
 * ```
 */
export function detectGeneration(names: readonly string[], bootManifest: unknown): GenerationInfo {
  const { root, strays } = findRoot(names);
  const rel = new Set(names.filter((n) => n.startsWith(root)).map((n) => n.slice(root.length)));
  if (rel.has("boot_manifest_v1.json")) {
    return { generation: "C", root, strays, reason: `${root}boot_manifest_v1.json is present` };
  }
  if (
    isObject(bootManifest) && !("entrypoint" in bootManifest) &&
    ("canonical_entrypoint" in bootManifest || "runner" in bootManifest)
  ) {
    return {
      generation: "B",
      root,
      strays,
      reason: "boot_manifest.json has canonical_entrypoint/runner and no entrypoint",
    };
  }
  const markers = [
    "boot_manifest.json",
    "BOOT_METABLOOMS.py",
    "RUN_METABLOOMS.py",
    "boot_contract.json",
  ];
  const marker = markers.find((m) => rel.has(m)) ??
    [...rel].find((n) => n.startsWith("control_plane/"));
  if (marker) return { generation: "A", root, strays, reason: `${root}${marker} is present` };
  return {
    generation: "unknown",
    root,
    strays,
    reason: "no boot manifest, launcher or control plane found",
  };
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
