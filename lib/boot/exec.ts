/**
 * Runs a bundle as its own runtime would: the launch steps of its
 * generation's profile (lib/bundle/generations), in a scratch copy of the
 * extracted tree, each as a child process with a deadline, no network where a
 * namespace can be made and a minimal environment; each judged by that
 * generation's real success signals (exit codes lie in several generations).
 *
 * @module
 */
import { cp } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import type { ExecStep, ExecVerdict } from "../../schemas/boot.ts";
import { detectGeneration, profileFor } from "../bundle/generations/detect.ts";
import type { LaunchStep, StepJudgement, TreeView } from "../bundle/generations/profile.ts";
import { runChild } from "../process/run_child.ts";
import { isFile } from "./_py.ts";
import { findInterpreter } from "./_interpreter.ts";

/** Options of {@linkcode execEntrypoint}. */
export interface ExecOptions {
  /** Where to copy the tree (`<scratchDir>/tree`) and put inputs and outputs (`<scratchDir>/io`). */
  scratchDir: string;
  /** The generation whose launch to use (`A`–`G`). @default {detected from the tree} */
  generation?: string;
  /** The folder the generation's files sit in, with a trailing slash (`Metablooms_OS/`). @default {detected from the tree} */
  bundleRoot?: string;
  /** Deadline of each step in milliseconds; the child is killed after it. @default {30000} */
  timeoutMs?: number;
  /** Python interpreter (name on PATH or a path). @default {"python3"} */
  interpreter?: string;
  /** `auto` tries `unshare -n` (then `unshare -rn`) and falls back to `env_only`. @default {"auto"} */
  network?: "auto" | "env_only";
  /** Aborts the run (the child is killed). */
  signal?: AbortSignal;
}

const TAIL_LINES = 40;

/**
 * Runs the launch of an extracted tree and judges it by the generation's own
 * success signals (Gen A: the manifest's signal as a whole line and exit 0;
 * B: the JSON summary's status; C: exit 0; D: `Validation gates: PASS` and
 * `BOOT COMPLETE` without `FATAL`; E: `all_pass`; F: `run.py` exit code and
 * `MPP: ✅ PASS`; G: `enforce_boot()`'s `boot_gate_passed`, then `run.py`).
 *
 * @param root The extracted bundle (the folder the zip was extracted into).
 * @param options Scratch folder, generation, root, deadline, interpreter, network mode.
 * @returns The verdict (the first failing step's, else the last step's) and every step;
 * `INTERPRETER_MISSING`, `NO_ENTRYPOINT`, `GENERATION_UNSUPPORTED`, `ENTRYPOINT_TIMEOUT`,
 * `CANCELLED` or the step's own code when it fails.
 *
 * @example A missing interpreter is reported, not thrown
 * ```ts
 * import assert from "node:assert/strict";
 * import { execEntrypoint } from "./exec.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/RUN_METABLOOMS.py`, "print('BOOT_OK')\n");
 * const v = await execEntrypoint(root, { scratchDir: `${root}.scratch`, generation: "A", interpreter: "no-such-python-xyz" });
 * assert.equal(v.code, "INTERPRETER_MISSING");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function execEntrypoint(root: string, options: ExecOptions): Promise<ExecVerdict> {
  const tree = resolve(root);
  const detected = options.generation === undefined || options.bundleRoot === undefined
    ? await detectTree(tree)
    : undefined;
  const generation = options.generation ?? detected!.generation;
  const bundleRoot = options.bundleRoot ?? detected!.root;
  const base: ExecVerdict = {
    ok: false,
    signal: "BOOT_FAILED",
    reason: "",
    lines: [],
    generation,
    command: [],
    network: "not_run",
    exit_code: null,
    timed_out: false,
    duration_ms: 0,
    success_signal: "(not run)",
    signal_line: false,
    signal_substring: false,
    failed_lines: [],
    output_tail: [],
  };
  const launch = profileFor(generation)?.launch;
  if (!launch) {
    return {
      ...base,
      ...fail("GENERATION_UNSUPPORTED", `no launcher is known for generation ${generation}`),
    };
  }
  const plan = await launch(treeView(tree, bundleRoot));
  if ("error" in plan) return { ...base, ...fail("NO_ENTRYPOINT", plan.error) };
  const interpreter = await findInterpreter(options.interpreter ?? "python3");
  const first = plan.steps[0]!;
  base.entry = first.script ?? first.name;
  base.success_signal = first.success_signal;
  if (interpreter === undefined) {
    return {
      ...base,
      ...fail(
        "INTERPRETER_MISSING",
        `cannot run ${base.entry}: interpreter ${
          JSON.stringify(options.interpreter ?? "python3")
        } not found on PATH`,
      ),
    };
  }
  const scratch = resolve(options.scratchDir);
  const copy = join(scratch, "tree");
  const io = join(scratch, "io");
  await Deno.mkdir(scratch, { recursive: true });
  await cp(tree, copy, { recursive: true, errorOnExist: true, force: false });
  await Deno.mkdir(io, { recursive: true });
  const steps: ExecStep[] = [];
  const outputs: string[][] = [];
  let network: ExecVerdict["network"] = "not_run";
  for (const step of plan.steps) {
    if (options.signal?.aborted) break;
    const run = await runStep(step, interpreter, { tree: copy, io }, options);
    network = run.network;
    steps.push(run.step);
    outputs.push(run.lines);
  }
  if (steps.length === 0) return { ...base, ...fail("CANCELLED", "the run was cancelled") };
  const failedAt = steps.findIndex((s) => !s.ok);
  const at = failedAt >= 0 ? failedAt : steps.length - 1;
  const failed = failedAt >= 0 ? steps[failedAt] : undefined;
  const chosen = steps[at]!;
  const lines = outputs[at]!;
  // The line the Gen-A/B launchers look for (a substring test in the originals).
  const signal = generation === "A" ? signalOf(chosen) : generation === "B" ? "BOOT_OK" : undefined;
  return {
    ...base,
    ok: failed === undefined,
    signal: failed === undefined ? "BOOT_OK" : "BOOT_FAILED",
    ...(failed?.code === undefined ? {} : { code: failed.code }),
    reason: steps.length > 1 ? `${chosen.name}: ${chosen.reason}` : chosen.reason,
    lines: failed ? [`BOOT_FAILED: ${failed.code}`, failed.reason] : ["BOOT_OK"],
    command: chosen.command,
    scratch_dir: copy,
    network,
    exit_code: chosen.exit_code,
    timed_out: chosen.timed_out,
    duration_ms: steps.reduce((n, s) => n + s.duration_ms, 0),
    success_signal: chosen.success_signal,
    signal_line: signal !== undefined && lines.includes(signal),
    signal_substring: signal !== undefined && lines.join("\n").includes(signal),
    failed_lines: lines.filter((l) => l.startsWith("BOOT_FAILED:")),
    output_tail: chosen.output_tail,
    steps,
    ...(steps.some((s) => s.exit_code_misleading) ? { exit_code_misleading: true } : {}),
  };
}

/** The Gen-A signal quoted in its success description (`"BOOT_OK" printed …`). */
function signalOf(step: ExecStep): string {
  return /^"([^"]*)"/.exec(step.success_signal)?.[1] ?? "BOOT_OK";
}

async function runStep(
  step: LaunchStep,
  interpreter: string,
  folders: { tree: string; io: string },
  options: ExecOptions,
): Promise<{ step: ExecStep; network: ExecVerdict["network"]; lines: string[] }> {
  for (const [rel, content] of Object.entries(step.inputs ?? {})) {
    const path = join(folders.io, rel);
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, content);
  }
  const cwd = join(folders.tree, step.cwd);
  const program = step.code !== undefined
    ? [interpreter, "-c", step.code]
    : [interpreter, join(folders.tree, step.script!)];
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: folders.io,
    LANG: "C.UTF-8",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONNOUSERSITE: "1",
    PYTHONIOENCODING: "utf-8",
    PYTHONUNBUFFERED: "1",
    ...step.env?.(folders),
  };
  const run = await runChild([...program, ...(step.args?.(folders) ?? [])], {
    cwd,
    env,
    network: options.network === "env_only" ? "inherit" : "deny",
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const lines = run.output.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  const judged: StepJudgement = run.spawn_error
    ? { ok: false, code: "INTERPRETER_MISSING", reason: run.spawn_error }
    : run.timed_out
    ? {
      ok: false,
      code: "ENTRYPOINT_TIMEOUT",
      reason: `killed after the deadline of ${run.timeout_ms} ms`,
    }
    : run.aborted
    ? { ok: false, code: "CANCELLED", reason: "the run was cancelled" }
    : step.judge({ exit_code: run.exit_code, lines, output: run.output });
  return {
    network: run.network === "unshare" ? "unshare" : "env_only",
    lines,
    step: {
      name: step.name,
      command: run.command,
      cwd: relative(folders.tree, cwd),
      success_signal: step.success_signal,
      ok: judged.ok,
      ...(judged.code === undefined ? {} : { code: judged.code }),
      reason: judged.reason,
      exit_code: run.exit_code,
      exit_code_misleading: judged.exit_code_misleading === true,
      timed_out: run.timed_out,
      duration_ms: run.duration_ms,
      output_tail: lines.slice(-TAIL_LINES),
    },
  };
}

function treeView(tree: string, root: string): TreeView {
  return {
    root,
    isFile: (rel) => isFile(join(tree, rel)),
    async readJson(rel) {
      try {
        return JSON.parse(await Deno.readTextFile(join(tree, rel)));
      } catch {
        return undefined;
      }
    },
  };
}

/** Detects the generation of an extracted tree from its file names (and its detection files). */
async function detectTree(tree: string): Promise<{ generation: string; root: string }> {
  const names: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory) await walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile) names.push(`${prefix}${entry.name}`);
    }
  };
  await walk(tree, "");
  const view = treeView(tree, "");
  const json = new Map<string, unknown>();
  for (const name of names.filter((n) => n.endsWith(".json") && n.split("/").length <= 3)) {
    json.set(name, await view.readJson(name));
  }
  const detection = detectGeneration(names, (name) => json.get(name));
  return { generation: detection.generation, root: detection.root };
}

/**
 * Whether two verdicts say the same: both OK, or both failed with equivalent
 * codes (an entry that exits non-zero without a `BOOT_FAILED` line — the
 * original's uncaught exception — matches `UNCAUGHT_EXCEPTION`).
 *
 * @param a One verdict.
 * @param b The other.
 * @returns True when they agree.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verdictsAgree } from "./exec.ts";
 * assert(verdictsAgree({ ok: false, code: "UNCAUGHT_EXCEPTION" }, { ok: false, code: "ENTRYPOINT_EXIT_NONZERO" }));
 * assert(!verdictsAgree({ ok: true }, { ok: false, code: "NO_ENTRYPOINT" }));
 * ```
 */
export function verdictsAgree(
  a: { ok: boolean; code?: string | undefined },
  b: { ok: boolean; code?: string | undefined },
): boolean {
  if (a.ok || b.ok) return a.ok === b.ok;
  const norm = (c: string | undefined) =>
    c === "ENTRYPOINT_EXIT_NONZERO" ? "UNCAUGHT_EXCEPTION" : c;
  return norm(a.code) === norm(b.code);
}

function fail(code: string, reason: string) {
  return {
    ok: false,
    signal: "BOOT_FAILED" as const,
    code,
    reason,
    lines: [`BOOT_FAILED: ${code}`, reason],
  };
}
