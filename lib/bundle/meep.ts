/**
 * The MEEP-1.0 inventory (`MEEP_Manifest.json`): creating one over a file
 * list and checking a bundle against its own (every listed file present with
 * a matching hash, every unlisted file reported, its own entry skipped).
 *
 * @module
 */
import {
  type Finding,
  type MeepManifest,
  MeepManifestSchema,
  type MeepSummary,
} from "../../schemas/bundle.ts";
import { finding } from "./findings.ts";
import { parseJson } from "./layout.ts";

/** The manifest's file name, at the OS root. */
export const MEEP_FILE = "MEEP_Manifest.json";

/**
 * Creates a MEEP-1.0 manifest.
 *
 * @param inventory Paths (relative to the OS root) and their SHA-256, in order.
 * @param date Export date (YYYY-MM-DD).
 * @param baseSource What the export was made from.
 * @returns The manifest object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMeepManifest } from "./meep.ts";
 * const m = createMeepManifest([{ path: "a", sha256: "0".repeat(64) }], "2026-01-10", "demo");
 * assert(m.counts?.files === 1 && m.export_standard === "MEEP-1.0");
 * ```
 */
export function createMeepManifest(
  inventory: Array<{ path: string; sha256: string }>,
  date: string,
  baseSource: string,
): MeepManifest {
  return {
    export_authority: "MetaBlooms",
    export_standard: "MEEP-1.0",
    date,
    base_source: baseSource,
    counts: { files: inventory.length },
    inventory,
  };
}

/** Inputs of {@linkcode checkMeep}. */
export interface MeepInputs {
  /** Entry name of the manifest. */
  path: string;
  /** Its bytes. */
  text: Uint8Array;
  /** Wrapper prefix; inventory paths are relative to it. */
  root: string;
  /** Names of file entries (not directories) in the zip. */
  files: readonly string[];
  /** Entry name → SHA-256 (entries read successfully). */
  hashes: ReadonlyMap<string, string>;
}

/**
 * Checks a bundle against its MEEP inventory.
 *
 * @param inputs The manifest and the bundle's files and hashes.
 * @returns Findings and a summary (undefined when the manifest is invalid).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkMeep } from "./meep.ts";
 * const text = new TextEncoder().encode(JSON.stringify({ export_authority: "MetaBlooms", export_standard: "MEEP-1.0", inventory: [{ path: "a", sha256: "0".repeat(64) }] }));
 * const { findings } = checkMeep({ path: "MEEP_Manifest.json", text, root: "", files: ["a", "b", "MEEP_Manifest.json"], hashes: new Map([["a", "1".repeat(64)]]) });
 * assert(findings.some((f) => f.code === "MEEP_HASH_MISMATCH") && findings.some((f) => f.code === "MEEP_UNLISTED"));
 * ```
 */
export function checkMeep(inputs: MeepInputs): { findings: Finding[]; summary?: MeepSummary } {
  const { path, root } = inputs;
  const parsed = parseJson(inputs.text);
  const meep = parsed.ok ? MeepManifestSchema.safeParse(parsed.value) : undefined;
  if (!meep?.success) {
    const why = !parsed.ok ? parsed.error : meep?.error.issues[0]?.message ?? "wrong shape";
    return {
      findings: [finding("MEEP_INVALID", `MEEP manifest ${path} cannot be used: ${why}`, path)],
    };
  }
  const findings: Finding[] = [];
  const files = new Set(inputs.files);
  const listed = new Set<string>();
  let ok = 0;
  let missing = 0;
  let stale = 0;
  for (const item of meep.data.inventory) {
    const rel = item.path.replace(/^\.\//, "");
    if (rel === MEEP_FILE) {
      findings.push(
        finding(
          "MEEP_SELF_ENTRY",
          `${path} lists itself; a manifest cannot hash itself, so the entry was skipped`,
          path,
        ),
      );
      continue;
    }
    const name = root + rel;
    listed.add(name);
    if (!files.has(name)) {
      missing++;
      findings.push(
        finding("MEEP_FILE_MISSING", `${path} lists ${rel}, which is not in the bundle`, name),
      );
      continue;
    }
    const actual = inputs.hashes.get(name);
    if (actual === undefined) continue; // unreadable entry, reported by the structure checks
    if (actual !== item.sha256.toLowerCase()) {
      stale++;
      findings.push(finding(
        "MEEP_HASH_MISMATCH",
        `${path} records sha256 ${item.sha256} for ${rel}, but the file hashes to ${actual}`,
        name,
        { expected: item.sha256, actual },
      ));
      continue;
    }
    ok++;
  }
  let unlisted = 0;
  for (const name of inputs.files) {
    if (!name.startsWith(root) || name === path || listed.has(name)) continue;
    unlisted++;
    findings.push(
      finding(
        "MEEP_UNLISTED",
        `${name.slice(root.length)} is in the bundle but not in ${path}`,
        name,
      ),
    );
  }
  findings.push(finding(
    "MEEP_VERIFIED",
    `${ok} of ${listed.size} files listed in ${path} match (${stale} stale, ${missing} missing, ${unlisted} unlisted)`,
    path,
    { ok, listed: listed.size, stale, missing, unlisted },
  ));
  return {
    findings,
    summary: {
      path,
      standard: meep.data.export_standard,
      ...(meep.data.date === undefined ? {} : { date: meep.data.date }),
      listed: listed.size,
      missing,
      unlisted,
    },
  };
}
