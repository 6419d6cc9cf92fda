/**
 * `bootImage`: the whole boot of a bundle file, in named steps — identify
 * (hash), validate, extract into staging, boot the tree (the kit's simulation
 * where it has a model, and the bundle's own runtime whenever python3 is
 * present), judge, record (receipt, audit event, slots).
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import type { Config } from "../config.ts";
import { sha256File } from "../fs/sha256.ts";
import type { LongWorkOptions } from "../progress.ts";
import type { BootReport, BootVerdict, CompatVerdict } from "../../schemas/boot.ts";
import { emptyRequiredReport } from "./manifest.ts";
import { bootPaths } from "./_paths.ts";
import { compatOf, failed, notEvaluated, pickVerdict } from "./_verdicts.ts";
import { pySessionId } from "./_py.ts";
import { type BundleCheck, extractForBoot, validateForBoot } from "./_bundle.ts";
import { bootTree, type TreeOutcome } from "./_boot_tree.ts";
import { recordBoot } from "./_boot_record.ts";

/** Options of {@linkcode bootImage}. */
export interface BootImageOptions extends LongWorkOptions {
  /**
   * Run the bundle's own launcher: `auto` whenever python3 is present (else the report says
   * plainly that the runtime could not be run), `true` always (a missing interpreter fails the
   * boot), `false` never (the kit's simulation alone, Gen A only). @default {"auto"}
   */
  exec?: boolean | "auto";
  /** Deadline of each launch step in milliseconds. @default {30000} */
  execTimeoutMs?: number;
  /** Interpreter of the launch. @default {"python3"} */
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

type Base = Pick<BootReport, "schema" | "boot_id" | "session_id" | "started_utc" | "bundle">;

/**
 * Boots a bundle file into the data directory.
 *
 * @param config The configuration (`dataDir`, bundle limits).
 * @param bundlePath The bundle (`.zip`).
 * @param options Runtime mode, staging/promotion, timeouts, clock, progress and cancellation.
 * @returns The boot report: `BOOT_OK`, or `BOOT_FAILED` with `BUNDLE_NOT_FOUND`, `BUNDLE_INVALID`,
 * `NO_ENTRYPOINT`, `CONTROL_PLANE_ERROR`, `ACTIVATION_GATE_FAILED`, `CHAT_CAPTURE_ERROR`,
 * `SUCCESS_SIGNAL_MISSING`, `UNCAUGHT_EXCEPTION`, `RUNTIME_NOT_RUN`, or the code the bundle's own
 * runtime gives (`VALIDATION_GATES_FAILED`, `INTEGRATION_CHECKS_FAILED`, `OS_KERNEL_BLOCKED`, …);
 * the compat verdict (the runtime's) and the run beside it.
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

  const file = await identifyBundle(path, options.signal);
  const base = reportBase(path, file, started);
  const stagingDir = join(paths.staging, base.boot_id);
  let report: BootReport;
  try {
    report = file === undefined
      ? finish(base, now, {
        strict: failed("BUNDLE_NOT_FOUND", `bundle ${path} not found (or not a readable file)`),
        compat: compatOf(failed("BUNDLE_NOT_FOUND", `bundle ${path} not found`), 10),
      })
      : await bootFile(config, base, stagingDir, join(paths.boots, base.boot_id), {
        ...options,
        now,
        step: progress,
      });
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
  await recordBoot(config, paths, report, {
    stage: options.stage !== false,
    promote: options.promote === true,
    now,
  });
  progress(5, "done");
  return report;
}

/** Step "identify": size and SHA-256 of the file, undefined when it is not a readable file. */
async function identifyBundle(
  path: string,
  signal: AbortSignal | undefined,
): Promise<{ sha256: string; bytes: number } | undefined> {
  try {
    const stat = await Deno.stat(path);
    if (!stat.isFile) return undefined;
    return { sha256: await sha256File(path, signal), bytes: stat.size };
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}

function reportBase(
  path: string,
  file: { sha256: string; bytes: number } | undefined,
  started: Date,
): Base {
  const sessionId = pySessionId(started);
  return {
    schema: "metablooms.boot_report/v1",
    boot_id: `boot_${sessionId}_${(file?.sha256 ?? "0".repeat(12)).slice(0, 12)}_${
      crypto.randomUUID().slice(0, 6)
    }`,
    session_id: sessionId,
    started_utc: started.toISOString(),
    bundle: { path, name: basename(path), ...(file ?? {}) },
  };
}

/** Steps "validate", "extract", "boot the tree" and "judge" for a file that exists. */
async function bootFile(
  config: Pick<Config, "dataDir" | "bundleLimits">,
  base: Base,
  stagingDir: string,
  bootDir: string,
  options: BootImageOptions & { now: () => Date; step: (done: number, note: string) => void },
): Promise<BootReport> {
  const { signal, now, step: progress } = options;
  progress(0, "validate");
  const check = await validateForBoot(base.bundle.path, config, signal);
  const withGen: Base = {
    ...base,
    bundle: {
      ...base.bundle,
      generation: check.generation,
      kind: check.kind,
      ...(check.root ? { root: check.root.replace(/\/$/, "") } : {}),
    },
  };
  if (!check.extractable) {
    return finish(withGen, now, {
      strict: failed("BUNDLE_INVALID", refusal(check)),
      compat: {
        ...notEvaluated(
          "not extracted: the kit does not unpack a zip that is hostile or not an OS bundle",
        ),
        source: "none",
      },
      validation: check.validation,
      runtime: { status: "not_run", code: "NOT_EXTRACTED", reason: refusal(check) },
    });
  }
  progress(1, "extract");
  const tree = join(stagingDir, "tree");
  await extractForBoot(base.bundle.path, tree, config, signal);
  signal?.throwIfAborted();
  progress(2, "boot");
  const outcome = await bootTree(tree, {
    mode: options.exec ?? "auto",
    generation: check.generation,
    root: check.root,
    scratchDir: join(stagingDir, "exec"),
    outDir: check.ok ? bootDir : undefined,
    now,
    sessionId: base.session_id,
    interpreter: options.interpreter,
    timeoutMs: options.execTimeoutMs,
    signal,
  });
  signal?.throwIfAborted();
  progress(3, "judge");
  outcome.findings.push(...await placementFindings(check, outcome));
  const refused = check.ok ? undefined : failed("BUNDLE_INVALID", refusal(check));
  return finish(withGen, now, {
    strict: refused ?? outcome.strict,
    compat: refused
      ? { ...outcome.compat, differs: outcome.compat.evaluated && outcome.compat.ok }
      : outcome.compat,
    final: refused ?? outcome.final,
    validation: check.validation,
    outcome,
  });
}

/** Where the tree runs: pinned to an absolute root, or shadowed by an install on this host. */
async function placementFindings(
  check: BundleCheck,
  outcome: TreeOutcome,
): Promise<BootReport["findings"]> {
  const out: BootReport["findings"] = [];
  const pinned = check.findings.find((f) => f.code === "NON_RELOCATABLE");
  if (pinned) {
    const c = outcome.compat;
    out.push({
      code: "NON_RELOCATABLE",
      severity: "warning",
      message: `${pinned.message}; run as shipped, from the scratch copy: ${
        c.evaluated ? (c.ok ? "BOOT_OK" : `BOOT_FAILED: ${c.code}: ${c.reason}`) : "not run"
      }`,
      ...(pinned.path ? { path: pinned.path } : {}),
    });
  }
  if (check.generation === "D") {
    const shadow = "/mnt/data/MetaBlooms_OS/engines";
    const exists = await Deno.stat(shadow).then((s) => s.isDirectory, () => false);
    if (exists) {
      out.push({
        code: "HOST_INSTALL_SHADOWS",
        severity: "warning",
        message:
          `${shadow} exists on this host: the Gen-D boot.py runs that install, not this bundle`,
      });
    }
  }
  return out;
}

function refusal(check: BundleCheck): string {
  const errors = check.findings.filter((f) => f.severity === "error");
  return `the validator refuses the bundle: ${
    errors.slice(0, 3).map((f) => `${f.code}${f.path ? ` (${f.path})` : ""}`).join(", ") ||
    "see findings"
  }${errors.length > 3 ? `, and ${errors.length - 3} more` : ""}`;
}

interface Parts {
  strict: BootVerdict;
  compat: CompatVerdict;
  final?: BootVerdict;
  validation?: BootReport["validation"];
  runtime?: BootReport["runtime"];
  outcome?: TreeOutcome;
}

function finish(base: Base, now: () => Date, parts: Parts): BootReport {
  const final = parts.final ?? parts.strict;
  const o = parts.outcome;
  const runtime = o?.runtime ?? parts.runtime;
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
    ...(o?.exec ? { exec: o.exec } : {}),
    ...(runtime ? { runtime } : {}),
    ...(parts.validation ? { validation: parts.validation } : {}),
    subsystems: o?.subsystems ?? [],
    required: o?.required ?? emptyRequiredReport(),
    findings: o?.findings ?? [],
    ...(o?.artifacts && final.ok ? { artifacts: o.artifacts } : {}),
    slot: { action: "none", note: "not yet recorded" },
  };
}
