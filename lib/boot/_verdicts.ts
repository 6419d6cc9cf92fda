/**
 * Builders of boot verdicts shared by the simulation and `bootImage`.
 *
 * @module
 */
import type { BootVerdict, CompatVerdict, MaskedFailure } from "../../schemas/boot.ts";

/** A kit failure: `BOOT_FAILED: CODE` and the detail line. */
export function failed(code: string, detail: string): BootVerdict {
  return {
    ok: false,
    signal: "BOOT_FAILED",
    code,
    reason: detail,
    lines: [`BOOT_FAILED: ${code}`, detail],
  };
}

/** A failure the original reports; `fromEntry` adds the launcher's ENTRYPOINT_EXIT_NONZERO line. */
export function compatFail(
  code: string,
  reason: string,
  exitCode: number,
  detailLines: string[],
  fromEntry: boolean,
  masked: MaskedFailure[] = [],
): CompatVerdict {
  return {
    ok: false,
    signal: "BOOT_FAILED",
    code,
    reason,
    lines: [
      `BOOT_FAILED: ${code}`,
      ...detailLines,
      ...(fromEntry ? ["BOOT_FAILED: ENTRYPOINT_EXIT_NONZERO"] : []),
    ],
    evaluated: true,
    exit_code: exitCode,
    masked,
    differs: false,
  };
}

/** The original crashes: a traceback; the launcher adds ENTRYPOINT_EXIT_NONZERO when it was the entry. */
export function compatCrash(reason: string, exitCode: number, inEntry = false): CompatVerdict {
  return {
    ok: false,
    signal: "BOOT_FAILED",
    code: inEntry ? "ENTRYPOINT_EXIT_NONZERO" : "UNCAUGHT_EXCEPTION",
    reason,
    lines: [
      "Traceback (most recent call last): …",
      ...(inEntry ? ["BOOT_FAILED: ENTRYPOINT_EXIT_NONZERO"] : []),
    ],
    evaluated: true,
    exit_code: exitCode,
    masked: [],
    differs: false,
  };
}

/** A compat verdict the kit could not work out. */
export function notEvaluated(reason: string): CompatVerdict {
  return {
    ok: false,
    signal: "BOOT_FAILED",
    reason,
    lines: [],
    evaluated: false,
    masked: [],
    differs: false,
  };
}

/** Whether two verdicts differ (ok, or the code when both fail). */
export function differs(strict: BootVerdict, compat: CompatVerdict): boolean {
  return strict.ok !== compat.ok || (!strict.ok && strict.code !== compat.code);
}

/** The five verdict fields of any verdict-like object. */
export function pickVerdict(v: BootVerdict): BootVerdict {
  return {
    ok: v.ok,
    signal: v.signal,
    ...(v.code === undefined ? {} : { code: v.code }),
    reason: v.reason,
    lines: v.lines,
  };
}

/** A compat verdict copied from another verdict. */
export function compatOf(v: BootVerdict, exitCode: number): CompatVerdict {
  return { ...pickVerdict(v), evaluated: true, exit_code: exitCode, masked: [], differs: false };
}
