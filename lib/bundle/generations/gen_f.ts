/**
 * Gen F, "v10 read-order bundle" (22–23 Mar 2026; generations.md §5): wrapped
 * (`mb_os_v10_full/` or `Metablooms_OS/`), `START_HERE_METABLOOMS.md`,
 * `BOOT_INDEX.json` (`mb.boot_index.v10…`), `ENGINE_REGISTRY.json`, `run.py`.
 * Checked for its read order, hard stops, four loops, header spec, registry
 * and cartridge hashes; run as `python3 run.py <file> --request …` on a
 * two-line file: exit 0 iff MPP passed and FORGE reached S-tier, 1 otherwise,
 * 2 on `OS_KERNEL_BLOCKED` or bad arguments; success also needs `MPP: ✅ PASS`.
 *
 * @module
 */
import { finding } from "../findings.ts";
import { isObject } from "../generation.ts";
import { pathList, relPath, Report, strings } from "./_helpers.ts";
import { crashed, failedWith, passed, quote } from "./_judge.ts";
import { hashClaims } from "./claims.ts";
import type { GenerationProfile, LaunchStep, StepOutput, TreeView } from "./profile.ts";

const FOUR_LOOPS = [
  "engines/STAGES.py",
  "engines/MPP_RUNTIME.py",
  "state/SESSION_HANDOFF.json",
  "learning/MISTAKE_REGISTRY.json",
];
const STATE_WARN = ["SESSION_HANDOFF", "TURN_STATE_LEDGER", "OBJECTIVE_ANCHOR"];

/** The two-line file `run.py` is run on, and the request (generations.md §5). */
export const RUN_PY_INPUT: Readonly<Record<string, string>> = {
  "input/sample.py": 'def greet(name):\n    return "hello " + name\n',
};

/** Gen F. */
export const GEN_F: GenerationProfile = {
  id: "F",
  generation: "F",
  kind: "OS_BUNDLE",
  label: "Gen F (v10 read-order bundle: START_HERE, BOOT_INDEX.json, run.py)",
  detection: {
    rule: 5,
    byNames: (l) => l.rel.has("BOOT_INDEX.json") && l.rel.has("START_HERE_METABLOOMS.md"),
    reads: (l) => [`${l.root}BOOT_INDEX.json`],
    decide(l, content) {
      if (!l.rel.has("START_HERE_METABLOOMS.md")) return undefined;
      const index = content.json(`${l.root}BOOT_INDEX.json`);
      const schema = isObject(index) ? index.schema : undefined;
      return typeof schema === "string" && schema.startsWith("mb.boot_index.v10")
        ? {
          root: l.root,
          reason: `${l.root}BOOT_INDEX.json (schema ${schema}) and START_HERE_METABLOOMS.md`,
        }
        : undefined;
    },
  },
  wants: (name, l) => name.startsWith(l.root) && /\.(py|json)$/.test(name),
  check(ctx) {
    const rep = new Report(ctx, "Gen-F START_HERE / run.py");
    checkReadOrderBundle(rep);
    rep.selfHashes();
    return rep.result();
  },
  launch: async (tree) => {
    const step = await runPyStep(tree);
    return "error" in step ? step : { steps: [step] };
  },
};

/**
 * The checks Gen F and Gen G share: BOOT_INDEX lists, four loops, state
 * files, the v10 header spec, run.py and its folders, the engine registry and
 * the cartridge registries.
 *
 * @param rep The report of the profile being checked.
 * @returns Nothing; findings and claims go to `rep`.
 */
export function checkReadOrderBundle(rep: Report): void {
  const { ctx } = rep;
  const index = rep.requireJson("BOOT_INDEX.json", "the read order every boot follows");
  const idx = isObject(index) ? index : {};
  if (typeof idx.os_version === "string") rep.version = idx.os_version;
  const rel = (p: string) => relPath(p, ctx.root);
  rep.require(
    pathList(idx.hard_stop_missing).map(rel),
    "BOOT_INDEX.json lists it in hard_stop_missing (boot stops without it)",
  );
  rep.require(
    ["learning/SUCCESS_REGISTRY.json"],
    "START_HERE_METABLOOMS.md makes it a hard stop",
  );
  rep.require(
    pathList(idx.boot_priority_read_order).map(rel),
    "BOOT_INDEX.json lists it in boot_priority_read_order",
    { code: "EXPECTED_FILE_MISSING", severity: "warning" },
  );
  rep.require(FOUR_LOOPS, "one of the four loops BOOT_INDEX.json declares", {
    code: "EXPECTED_FILE_MISSING",
    severity: "warning",
  });
  for (const name of STATE_WARN) {
    if (ctx.layout.files.some((f) => f.startsWith(`${ctx.root}state/${name}`))) continue;
    rep.add(finding(
      "EXPECTED_FILE_MISSING",
      `${ctx.root}state/ has no ${name} file: the turn protocol reads it`,
      `${ctx.root}state/${name}`,
      { required_by: rep.label },
      "warning",
    ));
  }
  const spec = rep.json("boot/BOOT_HEADER_SPEC.json");
  if (isObject(spec) && "schema" in spec) {
    rep.require(
      strings(spec.required_fields).map(rel),
      "boot/BOOT_HEADER_SPEC.json (v10 shape) requires it",
      { code: "EXPECTED_FILE_MISSING", severity: "warning" },
    );
  }
  rep.require(["run.py", "metablooms_os.py"], "the Python CLI of the bundle");
  rep.requireFolders(["engines", "forge"], "run.py loads its engines and FORGE from it");
  checkEngineRegistry(rep);
  for (const name of ctx.layout.files) {
    if (!name.startsWith(`${ctx.root}cartridges/`) || !name.endsWith("REGISTRY_INDEX.json")) {
      continue;
    }
    const value = ctx.content.json(name);
    if (isObject(value)) {
      rep.claim(name, "cartridges{}: cartridge files", hashClaims(value.cartridges), {
        bases: [name.slice(0, name.lastIndexOf("/") + 1), ctx.root],
      });
    }
  }
}

function checkEngineRegistry(rep: Report): void {
  const registry = rep.requireJson("ENGINE_REGISTRY.json", "run.py's kernel supervisor reads it");
  if (!isObject(registry)) return;
  const source = rep.claim(
    rep.at("ENGINE_REGISTRY.json"),
    "engines[]: sha256 and bytes of each engine",
    hashClaims(registry.engines),
  );
  const engines = Array.isArray(registry.engines) ? registry.engines : [];
  if (typeof registry.engine_count === "number" && registry.engine_count !== engines.length) {
    rep.add(finding(
      "REGISTRY_COUNT_MISMATCH",
      `${
        rep.at("ENGINE_REGISTRY.json")
      } says engine_count ${registry.engine_count} but lists ${engines.length} engines`,
      rep.at("ENGINE_REGISTRY.json"),
      { engine_count: registry.engine_count, listed: engines.length },
    ));
  }
  if (source === undefined) {
    rep.add(finding(
      "REGISTRY_WITHOUT_HASHES",
      `${
        rep.at("ENGINE_REGISTRY.json")
      } holds no per-engine hashes: no engine hash is ever checked at run time`,
      rep.at("ENGINE_REGISTRY.json"),
    ));
  }
  if (engines.length && engines.every((e) => isObject(e) && !("engine" in e))) {
    rep.add(finding(
      "REGISTRY_KEY_UNREAD",
      `${
        rep.at("ENGINE_REGISTRY.json")
      } names engines by "name"; the kernel supervisor reads "engine", so it treats the registry as unreadable (DEGRADED) and checks no hash`,
      rep.at("ENGINE_REGISTRY.json"),
    ));
  }
}

/**
 * The `run.py` step of Gen F and G: the two-line input, the request, an output
 * folder outside the tree; judged by exit code and the `MPP: ✅ PASS` line.
 *
 * @param tree The extracted tree.
 * @param blockedNote Added to an `OS_KERNEL_BLOCKED` reason (what really blocks it).
 * @returns The step, or why it cannot run.
 */
export async function runPyStep(
  tree: TreeView,
  blockedNote = "",
): Promise<LaunchStep | { error: string }> {
  const script = `${tree.root}run.py`;
  if (!(await tree.isFile(script))) return { error: `run.py (${script}) does not exist` };
  return {
    name: "run_py",
    script,
    cwd: tree.root.replace(/\/$/, ""),
    args: (f) => [
      `${f.io}/input/sample.py`,
      "--request",
      "Review this file and report",
      "--output",
      `${f.io}/output`,
    ],
    inputs: RUN_PY_INPUT,
    success_signal:
      'exit 0 and a line "MPP: ✅ PASS" (1 = MPP or FORGE failed, 2 = OS_KERNEL_BLOCKED)',
    judge: (out) => judgeRunPy(out, blockedNote),
  };
}

function judgeRunPy(out: StepOutput, blockedNote: string) {
  const blocked = out.lines.find((l) => l.includes("OS_KERNEL_BLOCKED"));
  if (out.exit_code === 2 && blocked) {
    return failedWith("OS_KERNEL_BLOCKED", `run.py exited 2: ${quote(blocked)}${blockedNote}`);
  }
  const mppPass = out.lines.some((l) => /MPP:\s*✅\s*PASS/.test(l));
  if (out.exit_code === 0) {
    return mppPass
      ? passed("run.py exited 0 with MPP: ✅ PASS")
      : failedWith("SUCCESS_SIGNAL_MISSING", 'run.py exited 0 without "MPP: ✅ PASS"', true);
  }
  const crash = crashed(out);
  if (crash?.code === "UNCAUGHT_EXCEPTION") return crash;
  if (out.exit_code === 1) {
    const fail = out.lines.find((l) => /\[MPP\]\s*❌\s*FAIL/.test(l));
    return mppPass
      ? failedWith(
        "FORGE_BELOW_S_TIER",
        "run.py exited 1: MPP passed but FORGE did not reach S-tier",
      )
      : failedWith("MPP_FAILED", `run.py exited 1: ${quote(fail ?? out.lines.at(-1))}`);
  }
  if (out.exit_code === 2) {
    return failedWith("USAGE_ERROR", `run.py exited 2: ${quote(out.lines.at(-1))}`);
  }
  return crash ?? failedWith("ENTRYPOINT_EXIT_NONZERO", `run.py exited ${out.exit_code}`);
}
