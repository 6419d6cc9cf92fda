/**
 * The boot of an extracted tree without running Python: the launcher's entry
 * resolution and signal check (boot.md §2) and the runtime's control plane,
 * activation, gate and receipts (§3), judged twice — the kit's fail-closed way
 * and the original's way (compat verdict, with the failures it masks).
 *
 * @module
 */
import { resolve } from "node:path";
import type {
  BootFinding,
  BootVerdict,
  CompatVerdict,
  MaskedFailure,
  SubsystemRow,
  TreeBoot,
} from "../../schemas/boot.ts";
import { activateSubsystems, type ActivationOutcome } from "./activate.ts";
import { ChatCaptureError, successLines, writeBootArtifacts } from "./artifacts.ts";
import { checkBootContract, readBootManifest, readRequiredLists } from "./manifest.ts";
import { isFile, messageOf, pySessionId, pyStrList, readTextPy } from "./_py.ts";
import { REQUIRED_SUBSYSTEMS, SUBSYSTEMS } from "./subsystems.ts";
import { compatCrash, compatFail, differs, failed, notEvaluated } from "./_verdicts.ts";

/** Options of {@linkcode simulateBoot}. */
export interface SimulateBootOptions {
  /**
   * Folder for everything the boot writes (`ledgers/chat_health.ndjson`, and on
   * success `control_plane/state_hub/*`); without it nothing is written.
   */
  outDir?: string;
  /** Clock. @default {() => new Date()} */
  now?: () => Date;
  /** Session id of the artifacts, so they match the caller's report. @default {the clock's second, `YYYYMMDDTHHMMSSZ`} */
  sessionId?: string;
}

const CANONICAL_ENTRY = "RUN_METABLOOMS.py";
const ALLOWLIST = ["RUN_METABLOOMS.py", "MetaBlooms.py"];

/**
 * Boots an extracted Gen-A tree in simulation.
 *
 * @param root The bundle root.
 * @param options Output folder and clock.
 * @returns Both verdicts, the subsystem table, required lists, findings, and artifacts when written.
 *
 * @example A tree without a boot state fails with CONTROL_PLANE_ERROR
 * ```ts
 * import assert from "node:assert/strict";
 * import { simulateBoot } from "./simulate.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/boot_manifest.json`, '{"entrypoint": "RUN_METABLOOMS.py", "success_signal": "BOOT_OK"}');
 * await Deno.writeTextFile(`${root}/RUN_METABLOOMS.py`, "");
 * const boot = await simulateBoot(root);
 * assert(boot.strict.code === "CONTROL_PLANE_ERROR" && boot.compat.code === "CONTROL_PLANE_ERROR");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function simulateBoot(
  root: string,
  options: SimulateBootOptions = {},
): Promise<TreeBoot> {
  const base = resolve(root);
  const now = options.now ?? (() => new Date());
  const sessionId = options.sessionId ?? pySessionId(now());
  const findings: BootFinding[] = [];
  const { report: required, findings: listFindings } = await readRequiredLists(base);
  const done = (
    strict: BootVerdict,
    compat: CompatVerdict,
    subsystems: SubsystemRow[] = [],
    extra: Partial<TreeBoot> = {},
  ): TreeBoot => ({
    session_id: sessionId,
    success_signal: "BOOT_OK",
    ...extra,
    strict,
    compat: { ...compat, differs: compat.evaluated && differs(strict, compat) },
    subsystems,
    required,
    findings: [...findings, ...listFindings],
  });

  // Launcher: manifest and entry.
  const manifest = await readBootManifest(base);
  if (manifest.state === "invalid") {
    const reason = `${manifest.error}; the original launcher crashes with a traceback`;
    return done(failed("UNCAUGHT_EXCEPTION", reason), compatCrash(reason, 1));
  }
  if (manifest.state === "missing") {
    findings.push({
      code: "BOOT_MANIFEST_MISSING",
      severity: "error",
      message: "boot_manifest.json is missing: no declared entrypoint or success signal",
      path: "boot_manifest.json",
    });
  }
  const declared = manifest.value.entrypoint;
  const signal = manifest.value.success_signal ?? "BOOT_OK";
  if (typeof signal !== "string" || (declared !== undefined && typeof declared !== "string")) {
    const reason = "boot_manifest.json entrypoint/success_signal is not a string; " +
      "the original launcher crashes with a traceback";
    return done(failed("UNCAUGHT_EXCEPTION", reason), compatCrash(reason, 1));
  }
  const compatEntry = declared && (await isFile(resolve(base, declared)))
    ? declared
    : await firstFile(base, ALLOWLIST);
  const strictEntryProblem = await strictEntry(base, declared);
  const extra = {
    success_signal: signal,
    ...(strictEntryProblem === undefined ? { entry: declared } : {}),
  };
  const printed = successLines(sessionId);
  findings.push(...await checkBootContract(base, declared, printed));

  let compat: CompatVerdict | undefined;
  if (compatEntry === undefined) {
    compat = compatFail(
      "NO_ENTRYPOINT",
      "no entrypoint: neither the declared one nor RUN_METABLOOMS.py/MetaBlooms.py exists",
      11,
      [],
      false,
    );
  } else if (compatEntry !== CANONICAL_ENTRY) {
    compat = notEvaluated(
      `the original would run ${compatEntry}, which the kit cannot simulate (use exec)`,
    );
  }
  const launcherMasks: MaskedFailure[] = [];
  if (strictEntryProblem !== undefined && compatEntry === CANONICAL_ENTRY) {
    launcherMasks.push({
      subsystem: "LAUNCHER",
      error: "NO_ENTRYPOINT",
      how: `the launcher falls back to ${CANONICAL_ENTRY} from its allowlist`,
    });
  }
  const strictEntryVerdict = strictEntryProblem === undefined
    ? undefined
    : failed("NO_ENTRYPOINT", strictEntryProblem);
  if (strictEntryVerdict && compat) return done(strictEntryVerdict, compat, [], extra);

  // Runtime, step 1: the control plane.
  const bootState = await readBootState(base);
  if ("error" in bootState) {
    const code = "CONTROL_PLANE_ERROR";
    const strict = strictEntryVerdict ?? failed(code, bootState.error);
    compat ??= compatFail(code, bootState.error, 1, [bootState.error], true, launcherMasks);
    return done(strict, compat, [], extra);
  }

  // Steps 2–3: activation and the gate.
  const outcome = await activateSubsystems(base, {
    now,
    ...(options.outDir === undefined ? {} : { outDir: options.outDir }),
  });
  const rows = subsystemRows(base, outcome);
  const masked = [...launcherMasks, ...maskedFailures(outcome)];

  if (compat === undefined) {
    if (outcome.crash) {
      const reason =
        `uncaught exception in ${CANONICAL_ENTRY} while activating ${outcome.crash.subsystem} ` +
        `(${outcome.crash.file}: ${outcome.crash.message}); the entry prints a traceback and no BOOT_FAILED line`;
      compat = { ...compatCrash(reason, 1, true), masked };
    } else {
      const notActive = required.compat_enforced.filter((n) =>
        outcome.compat[n]?.status !== "ACTIVE"
      );
      if (notActive.length > 0) {
        const detail = `REQUIRED_SUBSYSTEMS_NOT_ACTIVE: ${pyStrList(notActive)}`;
        compat = compatFail("ACTIVATION_GATE_FAILED", detail, 1, [detail], true, masked);
      } else if (!printed.join("\n").includes(signal)) {
        compat = compatFail(
          "SUCCESS_SIGNAL_MISSING",
          `the success signal ${JSON.stringify(signal)} is not in the entry's output`,
          13,
          [],
          false,
          masked,
        );
      } else {
        compat = {
          ok: true,
          signal: "BOOT_OK",
          reason: masked.length
            ? `the original boots it, masking ${
              masked.map((m) => `${m.subsystem} ${m.error}`).join(", ")
            }`
            : "the original boots it",
          lines: printed,
          evaluated: true,
          exit_code: 0,
          masked,
          differs: false,
        };
      }
    }
  }
  if (strictEntryVerdict) return done(strictEntryVerdict, compat, rows, extra);

  if (outcome.crash) {
    const reason =
      `${outcome.crash.subsystem}: cannot use ${outcome.crash.file}: ${outcome.crash.message}`;
    return done(failed("UNCAUGHT_EXCEPTION", reason), compat, rows, extra);
  }
  const notActive = REQUIRED_SUBSYSTEMS.filter((n) => outcome.strict[n]?.status !== "ACTIVE");
  if (notActive.length > 0) {
    const detail = `REQUIRED_SUBSYSTEMS_NOT_ACTIVE: ${pyStrList(notActive)}`;
    const why = notActive.map((n) => {
      const row = rows.find((r) => r.name === n);
      return `${n} ${row?.error ?? "not active"}${row?.file ? ` (${row.file})` : ""}`;
    }).join("; ");
    return done(
      {
        ...failed("ACTIVATION_GATE_FAILED", detail),
        reason: `required subsystems not active: ${why}`,
      },
      compat,
      rows,
      extra,
    );
  }
  if (!printed.includes(signal)) {
    const reason = `the success signal ${
      JSON.stringify(signal)
    } of boot_manifest.json is never printed as a whole line`;
    return done(failed("SUCCESS_SIGNAL_MISSING", reason), compat, rows, extra);
  }

  // Steps 4–7: receipts, then BOOT_OK.
  let artifacts: TreeBoot["artifacts"];
  if (options.outDir !== undefined) {
    try {
      const written = await writeBootArtifacts(options.outDir, {
        sessionId,
        records: outcome.strict,
        bootStateKeys: bootState.keys,
        now,
      });
      artifacts = {
        dir: options.outDir,
        ...written,
        ...(outcome.chatHealthLedger ? { chat_health: outcome.chatHealthLedger } : {}),
      };
    } catch (error) {
      const code = error instanceof ChatCaptureError ? "CHAT_CAPTURE_ERROR" : "UNCAUGHT_EXCEPTION";
      return done(failed(code, messageOf(error)), compat, rows, extra);
    }
  }
  const strict: BootVerdict = {
    ok: true,
    signal: "BOOT_OK",
    reason: `all ${REQUIRED_SUBSYSTEMS.length} required subsystems ACTIVE` +
      (options.outDir === undefined
        ? " (receipts not written: simulation only)"
        : "; receipts written"),
    lines: printed,
  };
  return done(strict, compat, rows, { ...extra, ...(artifacts ? { artifacts } : {}) });
}

async function firstFile(base: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) if (await isFile(resolve(base, name))) return name;
  return undefined;
}

/** The kit's entry rule (BC-1.0): the manifest names RUN_METABLOOMS.py and it exists; no guessing. */
async function strictEntry(base: string, declared: unknown): Promise<string | undefined> {
  if (declared === undefined || declared === "") {
    return "boot_manifest.json declares no entrypoint (the kit does not guess one)";
  }
  if (declared !== CANONICAL_ENTRY) {
    return `boot_manifest.json declares entrypoint ${
      JSON.stringify(declared)
    }; the boot contract ` +
      `(BC-1.0) allows only ${CANONICAL_ENTRY}, the runtime the kit simulates (use exec to run it)`;
  }
  if (!(await isFile(resolve(base, CANONICAL_ENTRY)))) {
    return `the declared entrypoint ${CANONICAL_ENTRY} does not exist`;
  }
  return undefined;
}

async function readBootState(base: string): Promise<{ keys: string[] } | { error: string }> {
  const rel = "control_plane/BOOT_STATE.json";
  let text: string;
  try {
    text = await readTextPy(resolve(base, rel));
  } catch (error) {
    return {
      error: error instanceof Deno.errors.NotFound
        ? `cannot read ${rel}: no such file`
        : `cannot read ${rel}: ${messageOf(error)}`,
    };
  }
  try {
    const value = JSON.parse(text);
    return {
      keys: typeof value === "object" && value !== null && !Array.isArray(value)
        ? Object.keys(value).sort()
        : [],
    };
  } catch (error) {
    return { error: `${rel} is not valid JSON: ${messageOf(error)}` };
  }
}

function subsystemRows(base: string, outcome: ActivationOutcome): SubsystemRow[] {
  const rel = (p: unknown) =>
    typeof p === "string" && p.startsWith(base + "/") ? p.slice(base.length + 1) : undefined;
  return SUBSYSTEMS.map((spec) => {
    const strict = outcome.strict[spec.name]!;
    const compat = outcome.compat[spec.name];
    const error = typeof strict.detail.error === "string" ? strict.detail.error : undefined;
    const file = rel(strict.detail.file) ?? rel(strict.detail.path) ??
      (spec.name === "SHOPPING_MODE_CONTROLLER" ? spec.anchors[0] : undefined);
    return {
      name: spec.name,
      order: spec.order,
      required: REQUIRED_SUBSYSTEMS.includes(spec.name),
      status: strict.status,
      compat_status: compat?.status ?? "NOT_REACHED",
      ...(error === undefined ? {} : { error }),
      ...(file === undefined ? {} : { file }),
      masked: strict.status === "ERROR" && compat?.status === "ACTIVE",
      detail: strict.detail,
    };
  });
}

const MASK_HOW: Record<string, string> = {
  CHM: "chm_activation sets CHM ACTIVE after its contract check failed",
  HEURISTIC_MATRIX: "the v1.1 delta's record replaces the matrix's ERROR",
  SHOPPING_MODE_CONTROLLER:
    "boot_activator sets SHOPPING_MODE_CONTROLLER ACTIVE after its tests failed (detail.ok false)",
};

function maskedFailures(outcome: ActivationOutcome): MaskedFailure[] {
  return SUBSYSTEMS.flatMap((spec) => {
    const strict = outcome.strict[spec.name];
    if (strict?.status !== "ERROR" || outcome.compat[spec.name]?.status !== "ACTIVE") return [];
    return [{
      subsystem: spec.name,
      error: String(strict.detail.error ?? "ERROR"),
      how: MASK_HOW[spec.name] ?? "a later record replaces the ERROR (last write wins)",
    }];
  });
}
