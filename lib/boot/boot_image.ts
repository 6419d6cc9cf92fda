/**
 * `bootImage`: the whole boot of a bundle file, fail closed — validate,
 * extract into staging, simulate the Gen-A runtime (and, on request, really run
 * the bundle's own entrypoint), write the receipts, append an audit event, and
 * on success stage the bundle as CANDIDATE.
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import type { Config } from "../config.ts";
import { writeJsonAtomic } from "../fs/atomic_write.ts";
import { sha256File } from "../fs/sha256.ts";
import type { LongWorkOptions } from "../progress.ts";
import type {
  BootFinding,
  BootReport,
  BootVerdict,
  CompatVerdict,
  ExecVerdict,
  TreeBoot,
} from "../../schemas/boot.ts";
import { appendAuditEvent } from "./audit.ts";
import { execEntrypoint, verdictsAgree } from "./exec.ts";
import { emptyRequiredReport } from "./manifest.ts";
import { recordBootFailure, stageBundle } from "./slots.ts";
import { simulateBoot } from "./simulate.ts";
import { bootPaths } from "./_paths.ts";
import { compatOf, failed, notEvaluated, pickVerdict } from "./_verdicts.ts";
import { messageOf, pySessionId } from "./_py.ts";
import { extractForBoot, validateForBoot } from "./_bundle.ts";

/** Options of {@linkcode bootImage}. */
export interface BootImageOptions extends LongWorkOptions {
  /** Also run the bundle's own entrypoint (python3 for `.py`); its verdict must agree. @default {false} */
  exec?: boolean;
  /** Deadline of the `exec` run in milliseconds. @default {30000} */
  execTimeoutMs?: number;
  /** Interpreter for `exec`. @default {"python3"} */
  interpreter?: string;
  /** Put a bundle that boots OK into CANDIDATE. @default {true} */
  stage?: boolean;
  /** Put it straight into ACTIVE (previous ACTIVE → ROLLBACK) instead. @default {false} */
  promote?: boolean;
  /** Keep `<dataDir>/staging/<boot_id>/` (extracted tree, exec scratch) for inspection. @default {false} */
  keepStaging?: boolean;
  /** Clock (artifacts, ids). @default {() => new Date()} */
  now?: () => Date;
}

const STEPS = 5;

/**
 * Boots a bundle file into the data directory.
 *
 * @param config The configuration (`dataDir`, bundle limits).
 * @param bundlePath The bundle (`.zip`).
 * @param options `exec`, staging/promotion, timeouts, clock, progress and cancellation.
 * @returns The boot report: `BOOT_OK`, or `BOOT_FAILED` with `BUNDLE_NOT_FOUND`, `BUNDLE_INVALID`,
 * `GENERATION_UNSUPPORTED`, `NO_ENTRYPOINT`, `CONTROL_PLANE_ERROR`, `ACTIVATION_GATE_FAILED`,
 * `CHAT_CAPTURE_ERROR`, `SUCCESS_SIGNAL_MISSING`, `UNCAUGHT_EXCEPTION` or an `exec` code
 * (`INTERPRETER_MISSING`, `ENTRYPOINT_TIMEOUT`, …); the compat and exec verdicts beside it.
 * @throws {KitError} `LOCKED` when the slots stay locked; `CANCELLED` when aborted.
 *
 * @example Boot a bundle that does not exist
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootImage } from "./boot_image.ts";
 * const dataDir = await Deno.makeTempDir();
 * const report = await bootImage({ dataDir } as never, `${dataDir}/missing.zip`);
 * assert(report.signal === "BOOT_FAILED" && report.code === "BUNDLE_NOT_FOUND");
 * await Deno.remove(dataDir, { recursive: true });
 * ```
 */
export async function bootImage(
  config: Pick<Config, "dataDir" | "bundleLimits">,
  bundlePath: string,
  options: BootImageOptions = {},
): Promise<BootReport> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const paths = bootPaths(config);
  const path = resolve(bundlePath);
  const progress = (done: number, note: string) => options.progress?.(done, STEPS, note);
  const signal = options.signal;

  let sha256: string | undefined;
  let bytes: number | undefined;
  try {
    const stat = await Deno.stat(path);
    if (!stat.isFile) throw new Deno.errors.NotFound(`${path} is not a file`);
    bytes = stat.size;
    sha256 = await sha256File(path, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
  }
  const bootId = `boot_${pySessionId(started)}_${(sha256 ?? "0".repeat(12)).slice(0, 12)}_${
    crypto.randomUUID().slice(0, 6)
  }`;
  const bootDir = join(paths.boots, bootId);
  const stagingDir = join(paths.staging, bootId);
  const base = {
    schema: "metablooms.boot_report/v1" as const,
    boot_id: bootId,
    session_id: pySessionId(started),
    started_utc: started.toISOString(),
    bundle: {
      path,
      name: basename(path),
      ...(sha256 === undefined ? {} : { sha256 }),
      ...(bytes === undefined ? {} : { bytes }),
    },
  };
  const emptyRequired = emptyRequiredReport();

  let report: BootReport;
  try {
    if (sha256 === undefined) {
      const reason = `bundle ${path} not found (or not a readable file)`;
      report = finish(base, now, {
        strict: failed("BUNDLE_NOT_FOUND", reason),
        compat: compatOf(failed("BUNDLE_NOT_FOUND", reason), 10),
        required: emptyRequired,
      });
    } else {
      progress(0, "validate");
      const check = await validateForBoot(path, config, signal);
      const generation = check.generation;
      const withGen = {
        ...base,
        bundle: { ...base.bundle, generation },
      };
      if (!check.ok) {
        const errors = check.findings.filter((f) => f.severity === "error");
        const reason = `the validator refuses the bundle: ${
          errors.slice(0, 3).map((f) => `${f.code}${f.path ? ` (${f.path})` : ""}`).join(", ") ||
          "see findings"
        }${errors.length > 3 ? `, and ${errors.length - 3} more` : ""}`;
        report = finish(withGen, now, {
          strict: failed("BUNDLE_INVALID", reason),
          compat: notEvaluated(
            "not extracted: the kit does not boot a bundle its validator refuses",
          ),
          validation: check.validation,
          required: emptyRequired,
        });
      } else {
        progress(1, "extract");
        const tree = join(stagingDir, "tree");
        await extractForBoot(path, tree, config, signal);
        signal?.throwIfAborted();
        progress(2, "activate");
        let boot: TreeBoot | undefined;
        let strict: BootVerdict;
        let compat: CompatVerdict;
        const findings: BootFinding[] = [];
        if (generation === "A") {
          boot = await simulateBoot(tree, { outDir: bootDir, now, sessionId: base.session_id });
          strict = boot.strict;
          compat = boot.compat;
        } else {
          const label = generation === "unknown"
            ? "a bundle of no known generation"
            : `a Gen-${generation} bundle`;
          strict = failed(
            "GENERATION_UNSUPPORTED",
            `${label}: the kit simulates only the Gen-A runtime; ` +
              (generation === "unknown"
                ? "there is no launcher convention to run either"
                : options.exec
                ? "judged by running its own launcher (exec)"
                : "boot it with exec to run its own launcher"),
          );
          compat = notEvaluated(`the Gen-A boot flow does not apply to ${label}`);
        }
        signal?.throwIfAborted();
        progress(3, "exec");
        let exec: ExecVerdict | undefined;
        if (options.exec && generation !== "unknown") {
          exec = await execEntrypoint(tree, {
            scratchDir: join(stagingDir, "exec"),
            generation,
            ...(options.execTimeoutMs === undefined ? {} : { timeoutMs: options.execTimeoutMs }),
            ...(options.interpreter === undefined ? {} : { interpreter: options.interpreter }),
            ...(signal ? { signal } : {}),
          });
          if (exec.network === "env_only") {
            findings.push({
              code: "EXEC_NETWORK_NOT_ISOLATED",
              severity: "warning",
              message:
                "no network namespace available (unshare -n failed): the entry ran with proxies " +
                "pointed nowhere, but direct connections were not blocked",
            });
          }
          if (boot === undefined) {
            // Gen B/C: the bundle's own launcher is the only judge the kit has.
            strict = exec.ok ? { ...exec, reason: `Gen ${generation}: ${exec.reason}` } : exec;
            compat = {
              ...compatOf(exec, exec.exit_code ?? 1),
              ok: exec.exit_code === 0,
              signal: exec.exit_code === 0 ? "BOOT_OK" : "BOOT_FAILED",
              lines: exec.output_tail.slice(-5),
              reason:
                `the Gen-${generation} launcher's own judgement is its exit status (${exec.exit_code})`,
            };
            if (compat.ok) delete compat.code;
            compat.differs = compat.ok !== strict.ok;
          }
          exec.agrees_with_kit = verdictsAgree(exec, strict);
          exec.agrees_with_compat = compat.evaluated ? verdictsAgree(exec, compat) : undefined;
          if (exec.agrees_with_compat === undefined) delete exec.agrees_with_compat;
        }
        report = finish(withGen, now, {
          strict,
          compat,
          ...(exec ? { exec } : {}),
          validation: check.validation,
          required: boot?.required ?? emptyRequired,
          ...(boot
            ? { subsystems: boot.subsystems, findings: [...boot.findings, ...findings] }
            : { findings }),
          ...(boot?.artifacts ? { artifacts: boot.artifacts } : {}),
        });
      }
    }
  } finally {
    if (!options.keepStaging) await Deno.remove(stagingDir, { recursive: true }).catch(() => {});
  }
  if (options.keepStaging) {
    report.findings.push({
      code: "STAGING_KEPT",
      severity: "info",
      message: `the extracted tree and exec scratch copy are kept in ${stagingDir}`,
    });
  }

  progress(4, "record");
  report.receipt = join(bootDir, "boot_report.json");
  await Deno.mkdir(bootDir, { recursive: true });
  await writeJsonAtomic(report.receipt, report);
  report.audit = await appendAuditEvent(paths.audit, report.ok ? "BOOT_OK" : "BOOT_FAILED", {
    boot_id: report.boot_id,
    bundle: report.bundle.name,
    sha256: report.bundle.sha256 ?? null,
    generation: report.bundle.generation ?? null,
    code: report.code ?? null,
    reason: report.reason,
    compat: report.compat.evaluated ? (report.compat.code ?? "BOOT_OK") : null,
    exec: report.exec ? (report.exec.code ?? "BOOT_OK") : null,
    receipt: report.receipt,
  }, now());
  if (report.ok && options.stage !== false) {
    report.slot = await stageBundle(config, report, { promote: options.promote === true });
  } else {
    report.slot = {
      action: "none",
      note: report.ok ? "not staged (stage: false)" : "boot failed: slots unchanged",
    };
    if (!report.ok) {
      // Best effort: a failed boot is already in its receipt and the audit log.
      await recordBootFailure(config, {
        boot_id: report.boot_id,
        bundle: report.bundle.path,
        ...(report.bundle.sha256 ? { sha256: report.bundle.sha256 } : {}),
        code: report.code ?? "BOOT_FAILED",
        reason: report.reason,
        at_utc: report.finished_utc,
        receipt: report.receipt,
      }).catch((error) => {
        report.findings.push({
          code: "LAST_FAILURE_NOT_RECORDED",
          severity: "warning",
          message: `the slots state could not record this failure: ${messageOf(error)}`,
        });
      });
    }
  }
  await writeJsonAtomic(report.receipt, report);
  progress(5, "done");
  return report;
}

interface Parts {
  strict: BootVerdict;
  compat: CompatVerdict;
  exec?: ExecVerdict;
  validation?: BootReport["validation"];
  required: BootReport["required"];
  subsystems?: BootReport["subsystems"];
  findings?: BootFinding[];
  artifacts?: BootReport["artifacts"];
}

function finish(
  base: Pick<BootReport, "schema" | "boot_id" | "session_id" | "started_utc" | "bundle">,
  now: () => Date,
  parts: Parts,
): BootReport {
  // Fail closed: with exec, both the kit and the bundle's own entry must say BOOT_OK.
  const final: BootVerdict = !parts.strict.ok || !parts.exec || parts.exec.ok ? parts.strict : {
    ...parts.exec,
    reason:
      `the kit's simulation passed, but the bundle's own entrypoint failed: ${parts.exec.reason}`,
  };
  return {
    ...base,
    finished_utc: now().toISOString(),
    ok: final.ok,
    signal: final.signal,
    ...(final.code === undefined ? {} : { code: final.code }),
    reason: final.reason,
    lines: final.lines,
    strict: pickVerdict(parts.strict),
    compat: parts.compat,
    ...(parts.exec ? { exec: parts.exec } : {}),
    ...(parts.validation ? { validation: parts.validation } : {}),
    subsystems: parts.subsystems ?? [],
    required: parts.required,
    findings: parts.findings ?? [],
    ...(parts.artifacts ? { artifacts: parts.artifacts } : {}),
    slot: { action: "none", note: "not yet recorded" },
  };
}
