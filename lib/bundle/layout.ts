/**
 * The Gen-A layout and boot-configuration checks of the original
 * `validate_os_bundle.py` (bundle.md §5), reproduced for verdict parity:
 * same lists, same exact-string matching over the entry names (directory
 * entries included), same pass/fail.
 *
 * @module
 */
import type { BuildManifest, Finding } from "../../schemas/bundle.ts";
import { finding } from "./findings.ts";
import { isObject } from "./generation.ts";

/**
 * Checks boot files, control-plane files and required directories.
 *
 * @param names All entry names of the zip.
 * @param root Wrapper prefix ("" for flat bundles); the lists are matched below it.
 * @param manifest The build manifest.
 * @returns Findings (`MISSING_BOOT_FILE`, `MISSING_CONTROL_PLANE_FILE`,
 * `MISSING_DIRECTORY` errors; `MISSING_OPTIONAL_FILE` warnings).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkGenALayout } from "./layout.ts";
 * import { GEN_A_BUILD_MANIFEST } from "./build_manifest.ts";
 * const findings = checkGenALayout(["BOOT.md"], "", GEN_A_BUILD_MANIFEST);
 * assert(findings.some((f) => f.code === "MISSING_BOOT_FILE" && f.path === "RUN_METABLOOMS.py"));
 * ```
 */
export function checkGenALayout(
  names: readonly string[],
  root: string,
  manifest: BuildManifest,
): Finding[] {
  const rel = names.filter((n) => n.startsWith(root)).map((n) => n.slice(root.length));
  const present = new Set(rel);
  const findings: Finding[] = [];
  const lists = [
    ["MISSING_BOOT_FILE", "boot file", manifest.required_boot_files],
    ["MISSING_CONTROL_PLANE_FILE", "control plane file", manifest.required_control_plane_files],
  ] as const;
  for (const [code, what, files] of lists) {
    for (const file of files) {
      if (present.has(file.path)) continue;
      const why = file.purpose ? ` (${file.purpose})` : "";
      findings.push(
        file.required
          ? finding(code, `Missing required ${what}: ${file.path}${why}`, root + file.path)
          : finding(
            "MISSING_OPTIONAL_FILE",
            `Missing optional file: ${file.path}${why}`,
            root + file.path,
          ),
      );
    }
  }
  for (const dir of manifest.required_directories) {
    const path = typeof dir === "string" ? dir : dir.path;
    const required = typeof dir === "string" ? true : dir.required ?? true;
    const prefix = path.replace(/\/+$/, "") + "/";
    if (rel.some((n) => n.startsWith(prefix))) continue;
    findings.push(finding(
      "MISSING_DIRECTORY",
      `Required directory missing or empty: ${path}`,
      root + path,
      undefined,
      required ? "error" : "warning",
    ));
  }
  return findings;
}

/**
 * Checks `boot_manifest.json` as the original does: present, valid JSON,
 * `entrypoint` exactly `RUN_METABLOOMS.py`, key `success_signal` present.
 *
 * @param text The manifest bytes, or undefined when the entry is absent or unreadable.
 * @param path Its entry name (for findings).
 * @returns Findings (all errors).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkGenABootManifest } from "./layout.ts";
 * const bytes = new TextEncoder().encode('{"entrypoint":"RUN_METABLOOMS.py"}');
 * assert(checkGenABootManifest(bytes, "boot_manifest.json")[0]?.code === "BOOT_SUCCESS_SIGNAL_MISSING");
 * ```
 */
export function checkGenABootManifest(text: Uint8Array | undefined, path: string): Finding[] {
  if (text === undefined) {
    return [
      finding("BOOT_MANIFEST_MISSING", `Boot manifest ${path} is missing or unreadable`, path),
    ];
  }
  const parsed = parseJson(text);
  if (!parsed.ok || !isObject(parsed.value)) {
    const why = parsed.ok ? "it is not a JSON object" : parsed.error;
    return [finding("BOOT_MANIFEST_INVALID", `Boot manifest ${path} cannot be used: ${why}`, path)];
  }
  const manifest = parsed.value;
  const findings: Finding[] = [];
  if (!("entrypoint" in manifest)) {
    findings.push(
      finding("BOOT_ENTRYPOINT_MISSING", `Boot manifest ${path} has no "entrypoint"`, path),
    );
  } else if (manifest.entrypoint !== "RUN_METABLOOMS.py") {
    findings.push(finding(
      "BOOT_ENTRYPOINT_WRONG",
      `Boot manifest ${path} names entrypoint ${
        JSON.stringify(manifest.entrypoint)
      }, expected "RUN_METABLOOMS.py"`,
      path,
    ));
  }
  if (!("success_signal" in manifest)) {
    findings.push(
      finding("BOOT_SUCCESS_SIGNAL_MISSING", `Boot manifest ${path} has no "success_signal"`, path),
    );
  }
  return findings;
}

/**
 * Parses JSON bytes (UTF-8, BOM tolerated) without throwing.
 *
 * @param bytes The bytes.
 * @returns `{ ok: true, value }` or `{ ok: false, error }`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJson } from "./layout.ts";
 * assert(parseJson(new TextEncoder().encode("[1]")).ok);
 * ```
 */
export function parseJson(
  bytes: Uint8Array,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, "")) };
  } catch (error) {
    return { ok: false, error: `invalid JSON (${(error as Error).message})` };
  }
}
