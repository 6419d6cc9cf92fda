/**
 * Gen C (Apr–Jun 2026; bundle.md §1, §7): wrapped in `Metablooms_OS/`,
 * `boot_manifest_v1.json`, `.sha256` sidecars. Checked against its manifest's
 * required members and the restore contract's allowed siblings; run as its
 * verifier (`portable_full_os_boot_verify.py`, or the manifest's
 * `boot.verify`), success = exit 0 (Gen C defines no success line).
 *
 * @module
 */
import type { Finding } from "../../../schemas/bundle.ts";
import { finding } from "../findings.ts";
import { isObject } from "../generation.ts";
import { crashed, passed } from "./_judge.ts";
import type { GenerationProfile, LaunchPlan, TreeView } from "./profile.ts";

/** Gen C. */
export const GEN_C: GenerationProfile = {
  id: "C",
  generation: "C",
  kind: "OS_BUNDLE",
  label: "Gen C (wrapped Metablooms_OS/, boot_manifest_v1.json, .sha256 sidecars)",
  detection: {
    rule: 1,
    byNames: (l) => l.rel.has("boot_manifest_v1.json"),
    decide: (l) =>
      l.rel.has("boot_manifest_v1.json")
        ? { root: l.root, reason: `${l.root}boot_manifest_v1.json is present` }
        : undefined,
  },
  wants: (name, l) => name === `${l.root}boot_manifest_v1.json`,
  check(ctx) {
    const { root } = ctx;
    const findings: Finding[] = [];
    if (root === "") {
      findings.push(finding(
        "GEN_C_NOT_WRAPPED",
        "Gen-C bundles wrap everything in Metablooms_OS/; this one is flat",
      ));
    } else if (root !== "Metablooms_OS/") {
      findings.push(finding(
        "GEN_C_WRAPPER_NAME",
        `Gen-C bundles wrap everything in Metablooms_OS/, this one in ${root}`,
        root,
      ));
    }
    for (const stray of ctx.layout.strays) {
      findings.push(finding(
        "GEN_C_UNEXPECTED_TOP_LEVEL",
        `${stray} sits beside ${root}; only MANIFEST.json, MANIFEST.sha256 and EXPORT_RECEIPT.json may`,
        stray,
      ));
    }
    const path = `${root}boot_manifest_v1.json`;
    const manifest = ctx.content.json(path);
    if (!isObject(manifest)) {
      const why = ctx.content.bytes(path) ? "not a JSON object" : "unreadable";
      findings.push(
        finding(
          "GEN_C_MANIFEST_INVALID",
          `Gen-C boot manifest ${path} cannot be used: ${why}`,
          path,
        ),
      );
      return { findings, claims: [] };
    }
    const boot = isObject(manifest.boot) ? manifest.boot : {};
    const listed = Array.isArray(boot.required_members) &&
        boot.required_members.every((m) => typeof m === "string")
      ? boot.required_members as string[]
      : ["NEW_CHAT_START_HERE.md", "portable_full_os_boot_verify.py"];
    for (const member of listed) {
      if (!ctx.layout.fileSet.has(root + member)) {
        findings.push(finding(
          "GEN_C_MEMBER_MISSING",
          `Gen-C boot member ${member} is not in the bundle`,
          root + member,
        ));
      }
    }
    return { findings, claims: [] };
  },
  launch: planGenC,
};

async function planGenC(tree: TreeView): Promise<LaunchPlan> {
  const manifest = await tree.readJson(`${tree.root}boot_manifest_v1.json`);
  const boot = isObject(manifest) && isObject(manifest.boot) ? manifest.boot : {};
  const verify = typeof boot.verify === "string" ? boot.verify : "portable_full_os_boot_verify.py";
  const rel = `${tree.root}${verify}`;
  if (!(await tree.isFile(rel))) return { error: `Gen-C verifier ${rel} does not exist` };
  return {
    steps: [{
      name: "verifier",
      script: rel,
      cwd: rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "",
      success_signal: "exit 0 (Gen C defines no success line)",
      judge: (out) =>
        crashed(out) ?? passed("the verifier exited 0 (Gen C defines no success line)"),
    }],
  };
}
