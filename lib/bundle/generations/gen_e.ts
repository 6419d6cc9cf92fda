/**
 * Gen E, "kernel snapshot" (7 Mar 2026; generations.md §4): two top folders
 * `mb_kernel/` and `mb_wired/` (no single root; `mb_kernel/Metablooms_OS/` is a
 * nested folder, not the root), an optional loose `KERNEL_ADOPTION_FREEZE_v4.json`.
 * Checked for the kernel and the 14 components SessionBootstrap requires, the
 * runtime files it looks for, the orchestrator's import closure, the freeze and
 * the egg-juicer receipt; run as `kernel_integration_validation.py`, whose exit
 * code is always 0: success is its JSON's `all_pass`.
 *
 * @module
 */
import { finding } from "../findings.ts";
import { isObject } from "../generation.ts";
import { unresolvedImportFindings } from "./_imports_check.ts";
import { Report } from "./_helpers.ts";
import { crashed, failedWith, jsonInOutput, passed } from "./_judge.ts";
import { hashClaims } from "./claims.ts";
import type { BundleLayout, GenerationProfile, LaunchPlan, TreeView } from "./profile.ts";

const CONTEXT = /^((?:[^/]+\/)?)mb_kernel\/Metablooms_OS\/kernel\/kernel_context\.py$/;
const OS = "mb_kernel/Metablooms_OS/";
const KERNEL = `${OS}kernel/`;
const VALIDATION = `${OS}integration_tests/kernel_integration_validation.py`;
/** The components SessionBootstrap requires (one missing = broken). */
const COMPONENTS = [
  "artifact_store",
  "commit_system",
  "state_loader",
  "fingerprint_engine",
  "phase_registry",
  "governance_compiler",
  "mpp_executor",
  "engine_registry",
  "capability_resolver",
  "ir_registry",
  "pipeline_planner",
  "reasoning_engine",
  "reflector_engine",
  "evolution_engine",
];
/** The runtime files SessionBootstrap looks for (missing = warning). */
const RUNTIME_FILES = [
  "egg_juicer_registration.py",
  "engine_contract.py",
  "governance_trigger.py",
  "host_verifier.py",
  "metablooms_integration_test.py",
];

/** The folder holding `mb_kernel/` and `mb_wired/` ("" or one outer folder), when rule 6 hits. */
function prefixOf(layout: BundleLayout): string | undefined {
  for (const name of layout.names) {
    const m = CONTEXT.exec(name);
    if (m && layout.names.some((n) => n.startsWith(`${m[1]}mb_wired/`))) return m[1]!;
  }
  return undefined;
}

/** Gen E. */
export const GEN_E: GenerationProfile = {
  id: "E",
  generation: "E",
  kind: "OS_BUNDLE",
  label: "Gen E (kernel snapshot: mb_kernel/ + mb_wired/, integration validation)",
  detection: {
    rule: 6,
    byNames: (l) => prefixOf(l) !== undefined,
    decide(l) {
      const prefix = prefixOf(l);
      return prefix === undefined ? undefined : {
        root: prefix,
        reason: `${prefix}${KERNEL}kernel_context.py and ${prefix}mb_wired/ are present`,
      };
    },
  },
  wants: (name) => /\.(py|json)$/.test(name),
  check(ctx) {
    const rep = new Report(ctx, "Gen-E SessionBootstrap");
    rep.add(finding(
      "NESTED_ROOT",
      `${rep.at(OS)} is a folder of the snapshot, not its root: the snapshot is the two folders ${
        rep.at("mb_kernel/")
      } and ${rep.at("mb_wired/")}`,
      rep.at(OS),
    ));
    rep.require([`${KERNEL}kernel_context.py`], "the kernel context every component loads");
    rep.require(
      COMPONENTS.map((c) => `${KERNEL}${c}`),
      "SessionBootstrap requires every kernel component (one missing = broken)",
    );
    rep.require([VALIDATION], "the snapshot's own validation entry", {
      code: "EXPECTED_FILE_MISSING",
      severity: "warning",
    });
    const wired = ctx.layout.files.filter((f) => f.startsWith(rep.at("mb_wired/")));
    for (const name of RUNTIME_FILES) {
      if (wired.some((f) => f.endsWith(`/${name}`))) continue;
      rep.add(finding(
        "EXPECTED_FILE_MISSING",
        `no ${name} under ${rep.at("mb_wired/")}: SessionBootstrap looks for it`,
        rep.at("mb_wired/"),
        { required_by: rep.label, file: name },
      ));
    }
    const kernelFiles = ctx.layout.files.filter((f) => f.startsWith(rep.at(KERNEL)));
    for (const file of kernelFiles.filter((f) => f.endsWith("/kernel_wired_orchestrator.py"))) {
      rep.findings.push(...unresolvedImportFindings(ctx, file, "error"));
    }
    rep.findings.push(...unresolvedImportFindings(ctx, rep.at(VALIDATION), "warning"));
    for (const name of ctx.layout.files.filter((f) => f.startsWith(ctx.root))) {
      const base = name.slice(name.lastIndexOf("/") + 1);
      const value = ctx.content.json(name);
      if (!isObject(value)) continue;
      if (/^KERNEL_ADOPTION_FREEZE.*\.json$/.test(base)) {
        rep.claim(
          name,
          "frozen_components: the adopted kernel",
          hashClaims(value.frozen_components),
          {
            bases: [rep.at(KERNEL), ctx.root],
          },
        );
        rep.claim(name, "wiring_additions: files wired in", hashClaims(value.wiring_additions), {
          bases: [rep.at(OS), ctx.root],
        });
      } else if (base === "EGG_JUICER_CANONICALIZATION_RECEIPT.json") {
        rep.claim(
          name,
          "artifact_receipts: canonicalised artifacts",
          hashClaims(value.artifact_receipts),
        );
      }
    }
    rep.selfHashes();
    return rep.result();
  },
  launch: planGenE,
};

async function planGenE(tree: TreeView): Promise<LaunchPlan> {
  const script = `${tree.root}${VALIDATION}`;
  if (!(await tree.isFile(script))) {
    return { error: `Gen-E integration validation ${script} does not exist` };
  }
  return {
    steps: [{
      name: "integration_validation",
      script,
      cwd: tree.root.replace(/\/$/, ""),
      success_signal: "its JSON result says all_pass: true (the script always exits 0)",
      judge(out) {
        const result = jsonInOutput(out, (v) => "all_pass" in v);
        if (result?.all_pass === true) {
          return passed(
            `all_pass: true (${result.passed ?? "?"} of ${result.total ?? "?"} checks)`,
            out.exit_code !== 0,
          );
        }
        if (result) {
          const failed = out.lines.filter((l) => /^\s*FAIL\b/.test(l)).slice(0, 5);
          return failedWith(
            "INTEGRATION_CHECKS_FAILED",
            `all_pass: ${JSON.stringify(result.all_pass)} (${result.failed ?? "?"} of ${
              result.total ?? "?"
            } checks failed${failed.length ? `: ${failed.map((l) => l.trim()).join("; ")}` : ""})`,
            out.exit_code === 0,
          );
        }
        return crashed(out) ??
          failedWith("SUCCESS_SIGNAL_MISSING", "exit 0 but no JSON result with all_pass", true);
      },
    }],
  };
}
