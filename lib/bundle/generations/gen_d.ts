/**
 * Gen D, "sandbox package" (Feb 2026; generations.md §3): wrapped
 * `MetaBlooms_OS/` holding `boot.py`, `mpp.py`, `engines/`, `validators/gates.py`,
 * `schemas/`, `policies/`, `patterns/`, `state/`; no manifest. Checked for the
 * files its `boot.py` needs and the inputs of its validation gates; run as
 * `python3 MetaBlooms_OS/boot.py` from the extract folder. Its exit code is no
 * verdict (0 on failed gates and on FATAL): success is `Validation gates: PASS`
 * and `BOOT COMPLETE` with no `FATAL`.
 *
 * @module
 */
import { finding } from "../findings.ts";
import { isObject } from "../generation.ts";
import { Report } from "./_helpers.ts";
import { crashed, failedWith, passed, quote } from "./_judge.ts";
import type { GenerationProfile, LaunchPlan, StepOutput, TreeView } from "./profile.ts";
import { unresolvedImportFindings } from "./_imports_check.ts";

const ENGINE = /^engines\/[^/]+\.py$/;
const DIRS = ["engines", "schemas", "policies", "state", "validators", "patterns"];
const GATE_SCHEMAS = [
  "MASTERY_DEFINITION",
  "DECISION_RECORD",
  "LESSON_PROMOTION",
  "TURN_RECEIPT",
  "MMD_REPORT",
];
const GATE_POLICIES = ["MB_MASTER_SPEC", "CDR", "SEE_ENGINE", "RRP", "DELTAGATE"];
const STATE_KEYS = [
  "version",
  "sessions_count",
  "mastery_definitions",
  "decision_records",
  "lesson_promotions",
];
const CATALOG = "patterns/MB_PATTERN_CATALOG.json";

/** Gen D. */
export const GEN_D: GenerationProfile = {
  id: "D",
  generation: "D",
  kind: "OS_BUNDLE",
  label: "Gen D (sandbox package: MetaBlooms_OS/boot.py, mpp.py, engines, validation gates)",
  detection: {
    rule: 7,
    byNames: (l) => hit(l.rel),
    decide: (l) =>
      hit(l.rel)
        ? { root: l.root, reason: `${l.root}boot.py, mpp.py, validators/gates.py and engines/*.py` }
        : undefined,
  },
  wants: (name, l) => name.startsWith(l.root) && /\.(py|json)$/.test(name),
  check(ctx) {
    const rep = new Report(ctx, "Gen-D boot.py");
    rep.require(
      ["boot.py", "mpp.py", "validators/gates.py", CATALOG],
      "boot.py loads it at boot",
    );
    const engines = ctx.layout.files.filter((f) => ENGINE.test(f.slice(ctx.root.length)));
    if (!engines.some((f) => f.endsWith("_engine.py"))) {
      rep.add(finding(
        "REQUIRED_FILE_MISSING",
        `${ctx.root}engines/ holds no *_engine.py: boot.py imports its engines from there`,
        `${ctx.root}engines`,
        { required_by: rep.label },
      ));
    }
    for (const launcher of ["boot.py", "mpp.py"]) {
      rep.findings.push(...unresolvedImportFindings(ctx, rep.at(launcher), "warning"));
      for (const schema of schemaLiterals(ctx.content.text(rep.at(launcher)) ?? "")) {
        rep.require([schema], `${launcher} names it`);
      }
    }
    rep.requireFolders(DIRS, "boot.py and its validation gates read it");
    const schemaFiles = ctx.layout.files.filter((f) =>
      f.startsWith(`${ctx.root}schemas/`) && f.endsWith(".json")
    );
    for (const name of GATE_SCHEMAS) {
      rep.require(
        [`schemas/${name}.schema.json`],
        "the schema_existence gate requires it (without it: Validation gates: FAIL)",
      );
    }
    for (const prefix of GATE_POLICIES) {
      if (ctx.layout.files.some((f) => f.startsWith(`${ctx.root}policies/${prefix}`))) continue;
      rep.add(finding(
        "REQUIRED_FILE_MISSING",
        `${ctx.root}policies/ has no file starting ${prefix}: a validation gate requires one`,
        `${ctx.root}policies/${prefix}`,
        { required_by: rep.label },
      ));
    }
    for (const file of schemaFiles) {
      rep.requireJson(file.slice(ctx.root.length), "the validation gates parse every schema");
    }
    const catalog = rep.requireJson(CATALOG, "the pattern gate parses it");
    const patterns = isObject(catalog) && Array.isArray(catalog.patterns) ? catalog.patterns : [];
    if (catalog !== undefined && patterns.length === 0) {
      rep.add(finding(
        "FILE_INVALID",
        `${rep.at(CATALOG)} has no patterns[]: the pattern gate needs at least one`,
        rep.at(CATALOG),
      ));
    }
    if (rep.has("state/MB_STATE.json")) {
      const state = rep.json("state/MB_STATE.json");
      const missing = STATE_KEYS.filter((k) => !isObject(state) || !(k in state));
      rep.add(finding(
        "LEFTOVER_STATE",
        `${rep.at("state/MB_STATE.json")} ships inside the bundle: state of an earlier run${
          missing.length ? `, lacking ${missing.join(", ")}` : ""
        }`,
        rep.at("state/MB_STATE.json"),
        { missing_keys: missing },
      ));
    }
    rep.add(finding(
      "ROOT_SEARCH_ORDER",
      "boot.py uses /mnt/data/MetaBlooms_OS before its own folder when that exists: an older install there shadows this bundle",
      rep.at("boot.py"),
    ));
    rep.selfHashes();
    return rep.result();
  },
  launch: planGenD,
};

function hit(rel: ReadonlySet<string>): boolean {
  return rel.has("boot.py") && rel.has("mpp.py") && rel.has("validators/gates.py") &&
    [...rel].some((n) => ENGINE.test(n));
}

/** `"X.schema.json"` literals of a launcher, as `schemas/X.schema.json` (or the path written). */
function schemaLiterals(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/["']([\w./-]+\.schema\.json)["']/g)) {
    const lit = m[1]!;
    found.add(lit.includes("/") ? lit.replace(/^\.\//, "") : `schemas/${lit}`);
  }
  return [...found];
}

async function planGenD(tree: TreeView): Promise<LaunchPlan> {
  const script = `${tree.root}boot.py`;
  if (!(await tree.isFile(script))) return { error: `Gen-D launcher ${script} does not exist` };
  return {
    steps: [{
      name: "launcher",
      script,
      cwd: "",
      success_signal:
        '"Validation gates: PASS" and "BOOT COMPLETE", no "FATAL" (exit code ignored)',
      judge: judgeGenD,
    }],
  };
}

function judgeGenD(out: StepOutput) {
  const fatal = out.lines.find((l) => l.includes("FATAL"));
  if (fatal) {
    return failedWith("BOOT_FATAL", `boot.py printed ${quote(fatal)}`, out.exit_code === 0);
  }
  const crash = crashed(out);
  if (crash) return crash;
  const gates = out.lines.find((l) => l.includes("Validation gates:"));
  if (!gates?.includes("Validation gates: PASS")) {
    const failures = out.lines.filter((l) => l.includes("[FAIL]")).slice(0, 5);
    return failedWith(
      "VALIDATION_GATES_FAILED",
      `${gates ? quote(gates) : "no validation gate result"}${
        failures.length ? `: ${failures.map((l) => l.trim()).join("; ")}` : ""
      }`,
      out.exit_code === 0,
    );
  }
  if (!out.lines.some((l) => l.includes("BOOT COMPLETE"))) {
    return failedWith("SUCCESS_SIGNAL_MISSING", 'the gates passed but "BOOT COMPLETE" never came');
  }
  return passed('"Validation gates: PASS" and "BOOT COMPLETE", no FATAL');
}
