/**
 * Boot step "judge" (private): the bundle's own runtime gives the compat
 * verdict; the kit's checks give the strict verdict on top, and never turn a
 * bundle its runtime boots into BOOT_FAILED without a named, evidenced finding
 * (a missing anchor file, or the runtime's own activation record showing a
 * failed self-test it then masked).
 *
 * @module
 */
import { join } from "node:path";
import type {
  BootFinding,
  BootVerdict,
  CompatVerdict,
  ExecVerdict,
  MaskedFailure,
  SubsystemRow,
  TreeBoot,
} from "../../schemas/boot.ts";
import { verdictsAgree } from "./exec.ts";
import { smcOutcome } from "./smc.ts";
import { differs, failed, notEvaluated, pickVerdict } from "./_verdicts.ts";
import type { RuntimeOutcome } from "./_boot_runtime.ts";

/** The verdicts and what was found. */
export interface Judged {
  /** The kit's verdict: the runtime's outcome plus the kit's evidenced findings. */
  strict: BootVerdict;
  /** The bundle's own runtime's verdict (not evaluated when it did not run). */
  compat: CompatVerdict;
  /** The report's verdict (fail closed: strict, and a demanded run that failed). */
  final: BootVerdict;
  /** Subsystem rows (Gen A), with the runtime's own statuses as `compat_status` when known. */
  subsystems: SubsystemRow[];
  /** Findings of the judgement. */
  findings: BootFinding[];
}

/**
 * Judges a boot.
 *
 * @param generation The generation.
 * @param sim The kit's simulation (Gen A only).
 * @param run The runtime step's outcome.
 * @returns The verdicts.
 */
export async function judgeBoot(
  generation: string,
  sim: TreeBoot | undefined,
  run: RuntimeOutcome,
): Promise<Judged> {
  const { exec } = run;
  const ran = run.runtime.status === "ran" && exec !== undefined;
  const findings: BootFinding[] = [];
  let subsystems = sim?.subsystems ?? [];
  let masked: MaskedFailure[] = [];
  let strict: BootVerdict;
  if (sim) {
    strict = sim.strict;
    masked = sim.compat.masked;
    if (ran) {
      const evidence = await runtimeActivation(exec);
      if (evidence) {
        subsystems = subsystems.map((row) => ({
          ...row,
          compat_status: evidence.statuses[row.name] ?? "NOT_REACHED",
        }));
        const smc = smcOutcome(evidence.artifact, evidence.path);
        if (smc && !smc.ok) {
          subsystems = subsystems.map((row) =>
            row.name === "SHOPPING_MODE_CONTROLLER"
              ? {
                ...row,
                status: "ERROR",
                error: "TESTS_FAILED",
                masked: row.compat_status === "ACTIVE",
                detail: { ...row.detail, ...smc, error: "TESTS_FAILED" },
              }
              : row
          );
          masked = [...masked, {
            subsystem: "SHOPPING_MODE_CONTROLLER",
            error: "TESTS_FAILED",
            how: "boot_activator sets SHOPPING_MODE_CONTROLLER ACTIVE after its tests failed",
          }];
          const why = `SHOPPING_MODE_CONTROLLER TESTS_FAILED: the bundle's own self-tests failed ` +
            `(${smc.failures.length} of ${
              smc.tests_run ?? "?"
            }; evidence: ${smc.source} detail.ok false)`;
          findings.push({
            code: "SMC_TESTS_FAILED",
            severity: "error",
            message: `${why}; the original masks it and boots`,
            path: smc.source,
          });
          if (strict.ok) {
            strict = {
              ...failed(
                "ACTIVATION_GATE_FAILED",
                "REQUIRED_SUBSYSTEMS_NOT_ACTIVE: ['SHOPPING_MODE_CONTROLLER']",
              ),
              reason: `required subsystems not active: ${why}`,
            };
          }
        }
      }
    }
  } else {
    strict = ran
      ? exec.ok
        ? { ...pickVerdict(exec), reason: `Gen ${generation}, its own runtime: ${exec.reason}` }
        : pickVerdict(exec)
      : failed(
        "RUNTIME_NOT_RUN",
        `Gen ${generation}: ${run.runtime.reason} (the kit has no model of this generation's runtime)`,
      );
  }
  const compat: CompatVerdict = ran
    ? {
      ...pickVerdict(exec),
      evaluated: true,
      ...(exec.exit_code === null ? {} : { exit_code: exec.exit_code }),
      masked: exec.ok ? masked : [],
      differs: false,
      source: "runtime",
    }
    : { ...notEvaluated(run.runtime.reason), source: "none" };
  compat.differs = compat.evaluated && differs(strict, compat);
  let final = strict;
  if (strict.ok && exec && !exec.ok && (ran || run.forced)) {
    final = {
      ...pickVerdict(exec),
      reason: `the kit's simulation passed, but the bundle's own entrypoint failed: ${exec.reason}`,
    };
  }
  if (exec) {
    exec.agrees_with_kit = verdictsAgree(exec, strict);
    if (compat.evaluated) exec.agrees_with_compat = verdictsAgree(exec, compat);
    findings.push(...runFindings(exec));
  }
  if (!ran) {
    findings.push({
      code: "RUNTIME_NOT_RUN",
      severity: sim ? "warning" : "error",
      message: `${run.runtime.code}: ${run.runtime.reason}` +
        (sim ? "; the verdict is the kit's simulation alone" : ""),
    });
  } else if (compat.ok && !strict.ok) {
    findings.push({
      code: "KIT_DISAGREES_WITH_RUNTIME",
      severity: "warning",
      message:
        `the bundle's own runtime boots it, the kit does not: ${strict.code}: ${strict.reason}`,
    });
  }
  return { strict, compat, final, subsystems, findings };
}

function runFindings(exec: ExecVerdict): BootFinding[] {
  const out: BootFinding[] = [];
  if (exec.network === "env_only") {
    out.push({
      code: "EXEC_NETWORK_NOT_ISOLATED",
      severity: "warning",
      message: "no network namespace available (unshare -n failed): the runtime ran with proxies " +
        "pointed nowhere, but direct connections were not blocked",
    });
  }
  for (const step of exec.steps ?? []) {
    if (!step.exit_code_misleading) continue;
    out.push({
      code: "EXIT_CODE_MISLEADING",
      severity: "info",
      message: `${step.name} exited ${step.exit_code} but its own signals say ${
        step.ok ? "it succeeded" : `${step.code}: ${step.reason}`
      }: the exit code is no verdict for this generation`,
    });
  }
  return out;
}

/** The activation record the Gen-A runtime wrote in its scratch tree (named by its ACTIVATION_ARTIFACT line). */
async function runtimeActivation(
  exec: ExecVerdict,
): Promise<
  { path: string; artifact: unknown; statuses: Record<string, SubsystemRow["status"]> } | undefined
> {
  const step = exec.steps?.[0];
  const line = step?.output_tail.find((l) => l.startsWith("ACTIVATION_ARTIFACT: "));
  if (!step || !line || exec.scratch_dir === undefined) return undefined;
  const rel = line.slice("ACTIVATION_ARTIFACT: ".length).trim();
  try {
    const artifact = JSON.parse(await Deno.readTextFile(join(exec.scratch_dir, step.cwd, rel)));
    const statuses: Record<string, SubsystemRow["status"]> = {};
    if (typeof artifact === "object" && artifact !== null) {
      for (const [name, record] of Object.entries(artifact as Record<string, unknown>)) {
        const status = (record as { status?: unknown })?.status;
        if (status === "ACTIVE" || status === "ERROR" || status === "INACTIVE") {
          statuses[name] = status;
        }
      }
    }
    return { path: rel, artifact, statuses };
  } catch {
    return undefined;
  }
}
