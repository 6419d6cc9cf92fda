/**
 * Pieces the launch judges share (private): verdict builders, the crash
 * reading every generation needs, and JSON found in a program's output.
 *
 * @module
 */
import { parseJsonPrefix, toPlain } from "../../json/json_tree.ts";
import { isObject } from "../generation.ts";
import type { StepJudgement, StepOutput } from "./profile.ts";

/** A success. */
export function passed(reason: string, exitCodeMisleading = false): StepJudgement {
  return { ok: true, reason, ...(exitCodeMisleading ? { exit_code_misleading: true } : {}) };
}

/** A failure with a code. */
export function failedWith(
  code: string,
  reason: string,
  exitCodeMisleading = false,
): StepJudgement {
  return { ok: false, code, reason, ...(exitCodeMisleading ? { exit_code_misleading: true } : {}) };
}

/** The last line of a traceback (`FileNotFoundError: …`), when the output holds one. */
export function tracebackError(output: StepOutput): string | undefined {
  const at = output.lines.findLastIndex((l) => l.startsWith("Traceback (most recent call last)"));
  if (at < 0) return undefined;
  const rest = output.lines.slice(at + 1).filter((l) => l.trim() && !l.startsWith(" "));
  return rest[0] ?? output.lines.at(-1) ?? "";
}

/** A crash or a non-zero exit, read the same way for every generation; undefined when neither. */
export function crashed(output: StepOutput): StepJudgement | undefined {
  const error = tracebackError(output);
  if (error !== undefined) {
    return failedWith(
      "UNCAUGHT_EXCEPTION",
      `the program crashed (exit ${output.exit_code ?? "-"}): ${error}`,
    );
  }
  if (output.exit_code !== 0) {
    return failedWith("ENTRYPOINT_EXIT_NONZERO", `the program exited ${output.exit_code}`);
  }
  return undefined;
}

/**
 * The last JSON object in the output that satisfies `accept`: a one-line
 * object, or a pretty-printed one starting on a line of its own.
 */
export function jsonInOutput(
  output: StepOutput,
  accept: (value: Record<string, unknown>) => boolean,
): Record<string, unknown> | undefined {
  for (let i = output.lines.length - 1; i >= 0; i--) {
    const line = output.lines[i]!;
    const at = line.indexOf("{");
    if (at < 0) continue;
    try {
      const text = [line.slice(at), ...output.lines.slice(i + 1)].join("\n");
      const value = toPlain(parseJsonPrefix(text).node);
      if (isObject(value) && accept(value)) return value;
    } catch { /* not JSON from here */ }
  }
  return undefined;
}

/** Quotes a line for a reason. */
export function quote(line: string | undefined): string {
  return JSON.stringify((line ?? "").trim().slice(0, 200));
}
