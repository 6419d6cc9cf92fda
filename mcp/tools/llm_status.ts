/**
 * MCP tool `llm_status`: can inference work on the configured Ollama
 * endpoint? The same {@linkcode DoctorReport} as `metablooms doctor`.
 *
 * @module
 */
import { z } from "zod";
import { diagnoseLlm } from "../../lib/llm/doctor.ts";
import { type DoctorReport, DoctorReportSchema } from "../../schemas/llm_doctor.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `llm_status`. */
const LlmStatusInputSchema = z.object({
  round_trip: z.boolean().optional().describe(
    "Time a 1-token generate on the default model (may load it into memory). Default true.",
  ),
});

/**
 * Registers `llm_status` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (only `config.ollama` is used).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerLlmStatusTool(server, deps);
 * ```
 */
export function registerLlmStatusTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "llm_status",
    title: "LLM endpoint status",
    description:
      "Checks the local Ollama endpoint used for inference: reachable and version, models installed and loaded (with VRAM), whether the configured default, embedding and persona models are installed (with the `ollama pull` command that fixes a missing one), and a 1-token round-trip time. `ok` says whether inference can work.",
    hints: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    },
    input: LlmStatusInputSchema,
    output: DoctorReportSchema,
    run: (args, { signal, progress, deps }) =>
      diagnoseLlm(deps.config, {
        roundTrip: args.round_trip ?? true,
        signal,
        ...(progress ? { progress } : {}),
      }),
    render: renderStatus,
  });
}

function renderStatus(report: DoctorReport): string {
  if (!report.reachable) {
    return `Ollama at ${report.host} is not reachable: ${
      report.problems[0]?.message ?? "no answer"
    }`;
  }
  const missing = report.configured.filter((c) => c.present === false).map((c) => c.fix);
  const trip = report.round_trip
    ? report.round_trip.ok
      ? `, 1-token round trip ${report.round_trip.ms} ms`
      : ", round trip failed"
    : "";
  return [
    `Ollama ${report.version} at ${report.host}: inference ${report.ok ? "can" : "CANNOT"} work` +
    `; ${report.installed.length} model(s) installed, ${report.loaded.length} loaded${trip}.`,
    ...(missing.length ? [`Missing: ${missing.join("; ")}`] : []),
    ...report.problems.map((p) => `${p.severity}: ${p.code}: ${p.message}`),
  ].join("\n");
}
