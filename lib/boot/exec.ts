/**
 * Really runs a bundle's own entrypoint (`--exec`): in a scratch copy of the
 * extracted tree, as a child process with a deadline, cut off from the
 * network where the system allows it (`unshare -n`), with a minimal
 * environment; then judges its output the kit's way (success signal as a whole
 * line) and notes what the original launcher's substring test would say.
 *
 * @module
 */
import { cp } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { ExecVerdict } from "../../schemas/boot.ts";
import { type ChildResult, runChild } from "../process/run_child.ts";
import { isFile } from "./_py.ts";
import { findInterpreter } from "./_interpreter.ts";

/** Options of {@linkcode execEntrypoint}. */
export interface ExecOptions {
  /** Where to copy the tree and run it (created; must not exist or be empty). */
  scratchDir: string;
  /** Launch convention of the generation (`A`, `B`, `C`). @default {"A"} */
  generation?: string;
  /** Deadline in milliseconds; the child is killed after it. @default {30000} */
  timeoutMs?: number;
  /** Interpreter for `.py` entries (name on PATH or a path). @default {"python3"} */
  interpreter?: string;
  /** `auto` tries `unshare -n` (then `unshare -rn`) and falls back to `env_only`. @default {"auto"} */
  network?: "auto" | "env_only";
  /** Aborts the run (the child is killed). */
  signal?: AbortSignal;
}

const TAIL_LINES = 40;

/**
 * Runs the entrypoint of an extracted tree and judges the result.
 *
 * Gen A: the manifest's `entrypoint` (else `RUN_METABLOOMS.py`, `MetaBlooms.py`), cwd = its folder;
 * ok iff exit 0 and the manifest's `success_signal` (default `BOOT_OK`) is a whole output line.
 * Gen B: the manifest's `canonical_entrypoint` (default `BOOT_METABLOOMS.py`) with `MB_OS_ROOT`
 * set; ok iff exit 0 and a printed JSON summary has `status: "BOOT_OK"`.
 * Gen C: `Metablooms_OS/portable_full_os_boot_verify.py` (or the manifest's `boot.verify`); ok iff exit 0.
 *
 * @param root The extracted bundle root.
 * @param options Scratch folder, generation, deadline, interpreter, network mode.
 * @returns The verdict; `INTERPRETER_MISSING`, `NO_ENTRYPOINT`, `ENTRYPOINT_TIMEOUT`,
 * `ENTRYPOINT_EXIT_NONZERO`, `SUCCESS_SIGNAL_MISSING`, `UNCAUGHT_EXCEPTION`, `P0_BLOCKED` or the
 * entry's own `BOOT_FAILED` code when it fails.
 *
 * @example A missing interpreter is reported, not thrown
 * ```ts
 * import assert from "node:assert/strict";
 * import { execEntrypoint } from "./exec.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/RUN_METABLOOMS.py`, "print('BOOT_OK')\n");
 * const v = await execEntrypoint(root, { scratchDir: `${root}.scratch`, interpreter: "no-such-python-xyz" });
 * assert(v.code === "INTERPRETER_MISSING");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function execEntrypoint(root: string, options: ExecOptions): Promise<ExecVerdict> {
  const generation = options.generation ?? "A";
  const plan = await planLaunch(resolve(root), generation);
  const base = {
    generation,
    command: [] as string[],
    network: "not_run" as const,
    exit_code: null,
    timed_out: false,
    duration_ms: 0,
    success_signal: plan.signal ?? "(exit status 0)",
    signal_line: false,
    signal_substring: false,
    failed_lines: [],
    output_tail: [],
  };
  if ("error" in plan) return { ...base, ...fail("NO_ENTRYPOINT", plan.error) };
  const entryIsPy = plan.entry.endsWith(".py");
  let interpreter: string | undefined;
  if (entryIsPy) {
    interpreter = await findInterpreter(options.interpreter ?? "python3");
    if (interpreter === undefined) {
      return {
        ...base,
        entry: plan.entry,
        ...fail(
          "INTERPRETER_MISSING",
          `cannot run ${plan.entry}: interpreter ${
            JSON.stringify(options.interpreter ?? "python3")
          } not found on PATH`,
        ),
      };
    }
  }

  const scratch = resolve(options.scratchDir);
  await Deno.mkdir(dirname(scratch), { recursive: true });
  await cp(resolve(root), scratch, { recursive: true, errorOnExist: true, force: false });
  const entryPath = join(scratch, plan.entry);
  const cwd = dirname(entryPath);
  const program = entryIsPy ? [interpreter!, entryPath] : [entryPath];
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: scratch,
    LANG: "C.UTF-8",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONNOUSERSITE: "1",
    PYTHONIOENCODING: "utf-8",
    PYTHONUNBUFFERED: "1",
    ...(generation === "B" ? { MB_OS_ROOT: join(scratch, plan.rootRel) } : {}),
  };
  const run = await runChild(program, {
    cwd,
    env,
    network: options.network === "env_only" ? "inherit" : "deny",
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const lines = run.output.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  const judged = run.spawn_error
    ? fail(entryIsPy ? "INTERPRETER_MISSING" : "ENTRYPOINT_NOT_EXECUTABLE", run.spawn_error)
    : judge(generation, plan.signal, run, lines);
  return {
    ...base,
    ...judged,
    entry: plan.entry,
    command: run.command,
    scratch_dir: scratch,
    network: run.network === "unshare" ? "unshare" : "env_only",
    exit_code: run.exit_code,
    timed_out: run.timed_out,
    duration_ms: run.duration_ms,
    signal_line: plan.signal !== undefined && lines.includes(plan.signal),
    signal_substring: plan.signal !== undefined && run.output.includes(plan.signal),
    failed_lines: lines.filter((l) => l.startsWith("BOOT_FAILED:")),
    output_tail: lines.slice(-TAIL_LINES),
  };
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

type Plan = { entry: string; rootRel: string; signal: string | undefined } | {
  error: string;
  signal: string | undefined;
};

async function planLaunch(root: string, generation: string): Promise<Plan> {
  const readJson = async (rel: string): Promise<Record<string, unknown>> => {
    try {
      const v = JSON.parse(await Deno.readTextFile(join(root, rel)));
      return typeof v === "object" && v !== null && !Array.isArray(v) ? v : {};
    } catch {
      return {};
    }
  };
  if (generation === "B") {
    const manifest = await readJson("boot_manifest.json");
    const entry = typeof manifest.canonical_entrypoint === "string"
      ? manifest.canonical_entrypoint
      : "BOOT_METABLOOMS.py";
    if (!(await isFile(join(root, entry)))) {
      return { error: `Gen-B canonical entrypoint ${entry} does not exist`, signal: "BOOT_OK" };
    }
    return { entry, rootRel: ".", signal: "BOOT_OK" };
  }
  if (generation === "C") {
    const wrapper = "Metablooms_OS";
    const manifest = await readJson(`${wrapper}/boot_manifest_v1.json`);
    const boot = manifest.boot as Record<string, unknown> | undefined;
    const verify = typeof boot?.verify === "string"
      ? boot.verify
      : "portable_full_os_boot_verify.py";
    const entry = `${wrapper}/${verify}`;
    if (!(await isFile(join(root, entry)))) {
      return { error: `Gen-C verifier ${entry} does not exist`, signal: undefined };
    }
    return { entry, rootRel: wrapper, signal: undefined };
  }
  const manifest = await readJson("boot_manifest.json");
  const signal = typeof manifest.success_signal === "string" ? manifest.success_signal : "BOOT_OK";
  const declared = manifest.entrypoint;
  const candidates = [
    ...(typeof declared === "string" && declared !== "" ? [declared] : []),
    "RUN_METABLOOMS.py",
    "MetaBlooms.py",
  ];
  for (const entry of candidates) {
    const path = resolve(root, entry);
    if (path.startsWith(root + "/") && (await isFile(path))) {
      return { entry: path.slice(root.length + 1), rootRel: ".", signal };
    }
  }
  return {
    error: "no entrypoint: neither the declared one nor RUN_METABLOOMS.py/MetaBlooms.py exists",
    signal,
  };
}

function judge(
  generation: string,
  signal: string | undefined,
  run: ChildResult,
  lines: string[],
): Pick<ExecVerdict, "ok" | "signal" | "code" | "reason" | "lines"> {
  const own = lines.find((l) => l.startsWith("BOOT_FAILED:"))?.slice("BOOT_FAILED:".length).trim();
  if (run.timed_out) {
    return fail("ENTRYPOINT_TIMEOUT", `killed after the deadline of ${run.timeout_ms} ms`);
  }
  if (run.aborted) return fail("CANCELLED", "the run was cancelled");
  if (run.exit_code !== 0) {
    if (own) {
      return fail(own, `the entry printed BOOT_FAILED: ${own} and exited ${run.exit_code}`);
    }
    if (generation === "B" && lines.some((l) => l.startsWith("P0_BLOCKED:"))) {
      return fail("P0_BLOCKED", lines.find((l) => l.startsWith("P0_BLOCKED:"))!);
    }
    if (lines.some((l) => l.startsWith("Traceback (most recent call last)"))) {
      return fail(
        "UNCAUGHT_EXCEPTION",
        `the entry crashed (traceback) and exited ${run.exit_code}: ${lines.at(-1) ?? ""}`,
      );
    }
    return fail("ENTRYPOINT_EXIT_NONZERO", `the entry exited ${run.exit_code ?? "on a signal"}`);
  }
  if (generation === "B") {
    const summary = lines.map(parseJsonLine).find((v) => v !== undefined && "status" in v);
    if (summary?.status === "BOOT_OK") {
      return {
        ok: true,
        signal: "BOOT_OK",
        reason: "the Gen-B launcher reported status BOOT_OK",
        lines: ["BOOT_OK"],
      };
    }
    return fail(
      "SUCCESS_SIGNAL_MISSING",
      summary
        ? `the Gen-B summary has status ${JSON.stringify(summary.status)}, not "BOOT_OK"`
        : "the Gen-B launcher printed no JSON summary with a status",
    );
  }
  if (signal === undefined) {
    return {
      ok: true,
      signal: "BOOT_OK",
      reason: "the verifier exited 0 (Gen C defines no success line)",
      lines: ["BOOT_OK"],
    };
  }
  if (!lines.includes(signal)) {
    return fail(
      "SUCCESS_SIGNAL_MISSING",
      `exit 0 but ${JSON.stringify(signal)} is not a whole line of the output` +
        (lines.join("\n").includes(signal)
          ? " (only a substring: the original launcher would accept it)"
          : ""),
    );
  }
  return {
    ok: true,
    signal: "BOOT_OK",
    reason: `exit 0 and ${JSON.stringify(signal)} printed as a line`,
    lines: [signal],
  };
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

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const v = JSON.parse(line);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
