/**
 * Checks a bundle against what its own generation promises (DECISIONS.md):
 * Gen A the original layout + boot manifest + contract; Gen B its
 * `canonical_entrypoint`/`runner`; Gen C the `Metablooms_OS/` wrapper,
 * `boot_manifest_v1.json` and its required members.
 *
 * @module
 */
import type { BuildManifest, Finding } from "../../schemas/bundle.ts";
import { checkContract } from "./contract.ts";
import { finding } from "./findings.ts";
import { type GenerationInfo, isObject } from "./generation.ts";
import { checkGenABootManifest, checkGenALayout, parseJson } from "./layout.ts";

/** What the generation checks read from the bundle. */
export interface GenerationCheckInputs {
  /** The detected generation. */
  info: GenerationInfo;
  /** All entry names. */
  names: readonly string[];
  /** SHA-256 of entries read successfully. */
  hashes: ReadonlyMap<string, string>;
  /** The Gen-A layout to check. */
  buildManifest: BuildManifest;
  /** Reads a small entry, undefined when absent or unreadable. */
  readBytes: (name: string) => Promise<Uint8Array | undefined>;
}

const LABEL = {
  A: "Gen A (flat v7 canonical: BOOT_METABLOOMS.py → RUN_METABLOOMS.py)",
  B: "Gen B (flat; boot_manifest.json canonical_entrypoint/runner)",
  C: "Gen C (wrapped Metablooms_OS/, boot_manifest_v1.json, .sha256 sidecars)",
  unknown: "no known generation",
} as const;

/**
 * Runs the checks of the detected generation.
 *
 * @param inputs Generation, names, hashes, build manifest and an entry reader.
 * @returns Findings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkGeneration } from "./generation_checks.ts";
 * import { detectGeneration } from "./generation.ts";
 * import { GEN_A_BUILD_MANIFEST } from "./build_manifest.ts";
 * const names = ["notes.txt"];
 * const f = await checkGeneration({ info: detectGeneration(names, undefined), names, hashes: new Map(), buildManifest: GEN_A_BUILD_MANIFEST, readBytes: async () => undefined });
 * assert(f.some((x) => x.code === "NOT_A_BUNDLE"));
 * ```
 */
export async function checkGeneration(inputs: GenerationCheckInputs): Promise<Finding[]> {
  const { info, names } = inputs;
  const { generation, root } = info;
  const findings: Finding[] = [
    finding("GENERATION", `${LABEL[generation]}: ${info.reason}`, undefined, { generation, root }),
  ];
  if (root) {
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
  if (generation === "unknown") {
    findings.push(finding(
      "NOT_A_BUNDLE",
      `This zip is not a MetaBlooms OS bundle: ${info.reason} (${names.length} entries)`,
    ));
    return findings;
  }
  if (generation === "A") {
    findings.push(...await genAChecks(inputs));
    return findings;
  }
  const parity = [
    ...checkGenALayout(names, "", inputs.buildManifest),
    ...checkGenABootManifest(await inputs.readBytes("boot_manifest.json"), "boot_manifest.json"),
  ].filter((f) => f.severity === "error");
  findings.push(finding(
    "GEN_A_VALIDATOR_WOULD_FAIL",
    `The original Gen-A validator would fail this Gen-${generation} bundle (${parity.length} missing or invalid items, e.g. ${
      parity.slice(0, 3).map((f) => f.path).join(", ")
    }); the kit checks what Gen ${generation} promises instead`,
    undefined,
    { failures: parity.length },
  ));
  findings.push(...(generation === "B" ? await genBChecks(inputs) : await genCChecks(inputs)));
  return findings;
}

async function genAChecks(inputs: GenerationCheckInputs): Promise<Finding[]> {
  const { root } = inputs.info;
  const findings = checkGenALayout(inputs.names, root, inputs.buildManifest);
  const manifestPath = `${root}boot_manifest.json`;
  const manifestBytes = await inputs.readBytes(manifestPath);
  findings.push(...checkGenABootManifest(manifestBytes, manifestPath));
  const contractPath = `${root}boot_contract.json`;
  const contract = await inputs.readBytes(contractPath);
  if (contract !== undefined) {
    const manifest = manifestBytes ? parseJson(manifestBytes) : undefined;
    const entrypoint =
      manifest?.ok && isObject(manifest.value) && typeof manifest.value.entrypoint === "string"
        ? manifest.value.entrypoint
        : undefined;
    findings.push(
      ...await checkContract({
        path: contractPath,
        text: contract,
        root,
        hashes: inputs.hashes,
        entrypoint,
        readText: async (name) => {
          const bytes = await inputs.readBytes(name);
          return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
        },
      }),
    );
  }
  return findings;
}

async function genBChecks(inputs: GenerationCheckInputs): Promise<Finding[]> {
  const { root } = inputs.info;
  const path = `${root}boot_manifest.json`;
  const bytes = await inputs.readBytes(path);
  const parsed = bytes ? parseJson(bytes) : undefined;
  const manifest = parsed?.ok && isObject(parsed.value) ? parsed.value : {};
  const present = new Set(inputs.names);
  const findings: Finding[] = [];
  for (
    const [key, code] of [
      ["canonical_entrypoint", "GEN_B_ENTRYPOINT_MISSING"],
      ["runner", "GEN_B_RUNNER_MISSING"],
    ] as const
  ) {
    const value = manifest[key];
    if (typeof value !== "string" || value === "") {
      findings.push(finding(code, `Gen-B boot manifest ${path} has no "${key}"`, path));
    } else if (!present.has(root + value)) {
      findings.push(
        finding(
          code,
          `Gen-B boot manifest ${path} names ${key} ${value}, which is not in the bundle`,
          root + value,
        ),
      );
    }
  }
  return findings;
}

async function genCChecks(inputs: GenerationCheckInputs): Promise<Finding[]> {
  const { root, strays } = inputs.info;
  const findings: Finding[] = [];
  if (root === "") {
    findings.push(
      finding(
        "GEN_C_NOT_WRAPPED",
        "Gen-C bundles wrap everything in Metablooms_OS/; this one is flat",
      ),
    );
  } else if (root !== "Metablooms_OS/") {
    findings.push(
      finding(
        "GEN_C_WRAPPER_NAME",
        `Gen-C bundles wrap everything in Metablooms_OS/, this one in ${root}`,
        root,
      ),
    );
  }
  for (const stray of strays) {
    findings.push(
      finding(
        "GEN_C_UNEXPECTED_TOP_LEVEL",
        `${stray} sits beside ${root}; only MANIFEST.json, MANIFEST.sha256 and EXPORT_RECEIPT.json may`,
        stray,
      ),
    );
  }
  const path = `${root}boot_manifest_v1.json`;
  const bytes = await inputs.readBytes(path);
  const parsed = bytes ? parseJson(bytes) : undefined;
  if (!parsed?.ok || !isObject(parsed.value)) {
    const why = !bytes ? "unreadable" : parsed && !parsed.ok ? parsed.error : "not a JSON object";
    findings.push(
      finding("GEN_C_MANIFEST_INVALID", `Gen-C boot manifest ${path} cannot be used: ${why}`, path),
    );
    return findings;
  }
  const boot = isObject(parsed.value.boot) ? parsed.value.boot : {};
  const listed = Array.isArray(boot.required_members) &&
      boot.required_members.every((m) => typeof m === "string")
    ? boot.required_members as string[]
    : ["NEW_CHAT_START_HERE.md", "portable_full_os_boot_verify.py"];
  const present = new Set(inputs.names);
  for (const member of listed) {
    if (!present.has(root + member)) {
      findings.push(
        finding(
          "GEN_C_MEMBER_MISSING",
          `Gen-C boot member ${member} is not in the bundle`,
          root + member,
        ),
      );
    }
  }
  return findings;
}
