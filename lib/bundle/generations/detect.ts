/**
 * The detection driver: the profiles in the spec's order (generations.md §2,
 * rules 1–11; first hit wins, else unknown), what the one streaming pass must
 * capture for them, and the findings every bundle gets before its own
 * profile's checks (generation, wrapper, non-bundle kind, odd entries).
 *
 * @module
 */
import type { Finding } from "../../../schemas/bundle.ts";
import { finding } from "../findings.ts";
import type { GenerationInfo } from "../generation.ts";
import { checkGenABootManifest, checkGenALayout } from "../layout.ts";
import { ENGINE_EXPORT } from "./engine_export.ts";
import { GEN_A } from "./gen_a.ts";
import { GEN_B } from "./gen_b.ts";
import { GEN_C } from "./gen_c.ts";
import { GEN_D } from "./gen_d.ts";
import { GEN_E } from "./gen_e.ts";
import { GEN_F } from "./gen_f.ts";
import { GEN_G } from "./gen_g.ts";
import { OS_DELTA } from "./os_delta.ts";
import {
  type BundleLayout,
  bundleLayout,
  type ContentReader,
  contentReader,
  type GenerationProfile,
  type ProfileCheckContext,
  type ProfileCheckResult,
} from "./profile.ts";
import { RECEIPT_PACK } from "./receipt_pack.ts";
import { TOOL_PACK } from "./tool_pack.ts";

/** Every profile, in detection order (rules 1–11). */
export const PROFILES: readonly GenerationProfile[] = [
  GEN_C,
  GEN_B,
  GEN_A,
  GEN_G,
  GEN_F,
  GEN_E,
  GEN_D,
  OS_DELTA,
  ENGINE_EXPORT,
  RECEIPT_PACK,
  TOOL_PACK,
];

/** Profiles whose rules read names under R and may look one wrapper deeper (double wrappers). */
const DESCENDS = new Set(["G", "F", "D", "TOOL_PACK"]);

/** What the detection found. */
export interface Detection extends GenerationInfo {
  /** The profile that hit (absent for unknown). */
  profile?: GenerationProfile;
  /** The layout the profile's checks read (re-rooted when the hit was one wrapper deeper). */
  layout: BundleLayout;
}

function rerooted(layout: BundleLayout): BundleLayout | undefined {
  if (layout.innerRoot === layout.root) return undefined;
  const root = layout.innerRoot;
  const rel = new Set(
    layout.names.filter((n) => n.startsWith(root)).map((n) => n.slice(root.length)),
  );
  return { ...layout, root, rel };
}

function layoutsFor(profile: GenerationProfile, layout: BundleLayout): BundleLayout[] {
  const deeper = DESCENDS.has(profile.id) ? rerooted(layout) : undefined;
  return deeper ? [layout, deeper] : [layout];
}

/**
 * The profiles the entry names alone leave possible (content decides among them).
 *
 * @param layout The entry names.
 * @returns Candidate profiles, in detection order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { candidateProfiles } from "./detect.ts";
 * import { bundleLayout } from "./profile.ts";
 * const l = bundleLayout(["boot_manifest.json", "RUN_METABLOOMS.py"]);
 * assert.deepEqual(candidateProfiles(l).map((p) => p.id), ["B", "A"]);
 * ```
 */
export function candidateProfiles(layout: BundleLayout): GenerationProfile[] {
  return PROFILES.filter((p) => layoutsFor(p, layout).some((l) => p.detection.byNames(l)));
}

/**
 * Which entries the streaming pass must keep for detection and for the
 * checks of every candidate profile.
 *
 * @param layout The entry names.
 * @returns A predicate over entry names.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { captureFilter } from "./detect.ts";
 * import { bundleLayout } from "./profile.ts";
 * const keep = captureFilter(bundleLayout(["OS/BOOT_INDEX.json", "OS/START_HERE_METABLOOMS.md", "OS/run.py", "OS/a.bin"]));
 * assert(keep("OS/BOOT_INDEX.json") && keep("OS/run.py") && !keep("OS/a.bin"));
 * ```
 */
export function captureFilter(layout: BundleLayout): (name: string) => boolean {
  const candidates = candidateProfiles(layout);
  const reads = new Set(
    candidates.flatMap((p) => layoutsFor(p, layout).flatMap((l) => p.detection.reads?.(l) ?? [])),
  );
  return (name) =>
    reads.has(name) ||
    candidates.some((p) => layoutsFor(p, layout).some((l) => p.wants(name, l)));
}

/**
 * Applies the rules in order; the first that hits names the generation.
 *
 * @param layout The entry names.
 * @param content Content captured during the pass (for the rules that read a file).
 * @returns The generation, kind, root, reason and profile.
 *
 * @example Gen F needs its BOOT_INDEX schema
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectProfile } from "./detect.ts";
 * import { bundleLayout, contentReader } from "./profile.ts";
 * const names = ["mb/BOOT_INDEX.json", "mb/START_HERE_METABLOOMS.md"];
 * const index = new TextEncoder().encode('{"schema": "mb.boot_index.v10_full"}');
 * const d = detectProfile(bundleLayout(names), contentReader(new Map([["mb/BOOT_INDEX.json", index]])));
 * assert.equal(d.generation, "F");
 * assert.equal(detectProfile(bundleLayout(names), contentReader(new Map())).generation, "unknown");
 * ```
 */
export function detectProfile(layout: BundleLayout, content: ContentReader): Detection {
  for (const profile of PROFILES) {
    for (const l of layoutsFor(profile, layout)) {
      if (!profile.detection.byNames(l)) continue;
      const hit = profile.detection.decide(l, content);
      if (!hit) continue;
      return {
        profile,
        generation: profile.generation,
        kind: profile.kind,
        root: hit.root,
        reason: `rule ${profile.detection.rule}: ${hit.reason}`,
        strays: layout.strays,
        layout: l,
      };
    }
  }
  return {
    generation: "unknown",
    kind: "unknown",
    root: layout.root,
    reason: "no rule of generations.md §2 hits (no boot manifest, index, launcher or kernel)",
    strays: layout.strays,
    layout,
  };
}

/**
 * Detects the generation of a list of names, reading detection files through
 * `json` (for callers without a streaming pass: inspect, build).
 *
 * @param names Entry names.
 * @param json Parsed JSON of an entry name (undefined when absent).
 * @returns The detection.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectGeneration } from "./detect.ts";
 * const b = detectGeneration(["boot_manifest.json"], () => ({ version: 1, canonical_entrypoint: "BOOT_METABLOOMS.py" }));
 * assert.equal(b.generation, "B");
 * ```
 */
export function detectGeneration(
  names: readonly string[],
  json: (name: string) => unknown = () => undefined,
): Detection {
  const layout = bundleLayout(names);
  const reads = detectionReads(layout);
  const captured = new Map<string, Uint8Array>();
  for (const name of reads) {
    const value = json(name);
    if (value !== undefined) captured.set(name, new TextEncoder().encode(JSON.stringify(value)));
  }
  return detectProfile(layout, contentReader(captured));
}

/**
 * The entries the detection rules read (boot manifest, boot index).
 *
 * @param layout The entry names.
 * @returns Entry names.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectionReads } from "./detect.ts";
 * import { bundleLayout } from "./profile.ts";
 * assert.deepEqual(detectionReads(bundleLayout(["boot_manifest.json"])), ["boot_manifest.json"]);
 * ```
 */
export function detectionReads(layout: BundleLayout): string[] {
  return [
    ...new Set(
      candidateProfiles(layout).flatMap((p) =>
        layoutsFor(p, layout).flatMap((l) => p.detection.reads?.(l) ?? [])
      ),
    ),
  ];
}

/**
 * The findings every zip gets from its detection (generation, wrapper,
 * non-bundle kind, brace-named and double-wrapped folders, Gen-A parity),
 * then its profile's own checks.
 *
 * @param detection The detection.
 * @param ctx What the checks read (`root` and `layout` are taken from the detection).
 * @returns Findings, claims and a stated version.
 *
 * @example A zip of no known kind
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDetected, detectProfile } from "./detect.ts";
 * import { bundleLayout, contentReader } from "./profile.ts";
 * import { GEN_A_BUILD_MANIFEST } from "../build_manifest.ts";
 * const layout = bundleLayout(["notes.txt"]);
 * const content = contentReader(new Map());
 * const r = await checkDetected(detectProfile(layout, content), { layout, root: "", hashes: new Map(), sizes: new Map(), content, buildManifest: GEN_A_BUILD_MANIFEST });
 * assert(r.findings.some((f) => f.code === "NOT_A_BUNDLE"));
 * ```
 */
export async function checkDetected(
  detection: Detection,
  ctx: ProfileCheckContext,
): Promise<ProfileCheckResult> {
  const { generation, kind, root, profile } = detection;
  const layout = detection.layout;
  const findings: Finding[] = [
    finding(
      "GENERATION",
      `${profile?.label ?? "no known generation"}: ${detection.reason}`,
      undefined,
      { generation, kind, root, ...(profile ? { rule: profile.detection.rule } : {}) },
    ),
  ];
  if (root && kind === "OS_BUNDLE") {
    const severity = generation === "A" ? "error" : generation === "B" ? "warning" : "info";
    const why = generation === "A"
      ? "; the Gen-A launcher extracts to the root and will not find boot_manifest.json or RUN_METABLOOMS.py"
      : "";
    findings.push(
      finding(
        "WRAPPED_ROOT",
        `All entries are wrapped in ${root}${why}`,
        root,
        undefined,
        severity,
      ),
    );
  }
  if (layout.root !== ctx.layout.root && kind === "OS_BUNDLE") {
    findings.push(finding(
      "DOUBLE_WRAPPER",
      `The bundle sits one folder deeper than its wrapper: ${layout.root}`,
      layout.root,
    ));
  }
  const braces = ctx.layout.names.filter((n) => /\{[^/]*,/.test(n));
  if (braces.length) {
    findings.push(finding(
      "BRACE_DIRECTORY",
      `${braces.length} entries have literal brace names (a shell brace expansion that failed): ${
        braces.slice(0, 3).join(", ")
      }`,
      braces[0],
      { entries: braces.length },
    ));
  }
  if (kind !== "OS_BUNDLE") {
    findings.push(finding(
      "NOT_A_BUNDLE",
      kind === "unknown"
        ? `This zip is not a MetaBlooms OS bundle: ${detection.reason} (${layout.names.length} entries)`
        : `This zip is not a MetaBlooms OS bundle but a ${kind}: ${profile?.label} (${detection.reason})`,
      undefined,
      { kind },
    ));
  }
  if (kind === "OS_BUNDLE" && generation !== "A") {
    const parity = [
      ...checkGenALayout(layout.names, "", ctx.buildManifest),
      ...checkGenABootManifest(ctx.content.bytes("boot_manifest.json"), "boot_manifest.json"),
    ].filter((f) => f.severity === "error");
    findings.push(finding(
      "GEN_A_VALIDATOR_WOULD_FAIL",
      `The original Gen-A validator would fail this Gen-${generation} bundle (${parity.length} missing or invalid items, e.g. ${
        parity.slice(0, 3).map((f) => f.path).join(", ")
      }); the kit checks what Gen ${generation} promises instead`,
      undefined,
      { failures: parity.length },
    ));
  }
  if (!profile) return { findings, claims: [] };
  const own = await profile.check({ ...ctx, layout, root });
  return { ...own, findings: [...findings, ...own.findings] };
}

/**
 * The profile of a generation (A–G) or non-bundle kind.
 *
 * @param id A generation letter or a kind.
 * @returns The profile, or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { profileFor } from "./detect.ts";
 * assert.equal(profileFor("F")?.detection.rule, 5);
 * assert.equal(profileFor("Z"), undefined);
 * ```
 */
export function profileFor(id: string): GenerationProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}
