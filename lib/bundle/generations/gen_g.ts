/**
 * Gen G, "DL-hardened v10" (23 Mar 2026, evening; generations.md §6): Gen F
 * plus a boot-gate layer — `boot/METABLOOMS_BOOT_HEADER.json` (with a
 * hard-coded `canonical_root` `/mnt/data/Metablooms_OS`), `governance/BOOT_GATE.py`
 * and its validators, the runtime spine, `_bts/` stage receipts, and in the
 * last two a `MANIFEST.json` and an export receipt. Checked as F plus the
 * header, the spine's authoritative paths, the export receipt (strict), the
 * manifest's file list, the stage receipts (drift is information) and the
 * registry; run as shipped: `enforce_boot()` (its result's `boot_gate_passed`),
 * then `run.py` as for F (whose `OS_KERNEL_BLOCKED` message blames an engine
 * hash when the dependency graph is what is missing).
 *
 * @module
 */
import { finding } from "../findings.ts";
import { isObject } from "../generation.ts";
import { relPath, Report, strings } from "./_helpers.ts";
import { crashed, failedWith, jsonInOutput, passed } from "./_judge.ts";
import { hashClaims, listedClaims } from "./claims.ts";
import { checkReadOrderBundle, runPyStep } from "./gen_f.ts";
import type { GenerationProfile, LaunchPlan, StepOutput, TreeView } from "./profile.ts";

const HEADER = "boot/METABLOOMS_BOOT_HEADER.json";
const GATE = "governance/BOOT_GATE.py";
const SPINES = ["state/RUNTIME_SPINE.json", "RUNTIME_SPINE.json"];
const STAGE_MAPS = ["hashes", "artifact_hashes", "sha256"];

/** Gen G. */
export const GEN_G: GenerationProfile = {
  id: "G",
  generation: "G",
  kind: "OS_BUNDLE",
  label: "Gen G (DL-hardened v10: Gen F plus boot header, BOOT_GATE.enforce_boot(), spine)",
  detection: {
    rule: 4,
    byNames: (l) => l.rel.has("BOOT_INDEX.json") && l.rel.has(HEADER) && l.rel.has(GATE),
    decide: (l) =>
      l.rel.has("BOOT_INDEX.json") && l.rel.has(HEADER) && l.rel.has(GATE)
        ? { root: l.root, reason: `${l.root}BOOT_INDEX.json, ${HEADER} and ${GATE} are present` }
        : undefined,
  },
  wants: (name, l) => name.startsWith(l.root) && /\.(py|json)$/.test(name),
  check(ctx) {
    const rep = new Report(ctx, "Gen-G BOOT_GATE.enforce_boot()");
    checkReadOrderBundle(rep);
    const header = rep.requireJson(HEADER, "the boot gate validates it");
    const h = isObject(header) ? header : {};
    if (typeof h.os_version === "string") rep.version = h.os_version;
    const spec = rep.json("boot/BOOT_HEADER_SPEC.json");
    if (isObject(spec) && !("schema" in spec)) {
      for (const field of strings(spec.required_fields)) {
        if (field in h) continue;
        rep.add(finding(
          "HEADER_FIELD_MISSING",
          `${rep.at(HEADER)} has no "${field}", which boot/BOOT_HEADER_SPEC.json requires`,
          rep.at(HEADER),
          { field },
        ));
      }
    }
    rep.require(
      strings(h.boot_required_paths).map((p) => relPath(p, ctx.root)),
      `${HEADER} lists it in boot_required_paths`,
    );
    checkSpine(rep);
    if (typeof h.canonical_root === "string" && h.canonical_root.startsWith("/")) {
      const root = h.canonical_root.replace(/\/+$/, "");
      const pinned = ctx.layout.files.filter((f) =>
        f.startsWith(ctx.root) && /\.(py|json)$/.test(f) &&
        (ctx.content.text(f)?.includes(root) ?? false)
      );
      rep.add(finding(
        "NON_RELOCATABLE",
        `${
          rep.at(HEADER)
        } pins canonical_root ${root}, and ${pinned.length} file(s) hard-code it (${
          pinned.slice(0, 4).join(", ")
        }${pinned.length > 4 ? ", …" : ""}): the tree runs only at that path`,
        rep.at(HEADER),
        { canonical_root: root, files: pinned.length },
      ));
    }
    checkReceiptsAndManifest(rep);
    if (!rep.has("ENGINE_DEPENDENCY_GRAPH.json")) {
      rep.add(finding(
        "DEPENDENCY_GRAPH_MISSING",
        `${
          rep.at("ENGINE_DEPENDENCY_GRAPH.json")
        } is missing: run.py blocks with OS_KERNEL_BLOCKED (its message blames an engine SHA-256 mismatch) unless the registry is unreadable`,
        rep.at("ENGINE_DEPENDENCY_GRAPH.json"),
      ));
    }
    rep.selfHashes();
    return rep.result();
  },
  launch: planGenG,
};

function checkSpine(rep: Report): void {
  const rel = SPINES.find((s) => rep.has(s));
  if (rel === undefined) return;
  const spine = rep.requireJson(rel, "the boot gate's spine validator reads it");
  if (!isObject(spine)) return;
  for (const [key, value] of Object.entries(spine)) {
    if (!key.startsWith("authoritative_")) continue;
    const paths = Array.isArray(value)
      ? strings(value)
      : isObject(value)
      ? Object.values(value).filter((v): v is string => typeof v === "string")
      : [];
    rep.require(
      paths.map((p) => relPath(p, rep.ctx.root)),
      `${rep.at(rel)} lists it in ${key} (the spine validator fails without it)`,
    );
  }
}

function checkReceiptsAndManifest(rep: Report): void {
  const { ctx } = rep;
  const receipts = ctx.layout.files.filter((f) =>
    f.startsWith(ctx.root) && f.endsWith(".json") && /RECEIPT/i.test(f.slice(f.lastIndexOf("/")))
  );
  const exports = receipts.filter((f) => /EXPORT/i.test(f.slice(f.lastIndexOf("/"))));
  for (const name of receipts) {
    const value = ctx.content.json(name);
    if (!isObject(value)) continue;
    const exported = exports.includes(name);
    for (const field of STAGE_MAPS) {
      const claims = hashClaims(value[field]);
      rep.claim(
        name,
        exported ? `${field}: the exported tree` : `${field}: files of an earlier stage`,
        claims,
        exported ? {} : { weight: "info" },
      );
    }
  }
  const manifestRel = "MANIFEST.json";
  const manifest = rep.json(manifestRel);
  if (!isObject(manifest) || !Array.isArray(manifest.files)) return;
  const listed = listedClaims(manifest.files);
  rep.claim(rep.at(manifestRel), "files[]: the exported file list", listed);
  const listedSet = new Set(listed.map((c) => relPath(c.key, ctx.root)));
  const unlisted = ctx.layout.files
    .filter((f) => f.startsWith(ctx.root))
    .map((f) => f.slice(ctx.root.length))
    .filter((f) => f !== manifestRel && !listedSet.has(f));
  const receiptsOnly = unlisted.length <= 1 && unlisted.every((f) => /RECEIPT/i.test(f));
  if (unlisted.length) {
    rep.add(finding(
      receiptsOnly ? "MANIFEST_OMITS_FINAL_RECEIPT" : "MANIFEST_LIST_MISMATCH",
      `${rep.at(manifestRel)} lists ${listed.length} files; it omits itself and ${
        unlisted.slice(0, 5).join(", ")
      }${unlisted.length > 5 ? ", …" : ""}${receiptsOnly ? " (the receipt written after it)" : ""}`,
      rep.at(manifestRel),
      { unlisted: unlisted.length },
    ));
  }
  const count = manifest.file_count ?? manifest.count;
  if (typeof count === "number" && count !== manifest.files.length) {
    rep.add(finding(
      "MANIFEST_LIST_MISMATCH",
      `${rep.at(manifestRel)} says ${count} files but lists ${manifest.files.length}`,
      rep.at(manifestRel),
    ));
  }
}

async function planGenG(tree: TreeView): Promise<LaunchPlan> {
  if (!(await tree.isFile(`${tree.root}${GATE}`))) {
    return { error: `Gen-G boot gate ${tree.root}${GATE} does not exist` };
  }
  const graph = await tree.isFile(`${tree.root}ENGINE_DEPENDENCY_GRAPH.json`);
  const runPy = await runPyStep(
    tree,
    graph ? "" : " (misleading: ENGINE_DEPENDENCY_GRAPH.json is missing, which is what blocks it)",
  );
  return {
    steps: [
      {
        name: "boot_gate",
        code: [
          "import json",
          "from governance.BOOT_GATE import enforce_boot",
          "result = enforce_boot()",
          'print(json.dumps({"kit_boot_gate_result": result}, default=str, sort_keys=True))',
        ].join("\n"),
        cwd: tree.root.replace(/\/$/, ""),
        success_signal: "enforce_boot() returns boot_gate_passed: true",
        judge: judgeGate,
      },
      ...("error" in runPy ? [] : [runPy]),
    ],
  };
}

function judgeGate(out: StepOutput) {
  const wrapped = jsonInOutput(out, (v) => "kit_boot_gate_result" in v);
  const result = wrapped?.kit_boot_gate_result;
  const passedGate = result === true || (isObject(result) && result.boot_gate_passed === true);
  if (passedGate) return passed("enforce_boot() returned boot_gate_passed: true");
  const crash = crashed(out);
  if (crash) {
    const pinned = out.lines.find((l) => l.includes("/mnt/data/"));
    return pinned
      ? {
        ...crash,
        reason: `${crash.reason} (the tree is not relocatable: it looks under /mnt/data)`,
      }
      : crash;
  }
  return failedWith(
    "BOOT_GATE_FAILED",
    wrapped
      ? `enforce_boot() returned ${JSON.stringify(result).slice(0, 200)}`
      : "enforce_boot() printed no result",
  );
}
