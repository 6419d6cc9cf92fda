/**
 * Checks `boot_contract.json` against the bundle (bundle.md §3): the
 * launcher hash, the entrypoint, and whether each success marker can ever be
 * printed. Nothing enforced these in the original, so they are warnings
 * (errors with `strict`).
 *
 * @module
 */
import { BootContractSchema, type Finding } from "../../schemas/bundle.ts";
import { finding } from "./findings.ts";
import { parseJson } from "./layout.ts";

/** What the contract check needs from the bundle. */
export interface ContractInputs {
  /** Entry name of the contract. */
  path: string;
  /** The contract bytes. */
  text: Uint8Array;
  /** Wrapper prefix. */
  root: string;
  /** SHA-256 of entries by name. */
  hashes: ReadonlyMap<string, string>;
  /** The boot manifest's entrypoint, when it names one. */
  entrypoint?: string | undefined;
  /** Reads a (small) entry's text by name, undefined when absent. */
  readText: (name: string) => Promise<string | undefined>;
}

/**
 * Checks the boot contract.
 *
 * @param inputs Contract bytes and bundle facts.
 * @returns Findings (`CONTRACT_*` warnings).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkContract } from "./contract.ts";
 * const text = new TextEncoder().encode('{"required_success_markers":["BOOT_OK"],"required_full_entrypoint":"RUN_METABLOOMS.py"}');
 * const findings = await checkContract({ path: "boot_contract.json", text, root: "", hashes: new Map(), readText: async () => "print('nothing')" });
 * assert(findings[0]?.code === "CONTRACT_MARKER_NEVER_EMITTED");
 * ```
 */
export async function checkContract(inputs: ContractInputs): Promise<Finding[]> {
  const { path, root } = inputs;
  const parsed = parseJson(inputs.text);
  const contract = parsed.ok ? BootContractSchema.safeParse(parsed.value) : undefined;
  if (!contract?.success) {
    const why = !parsed.ok ? parsed.error : "fields have the wrong types";
    return [finding("CONTRACT_INVALID", `Boot contract ${path} cannot be used: ${why}`, path)];
  }
  const c = contract.data;
  const findings: Finding[] = [];
  const launcher = root + (c.boot_filename ?? "BOOT_METABLOOMS.py");
  const actual = inputs.hashes.get(launcher);
  if (
    c.boot_sha256 !== undefined && actual !== undefined && c.boot_sha256.toLowerCase() !== actual
  ) {
    findings.push(finding(
      "CONTRACT_HASH_MISMATCH",
      `Boot contract ${path} pins ${launcher} to sha256 ${c.boot_sha256}, but the bundle's file hashes to ${actual}`,
      launcher,
      { expected: c.boot_sha256, actual },
    ));
  }
  const entry = c.required_full_entrypoint;
  if (entry !== undefined && inputs.entrypoint !== undefined && entry !== inputs.entrypoint) {
    findings.push(finding(
      "CONTRACT_ENTRYPOINT_MISMATCH",
      `Boot contract ${path} requires entrypoint ${entry}, but boot_manifest.json names ${inputs.entrypoint}`,
      path,
    ));
  }
  const entryName = root + (entry ?? inputs.entrypoint ?? "RUN_METABLOOMS.py");
  const source = await inputs.readText(entryName);
  if (source !== undefined) {
    for (const marker of c.required_success_markers ?? []) {
      const needle = marker.replace(/(…|\.\.\.)\s*$/, "").trim();
      if (needle && !source.includes(needle)) {
        findings.push(finding(
          "CONTRACT_MARKER_NEVER_EMITTED",
          `Boot contract ${path} requires the success marker ${
            JSON.stringify(marker)
          }, which ${entryName} never prints`,
          entryName,
          { marker },
        ));
      }
    }
  }
  return findings;
}
