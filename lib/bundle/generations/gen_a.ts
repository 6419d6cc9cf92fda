/**
 * Gen A, "v7 canonical" (Dec 2025; bundle.md §1–5, boot.md §2–3): flat,
 * `BOOT_METABLOOMS.py` → `RUN_METABLOOMS.py`, `boot_manifest.json`
 * `{entrypoint, success_signal}`. Checked exactly as the original validator
 * does (verdict parity), plus the boot contract; run as its launcher runs the
 * entry: the manifest's entrypoint (else the allowlist), success = the signal
 * printed as a whole line and exit 0.
 *
 * @module
 */
import { checkContract } from "../contract.ts";
import { isObject } from "../generation.ts";
import { checkGenABootManifest, checkGenALayout } from "../layout.ts";
import { crashed, failedWith, passed, quote } from "./_judge.ts";
import type { GenerationProfile, LaunchPlan, StepOutput, TreeView } from "./profile.ts";

const MARKERS = [
  "boot_manifest.json",
  "BOOT_METABLOOMS.py",
  "RUN_METABLOOMS.py",
  "boot_contract.json",
];
const READS = new Set([
  ...MARKERS,
  "scripts/build_manifest.json",
  "MEEP_Manifest.json",
  "VERSION_MANIFEST.json",
]);
const ALLOWLIST = ["RUN_METABLOOMS.py", "MetaBlooms.py"];

/** Gen A. */
export const GEN_A: GenerationProfile = {
  id: "A",
  generation: "A",
  kind: "OS_BUNDLE",
  label: "Gen A (flat v7 canonical: BOOT_METABLOOMS.py → RUN_METABLOOMS.py)",
  detection: {
    rule: 3,
    byNames: (l) =>
      MARKERS.some((m) => l.rel.has(m)) || [...l.rel].some((n) => n.startsWith("control_plane/")),
    decide(l) {
      const marker = MARKERS.find((m) => l.rel.has(m)) ??
        [...l.rel].find((n) => n.startsWith("control_plane/"));
      return marker ? { root: l.root, reason: `${l.root}${marker} is present` } : undefined;
    },
  },
  wants: (name, l) => name.startsWith(l.root) && READS.has(name.slice(l.root.length)),
  async check(ctx) {
    const { root, layout } = ctx;
    const findings = checkGenALayout(layout.names, root, ctx.buildManifest);
    const manifestPath = `${root}boot_manifest.json`;
    const manifestBytes = ctx.content.bytes(manifestPath);
    findings.push(...checkGenABootManifest(manifestBytes, manifestPath));
    const contractPath = `${root}boot_contract.json`;
    const contract = ctx.content.bytes(contractPath);
    if (contract !== undefined) {
      const manifest = ctx.content.json(manifestPath);
      const entrypoint = isObject(manifest) && typeof manifest.entrypoint === "string"
        ? manifest.entrypoint
        : undefined;
      findings.push(
        ...await checkContract({
          path: contractPath,
          text: contract,
          root,
          hashes: ctx.hashes,
          entrypoint,
          readText: (name) => Promise.resolve(ctx.content.text(name)),
        }),
      );
    }
    return { findings, claims: [] };
  },
  launch: planGenA,
};

async function planGenA(tree: TreeView): Promise<LaunchPlan> {
  const manifest = await tree.readJson(`${tree.root}boot_manifest.json`);
  const m = isObject(manifest) ? manifest : {};
  const signal = typeof m.success_signal === "string" ? m.success_signal : "BOOT_OK";
  const declared = typeof m.entrypoint === "string" && m.entrypoint !== "" ? [m.entrypoint] : [];
  for (const entry of [...declared, ...ALLOWLIST]) {
    const rel = `${tree.root}${entry}`;
    if (entry.split("/").includes("..") || entry.startsWith("/")) continue;
    if (!(await tree.isFile(rel))) continue;
    const cwd = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "";
    return {
      steps: [{
        name: "entry",
        script: rel,
        cwd,
        success_signal: `${JSON.stringify(signal)} printed as a whole line, exit 0`,
        judge: (out) => judgeGenA(out, signal),
      }],
    };
  }
  return {
    error: "no entrypoint: neither the declared one nor RUN_METABLOOMS.py/MetaBlooms.py exists",
  };
}

function judgeGenA(out: StepOutput, signal: string) {
  const own = out.lines.find((l) => l.startsWith("BOOT_FAILED:"))?.slice(12).trim();
  if (out.exit_code !== 0 && own) {
    return failedWith(own, `the entry printed BOOT_FAILED: ${own} and exited ${out.exit_code}`);
  }
  const crash = crashed(out);
  if (crash) return crash;
  if (!out.lines.includes(signal)) {
    return failedWith(
      "SUCCESS_SIGNAL_MISSING",
      `exit 0 but ${JSON.stringify(signal)} is not a whole line of the output` +
        (out.output.includes(signal)
          ? ` (only inside ${
            quote(out.lines.find((l) => l.includes(signal)))
          }: the original launcher's substring test would accept it)`
          : ""),
    );
  }
  return passed(`exit 0 and ${JSON.stringify(signal)} printed as a line`);
}
