/**
 * `llm_status` (`metablooms doctor`): the health of the Ollama endpoint used
 * for inference.
 *
 * @module
 */
import { diagnoseLlm } from "../lib/llm/doctor.ts";
import { type DoctorReport, DoctorReportSchema } from "../schemas/llm_doctor.ts";
import { type LlmStatusInput, LlmStatusInputSchema } from "../schemas/llm_input.ts";
import type { Operation } from "./operation.ts";

/** `llm_status`. */
export const llmStatusOp: Operation<LlmStatusInput, DoctorReport> = {
  name: "llm_status",
  title: "LLM endpoint status",
  description:
    "Checks the local Ollama endpoint used for inference: reachable and version, models installed and loaded (with VRAM), whether the configured default, embedding and persona models are installed (with the `ollama pull` command that fixes a missing one), and a 1-token round-trip time. `ok` says whether inference can work.",
  input: LlmStatusInputSchema,
  output: DoctorReportSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  run: (input, ctx) =>
    diagnoseLlm(ctx.config, {
      roundTrip: input.round_trip ?? true,
      signal: ctx.signal,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    }),
  render: renderDoctorReport,
  exitCode: (report) => (report.ok ? 0 : 1),
  mcp: {},
  cli: {
    name: "doctor",
    script: "doctor.ts",
    summary: "Check the Ollama endpoint: reachable, models installed and loaded, round trip",
    usage: "[--skip-round-trip]",
    description:
      "Asks the Ollama endpoint (config ollama.host, env OLLAMA_HOST) for its version, installed " +
      "models (/api/tags) and loaded models with their VRAM (/api/ps); checks that the default, " +
      "embedding and persona models of the configuration are installed, naming the `ollama pull` " +
      "that fixes a missing one; times a 1-token generate on the default model.",
    flags: {
      round_trip: {
        flag: "skip-round-trip",
        negate: true,
        description: "Do not run the 1-token generate (no model load)",
      },
    },
    exitCodes: {
      0: "inference can work",
      1: "inference cannot work: Ollama unreachable, default model missing, or round trip failed",
      2: "usage error, or the configuration is invalid",
    },
  },
};

/**
 * The human rendering of a doctor report: a one-line verdict, the model tables, the problems.
 *
 * @param report The report.
 * @returns Multi-line text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderDoctorReport } from "./llm_status.ts";
 * const text = renderDoctorReport({
 *   host: "http://127.0.0.1:11434", reachable: false, version: null, ok: false,
 *   installed: [], loaded: [], configured: [], round_trip: null,
 *   problems: [{ severity: "error", code: "LLM_UNREACHABLE", message: "no answer", fix: "ollama serve" }],
 * });
 * assert(text.startsWith("Ollama at http://127.0.0.1:11434 is not reachable: no answer"));
 * assert(text.endsWith("Verdict: inference cannot work."));
 * ```
 */
export function renderDoctorReport(report: DoctorReport): string {
  const out: string[] = [headline(report)];
  if (report.reachable) {
    out.push("", `Installed models (${report.installed.length}):`);
    out.push(...table(
      ["NAME", "SIZE", "PARAMS", "QUANT", "FAMILY"],
      report.installed.map((m) => [
        m.name,
        bytes(m.size_bytes),
        m.parameter_size ?? "-",
        m.quantization ?? "-",
        m.family ?? "-",
      ]),
    ));
    out.push("", `Loaded models (${report.loaded.length}):`);
    out.push(...table(
      ["NAME", "SIZE", "VRAM", "ON GPU", "UNTIL"],
      report.loaded.map((m) => [
        m.name,
        bytes(m.size_bytes),
        bytes(m.vram_bytes),
        m.size_bytes > 0 ? `${Math.round((m.vram_bytes / m.size_bytes) * 100)}%` : "-",
        m.expires_at ?? "-",
      ]),
    ));
  }
  out.push("", "Configured models:");
  out.push(...table(
    ["USE", "PERSONA", "MODEL", "STATUS"],
    report.configured.map((c) => [
      c.use,
      c.persona ?? "-",
      c.model,
      c.present === null ? "unknown" : c.present ? "installed" : `MISSING: ${c.fix}`,
    ]),
  ));
  if (report.round_trip) {
    const r = report.round_trip;
    out.push(
      "",
      r.ok
        ? `Round trip: 1 token from ${r.model} in ${r.ms} ms`
        : `Round trip: ${r.model} failed after ${r.ms} ms (${r.error?.code})`,
    );
  }
  if (report.problems.length) {
    out.push("", "Problems:");
    for (const p of report.problems) {
      out.push(`  ${p.severity}: ${p.code}: ${p.message}${p.fix ? `\n    fix: ${p.fix}` : ""}`);
    }
  }
  out.push("", report.ok ? "Verdict: inference can work." : "Verdict: inference cannot work.");
  return out.join("\n");
}

function headline(report: DoctorReport): string {
  if (!report.reachable) {
    return `Ollama at ${report.host} is not reachable: ${
      report.problems[0]?.message ?? "no answer"
    }`;
  }
  const trip = report.round_trip
    ? report.round_trip.ok
      ? `, 1-token round trip ${report.round_trip.ms} ms`
      : ", round trip failed"
    : "";
  return `Ollama ${report.version} at ${report.host}: inference ${
    report.ok ? "can" : "CANNOT"
  } work; ${report.installed.length} model(s) installed, ${report.loaded.length} loaded${trip}.`;
}

function table(head: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ["  (none)"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  return [line(head), ...rows.map(line)];
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
