/**
 * What the boot reads besides the anchors: the boot manifest (entrypoint and
 * success signal), the boot contract (checked, never enforced by the
 * original), and every required-subsystems list a bundle carries.
 *
 * @module
 */
import { join } from "node:path";
import { sha256Hex } from "../fs/sha256.ts";
import type { BootFinding, RequiredList, RequiredReport } from "../../schemas/boot.ts";
import { isFile, messageOf, readTextPy } from "./_py.ts";
import { REQUIRED_SUBSYSTEMS } from "./subsystems.ts";

/** `boot_manifest.json` as the launcher reads it. */
export type BootManifestRead =
  | { state: "missing"; value: Record<string, unknown> }
  | { state: "ok"; value: Record<string, unknown> }
  | { state: "invalid"; error: string };

/**
 * Reads `boot_manifest.json` like the launcher: a missing file is `{}`, a file
 * that is not a JSON object makes the launcher crash.
 *
 * @param root Bundle root.
 * @returns The manifest, or why the launcher would crash.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readBootManifest } from "./manifest.ts";
 * const root = await Deno.makeTempDir();
 * assert((await readBootManifest(root)).state === "missing");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function readBootManifest(root: string): Promise<BootManifestRead> {
  const path = join(root, "boot_manifest.json");
  if (!(await isFile(path))) return { state: "missing", value: {} };
  let value: unknown;
  try {
    value = JSON.parse(await readTextPy(path));
  } catch (error) {
    return { state: "invalid", error: `boot_manifest.json is not valid JSON: ${messageOf(error)}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { state: "invalid", error: "boot_manifest.json is not a JSON object" };
  }
  return { state: "ok", value: value as Record<string, unknown> };
}

/**
 * Checks `boot_contract.json` against the bundle (bundle.md §3): the launcher
 * hash, the entrypoint, and whether each promised success marker is ever printed.
 *
 * @param root Bundle root.
 * @param entrypoint The manifest's entrypoint.
 * @param printed The lines a successful boot prints.
 * @returns Warning findings (`CONTRACT_UNREADABLE`, `CONTRACT_HASH_MISMATCH`,
 * `CONTRACT_ENTRYPOINT_MISMATCH`, `CONTRACT_MARKER_NEVER_EMITTED`); none when the contract is absent.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkBootContract } from "./manifest.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/boot_contract.json`, '{"required_success_markers": ["BOOT_OK", "ALL SYSTEMS GO"]}');
 * const findings = await checkBootContract(root, "RUN_METABLOOMS.py", ["BOOT_OK"]);
 * assert(findings.some((f) => f.code === "CONTRACT_MARKER_NEVER_EMITTED"));
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function checkBootContract(
  root: string,
  entrypoint: unknown,
  printed: readonly string[],
): Promise<BootFinding[]> {
  const path = join(root, "boot_contract.json");
  if (!(await isFile(path))) return [];
  const findings: BootFinding[] = [];
  const warn = (code: string, message: string, p = "boot_contract.json") =>
    findings.push({ code, severity: "warning", message, path: p });
  let contract: Record<string, unknown>;
  try {
    const value = JSON.parse(await readTextPy(path));
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Error("not a JSON object");
    }
    contract = value;
  } catch (error) {
    warn("CONTRACT_UNREADABLE", `boot_contract.json cannot be read: ${messageOf(error)}`);
    return findings;
  }
  const launcher = typeof contract.boot_filename === "string" ? contract.boot_filename : undefined;
  if (launcher !== undefined && typeof contract.boot_sha256 === "string") {
    const file = join(root, launcher);
    const actual = (await isFile(file)) ? sha256Hex(await Deno.readFile(file)) : undefined;
    if (actual !== contract.boot_sha256.toLowerCase()) {
      warn(
        "CONTRACT_HASH_MISMATCH",
        `boot_contract.json boot_sha256 ${contract.boot_sha256} does not match ${launcher} (${
          actual ?? "missing"
        })`,
      );
    }
  }
  const required = contract.required_full_entrypoint;
  if (typeof required === "string" && required !== entrypoint) {
    warn(
      "CONTRACT_ENTRYPOINT_MISMATCH",
      `boot_contract.json requires entrypoint ${required}, boot_manifest.json names ${
        JSON.stringify(entrypoint ?? null)
      }`,
    );
  }
  const markers = Array.isArray(contract.required_success_markers)
    ? contract.required_success_markers
    : [];
  for (const marker of markers) {
    if (typeof marker !== "string") continue;
    if (!printed.some((line) => line === marker || line.startsWith(marker))) {
      warn(
        "CONTRACT_MARKER_NEVER_EMITTED",
        `boot_contract.json promises the success marker ${
          JSON.stringify(marker)
        }, which the runtime never prints`,
      );
    }
  }
  return findings;
}

const ACTIVATOR = "control_plane/boot_activator.py";

/**
 * The required-subsystems report of a bundle that was not read: the kit's ten, nothing found.
 *
 * @returns `{enforced, compat_enforced, lists: []}`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emptyRequiredReport } from "./manifest.ts";
 * assert(emptyRequiredReport().lists.length === 0);
 * ```
 */
export function emptyRequiredReport(): RequiredReport {
  return {
    enforced: [...REQUIRED_SUBSYSTEMS],
    compat_enforced: [...REQUIRED_SUBSYSTEMS],
    lists: [],
  };
}

/**
 * Collects every required-subsystems list of a bundle and compares each with
 * the ten the kit enforces. The original enforces `REQUIRED` of
 * `control_plane/boot_activator.py`; when that file declares a readable list,
 * it becomes `compat_enforced`.
 *
 * @param root Bundle root.
 * @returns The report and `REQUIRED_LIST_DISAGREES` findings (`warning` when the original
 * enforces a different list, `info` for the lists nobody enforces).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRequiredLists } from "./manifest.ts";
 * const root = await Deno.makeTempDir();
 * const { report } = await readRequiredLists(root);
 * assert(report.enforced.length === 10 && report.compat_enforced.length === 10);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function readRequiredLists(
  root: string,
): Promise<{ report: RequiredReport; findings: BootFinding[] }> {
  const enforced = [...REQUIRED_SUBSYSTEMS];
  const lists: RequiredList[] = [];
  const add = (source: string, names: string[], enforcedByOriginal: boolean) =>
    lists.push({
      source,
      names,
      missing: enforced.filter((n) => !names.includes(n)),
      extra: names.filter((n) => !enforced.includes(n)),
      enforced_by_original: enforcedByOriginal,
    });
  const text = async (rel: string) => {
    try {
      return await readTextPy(join(root, rel));
    } catch {
      return undefined;
    }
  };
  let compatEnforced = enforced;
  const activator = await text(ACTIVATOR);
  if (activator !== undefined) {
    const required = pythonStringList(activator, "REQUIRED");
    if (required !== undefined) {
      add(`${ACTIVATOR} REQUIRED`, required, true);
      compatEnforced = required;
    }
  }
  for (const rel of [ACTIVATOR, "RUN_METABLOOMS.py"]) {
    const source = rel === ACTIVATOR ? activator : await text(rel);
    const names = source === undefined
      ? undefined
      : pythonStringList(source, "REQUIRED_SUBSYSTEMS");
    if (names !== undefined) add(`${rel} REQUIRED_SUBSYSTEMS`, names, false);
  }
  const jsonList = async (rel: string, pick: (v: Record<string, unknown>) => unknown) => {
    const raw = await text(rel);
    if (raw === undefined) return;
    try {
      const value = JSON.parse(raw);
      const list = typeof value === "object" && value !== null ? pick(value) : undefined;
      if (Array.isArray(list) && list.every((n) => typeof n === "string")) add(rel, list, false);
    } catch { /* unreadable lists are the validator's business */ }
  };
  await jsonList(
    "scripts/build_manifest.json",
    (v) => (v.boot_validation_rules as Record<string, unknown> | undefined)?.required_subsystems,
  );
  await jsonList("VERSION_MANIFEST.json", (v) => v.required_subsystems);
  const findings: BootFinding[] = lists
    .filter((l) => l.missing.length > 0 || l.extra.length > 0)
    .map((l) => ({
      code: "REQUIRED_LIST_DISAGREES",
      severity: l.enforced_by_original ? "warning" as const : "info" as const,
      message: `${l.source} lists ${l.names.length} subsystems${
        l.enforced_by_original ? " (enforced by the original)" : " (not enforced)"
      }; the kit enforces all ${enforced.length}${
        l.missing.length ? `; missing ${l.missing.join(", ")}` : ""
      }${l.extra.length ? `; extra ${l.extra.join(", ")}` : ""}`,
      path: l.source.split(" ")[0]!,
    }));
  return { report: { enforced, compat_enforced: compatEnforced, lists }, findings };
}

/** Reads `NAME = ["A", "B", …]` (a top-level Python list of string literals). */
function pythonStringList(source: string, name: string): string[] | undefined {
  const match = new RegExp(`^${name}\\s*=\\s*\\[([^\\]]*)\\]`, "m").exec(source);
  if (!match) return undefined;
  const body = match[1]!.replace(/#[^\n]*/g, "");
  const items = body.split(",").map((s) => s.trim()).filter(Boolean);
  const names: string[] = [];
  for (const item of items) {
    const m = /^(["'])([^"'\\]*)\1$/.exec(item);
    if (!m) return undefined;
    names.push(m[2]!);
  }
  return names;
}
