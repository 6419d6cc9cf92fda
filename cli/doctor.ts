/**
 * `metablooms doctor`: can inference work on the configured Ollama endpoint?
 * Prints the endpoint, version, installed and loaded models (with VRAM), the
 * configured default / embedding / persona models with the `ollama pull` that
 * fixes a missing one, and a 1-token round-trip time.
 *
 * @example Check the endpoint named by OLLAMA_HOST
 * ```sh
 * OLLAMA_HOST=127.0.0.1:11434 deno run -A jsr:@metablooms/kit/metablooms doctor
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { diagnoseLlm } from "../lib/llm/doctor.ts";
import type { DoctorReport } from "../schemas/llm_doctor.ts";

/** `metablooms doctor`. */
export const command: Command<DoctorReport> = {
  name: "doctor",
  script: "doctor.ts",
  summary: "Check the Ollama endpoint: reachable, models installed and loaded, round trip",
  usage: "[--skip-round-trip]",
  description:
    "Asks the Ollama endpoint (config ollama.host, env OLLAMA_HOST) for its version, installed " +
    "models (/api/tags) and loaded models with their VRAM (/api/ps); checks that the default, " +
    "embedding and persona models of the configuration are installed, naming the `ollama pull` " +
    "that fixes a missing one; times a 1-token generate on the default model.",
  options: {
    "skip-round-trip": {
      type: "boolean",
      description: "Do not run the 1-token generate (no model load)",
    },
  },
  exitCodes: {
    0: "inference can work",
    1: "inference cannot work: Ollama unreachable, default model missing, or round trip failed",
    2: "usage error, or the configuration is invalid",
  },
  async run(ctx) {
    return await diagnoseLlm(ctx.config, {
      roundTrip: ctx.values["skip-round-trip"] !== true,
      signal: ctx.signal,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: renderDoctorReport,
  exitCode: (report) => (report.ok ? 0 : 1),
};

/**
 * The human rendering of a doctor report: a few tables and a verdict.
 *
 * @param report The report.
 * @returns Multi-line text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderDoctorReport } from "./doctor.ts";
 * const text = renderDoctorReport({
 *   host: "http://127.0.0.1:11434", reachable: false, version: null, ok: false,
 *   installed: [], loaded: [], configured: [], round_trip: null,
 *   problems: [{ severity: "error", code: "LLM_UNREACHABLE", message: "no answer", fix: "ollama serve" }],
 * });
 * assert(text.includes("cannot work"));
 * ```
 */
export function renderDoctorReport(report: DoctorReport): string {
  const out: string[] = [];
  out.push(
    `Ollama at ${report.host}: ${
      report.reachable ? `reachable, version ${report.version}` : "NOT reachable"
    }`,
  );
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

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
