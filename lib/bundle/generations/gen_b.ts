/**
 * Gen B (Jan 2026; bundle.md §1, boot.md §6): flat, `boot_manifest.json`
 * `{version, canonical_entrypoint, runner}` and no `entrypoint`. Checked
 * against its own manifest; run as `BOOT_METABLOOMS.py` with `MB_OS_ROOT`,
 * success = its JSON summary says `status: "BOOT_OK"` (a substring test
 * would also pass `BOOT_EXECUTED_REMEDIATION_READY`'s JSON).
 *
 * @module
 */
import { finding } from "../findings.ts";
import { isObject } from "../generation.ts";
import { crashed, failedWith, jsonInOutput, passed } from "./_judge.ts";
import type { GenerationProfile, LaunchPlan, TreeView } from "./profile.ts";

/** Gen B. */
export const GEN_B: GenerationProfile = {
  id: "B",
  generation: "B",
  kind: "OS_BUNDLE",
  label: "Gen B (flat; boot_manifest.json canonical_entrypoint/runner)",
  detection: {
    rule: 2,
    byNames: (l) => l.rel.has("boot_manifest.json"),
    reads: (l) => [`${l.root}boot_manifest.json`],
    decide(l, content) {
      const m = content.json(`${l.root}boot_manifest.json`);
      const hit = isObject(m) && !("entrypoint" in m) &&
        ("canonical_entrypoint" in m || "runner" in m);
      return hit
        ? {
          root: l.root,
          reason: "boot_manifest.json has canonical_entrypoint/runner and no entrypoint",
        }
        : undefined;
    },
  },
  wants: (name, l) => name === `${l.root}boot_manifest.json`,
  check(ctx) {
    const path = `${ctx.root}boot_manifest.json`;
    const parsed = ctx.content.json(path);
    const manifest = isObject(parsed) ? parsed : {};
    const findings = [];
    for (
      const [key, code] of [
        ["canonical_entrypoint", "GEN_B_ENTRYPOINT_MISSING"],
        ["runner", "GEN_B_RUNNER_MISSING"],
      ] as const
    ) {
      const value = manifest[key];
      if (typeof value !== "string" || value === "") {
        findings.push(finding(code, `Gen-B boot manifest ${path} has no "${key}"`, path));
      } else if (!ctx.layout.fileSet.has(ctx.root + value)) {
        findings.push(finding(
          code,
          `Gen-B boot manifest ${path} names ${key} ${value}, which is not in the bundle`,
          ctx.root + value,
        ));
      }
    }
    return { findings, claims: [] };
  },
  launch: planGenB,
};

async function planGenB(tree: TreeView): Promise<LaunchPlan> {
  const manifest = await tree.readJson(`${tree.root}boot_manifest.json`);
  const entry = isObject(manifest) && typeof manifest.canonical_entrypoint === "string"
    ? manifest.canonical_entrypoint
    : "BOOT_METABLOOMS.py";
  const rel = `${tree.root}${entry}`;
  if (!(await tree.isFile(rel))) {
    return { error: `Gen-B canonical entrypoint ${rel} does not exist` };
  }
  return {
    steps: [{
      name: "launcher",
      script: rel,
      cwd: tree.root.replace(/\/$/, ""),
      env: (f) => ({ MB_OS_ROOT: `${f.tree}/${tree.root}`.replace(/\/+$/, "") }),
      success_signal: 'a JSON summary with status "BOOT_OK", exit 0',
      judge(out) {
        const blocked = out.lines.find((l) => l.startsWith("P0_BLOCKED:"));
        if (out.exit_code !== 0 && blocked) return failedWith("P0_BLOCKED", blocked);
        const crash = crashed(out);
        if (crash) return crash;
        const summary = jsonInOutput(out, (v) => "status" in v);
        if (summary?.status === "BOOT_OK") {
          return passed("the Gen-B launcher reported status BOOT_OK");
        }
        return failedWith(
          "SUCCESS_SIGNAL_MISSING",
          summary
            ? `the Gen-B summary has status ${JSON.stringify(summary.status)}, not "BOOT_OK"`
            : "the Gen-B launcher printed no JSON summary with a status",
        );
      },
    }],
  };
}
