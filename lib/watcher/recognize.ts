/**
 * Which names in the downloads folder the watcher looks at: partial
 * downloads and office lock files are ignored, and the kit recognizer
 * (watcher.md §5) picks MIPS-like names and `.zip` bundles. Content decides
 * the rest (see `inspect.ts`).
 *
 * @module
 */

/** Suffixes browsers and download managers give files still being written (compared case-insensitively). */
export const PARTIAL_DOWNLOAD_SUFFIXES: readonly string[] = [
  ".crdownload",
  ".part",
  ".partial",
  ".download",
  ".tmp",
  ".temp",
  ".opdownload",
  ".!ut",
];

/** Name prefixes of editor lock files (LibreOffice `.~lock.`, MS Office `~$`). */
export const LOCK_FILE_PREFIXES: readonly string[] = [".~lock.", "~$"];

/**
 * Why a name must be left alone as an unfinished or lock file, or `null`.
 *
 * @param name A base name.
 * @returns `partial-download`, `lock-file` or `null`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ignoredNameReason } from "./recognize.ts";
 * assert(ignoredNameReason("MB__x.mips.json.crdownload") === "partial-download");
 * assert(ignoredNameReason("~$notes.md") === "lock-file");
 * assert(ignoredNameReason("MB__x.mips.json") === null);
 * ```
 */
export function ignoredNameReason(name: string): "partial-download" | "lock-file" | null {
  const lower = name.toLowerCase();
  if (LOCK_FILE_PREFIXES.some((p) => name.startsWith(p))) return "lock-file";
  if (PARTIAL_DOWNLOAD_SUFFIXES.some((s) => lower.endsWith(s))) return "partial-download";
  return null;
}

/**
 * The kit recognizer: what a name looks like, or `null` when the watcher
 * must not touch it. Accepts `*.mips.json|*.mips.md|*.mips.txt`,
 * `MB__*.{json,md,txt}`, any name containing `__DELTA__` (all as `mips`
 * candidates, which content later splits into MIPS files and notes), and
 * `*.zip` (as `bundle` candidates). Matching is case-sensitive, as in the
 * originals and bundle.md ("ZIP iff the name ends with `.zip`").
 *
 * @param name A base name.
 * @returns `mips`, `bundle` or `null`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recognizeName } from "./recognize.ts";
 * assert(recognizeName("README_boot.mips.md") === "mips");
 * assert(recognizeName("MB__00_SENTINEL__ACTIVE_STATE.txt") === "mips");
 * assert(recognizeName("MetaBlooms_OS_v7.zip") === "bundle");
 * assert(recognizeName("holiday.jpg") === null);
 * ```
 */
export function recognizeName(name: string): "mips" | "bundle" | null {
  if (ignoredNameReason(name) !== null) return null;
  if (name.endsWith(".zip")) return "bundle";
  if (/\.mips\.(json|md|txt)$/.test(name)) return "mips";
  if (/^MB__.*\.(json|md|txt)$/.test(name)) return "mips";
  if (name.includes("__DELTA__")) return "mips";
  return null;
}
