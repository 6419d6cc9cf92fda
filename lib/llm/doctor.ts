/**
 * `diagnoseLlm()`: can inference work on the configured Ollama endpoint?
 * One function behind `metablooms doctor` and the MCP tool `llm_status`.
 *
 * @module
 */
import type { Config } from "../config.ts";
import { type KitError, toKitError } from "../errors.ts";
import type { LongWorkOptions } from "../progress.ts";
import type { InstalledModel, RunningModel } from "../../schemas/llm.ts";
import type {
  DoctorConfiguredModel,
  DoctorProblem,
  DoctorReport,
  DoctorRoundTrip,
} from "../../schemas/llm_doctor.ts";
import { OllamaClient, type OllamaClientOptions } from "./client.ts";
import { sameModel } from "./personas.ts";

/** Options of {@linkcode diagnoseLlm}. */
export interface DiagnoseOptions extends LongWorkOptions {
  /** Run the 1-token round trip (generate with `num_predict: 1`). @default {true} */
  roundTrip?: boolean | undefined;
  /** Deadline of each metadata probe (version, tags, ps). @default {5000} */
  probeTimeoutMs?: number | undefined;
  /** Retries on connection errors (kept low: the doctor should answer fast). @default {min(config ollama.retries, 1)} */
  retries?: number | undefined;
  /** Further client settings (backoff, retry hook). */
  client?: OllamaClientOptions | undefined;
}

/**
 * Diagnoses the Ollama endpoint: reachable and which version, models
 * installed and loaded (with VRAM), whether the default, embedding and
 * persona models are installed (with the `ollama pull` that fixes it), and
 * the time of a 1-token round trip on the default model.
 *
 * Never throws for what it diagnoses: an unreachable host or a missing model
 * is a `problem` in the report, and `ok` says whether inference can work.
 *
 * @param config The configuration (only `ollama` is read).
 * @param options Round trip on/off, probe timeout, retries, signal, progress.
 * @returns The report.
 * @throws {KitError} `CANCELLED` when the signal fires.
 *
 * @example Diagnose a stand-in endpoint
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../config.ts";
 * import { diagnoseLlm } from "./doctor.ts";
 * const answers: Record<string, unknown> = {
 *   "/api/version": { version: "0.12.3" },
 *   "/api/tags": { models: [{ name: "llama3.2:latest", size: 2e9 }, { name: "nomic-embed-text:latest", size: 3e8 }] },
 *   "/api/ps": { models: [] },
 *   "/api/generate": { model: "llama3.2", created_at: "", response: "ok", done: true },
 * };
 * const ollama = (url: string | URL | Request) =>
 *   Promise.resolve(Response.json(answers[new URL(String(url)).pathname]));
 * const report = await diagnoseLlm(await loadConfig({ env: {} }), { client: { fetch: ollama } });
 * assert(report.ok && report.round_trip?.ok);
 * ```
 */
export async function diagnoseLlm(
  config: Pick<Config, "ollama">,
  options: DiagnoseOptions = {},
): Promise<DoctorReport> {
  const { ollama } = config;
  const client = new OllamaClient(ollama, {
    ...options.client,
    retries: options.retries ?? options.client?.retries ?? Math.min(ollama.retries, 1),
  });
  const probe = { signal: options.signal, timeoutMs: options.probeTimeoutMs ?? 5000 };
  const total = options.roundTrip === false ? 3 : 4;
  const problems: DoctorProblem[] = [];
  const report: DoctorReport = {
    host: client.host,
    reachable: false,
    version: null,
    ok: false,
    installed: [],
    loaded: [],
    configured: [],
    round_trip: null,
    problems,
  };

  options.progress?.(0, total, "version");
  try {
    report.version = await client.version(probe);
    report.reachable = true;
  } catch (error) {
    const e = rethrowCancel(error);
    problems.push({
      severity: "error",
      code: e.code,
      message: e.message,
      fix: e.code === "LLM_UNREACHABLE" || e.code === "LLM_TIMEOUT"
        ? `ollama serve   (or set OLLAMA_HOST; now ${client.host})`
        : null,
    });
    report.configured = configuredModels(ollama, undefined);
    return finish(report);
  }

  options.progress?.(1, total, "models");
  const [tags, ps] = await Promise.allSettled([
    client.listModels(probe),
    client.listRunning(probe),
  ]);
  const installed = settled(tags, problems, "error");
  const running = settled(ps, problems, "warning");
  report.installed = (installed ?? []).map(installedRow);
  report.loaded = (running ?? []).map(loadedRow);
  report.configured = configuredModels(ollama, installed);
  for (const c of report.configured) {
    if (c.present !== false) continue;
    const who = c.use === "persona" ? `Persona ${c.persona}'s model` : `The ${c.use} model`;
    problems.push({
      severity: c.use === "default" ? "error" : "warning",
      code: "LLM_MODEL_MISSING",
      message: `${who} "${c.model}" is not installed on ${client.host}`,
      fix: c.fix,
    });
  }

  const defaultPresent = report.configured.some((c) => c.use === "default" && c.present);
  if (options.roundTrip !== false && defaultPresent) {
    options.progress?.(2, total, "round trip");
    report.round_trip = await roundTrip(client, options.signal);
    if (report.round_trip.error) {
      const { code, message } = report.round_trip.error;
      problems.push({ severity: "error", code, message, fix: null });
    }
  }
  options.progress?.(total, total, "done");
  return finish(report);
}

function finish(report: DoctorReport): DoctorReport {
  report.problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  report.ok = report.reachable && !report.problems.some((p) => p.severity === "error");
  return report;
}

async function roundTrip(client: OllamaClient, signal?: AbortSignal): Promise<DoctorRoundTrip> {
  const model = client.config.model;
  const start = performance.now();
  try {
    await client.generate(
      { model, prompt: "Reply with one word: ok", options: { num_predict: 1 } },
      { signal },
    );
    return { model, ok: true, ms: Math.round(performance.now() - start), error: null };
  } catch (error) {
    const e = rethrowCancel(error);
    const ms = Math.round(performance.now() - start);
    return { model, ok: false, ms, error: { code: e.code, message: e.message } };
  }
}

function configuredModels(
  ollama: Config["ollama"],
  installed: InstalledModel[] | undefined,
): DoctorConfiguredModel[] {
  const row = (
    use: DoctorConfiguredModel["use"],
    model: string,
    persona: string | null,
  ): DoctorConfiguredModel => {
    const present = installed ? installed.some((m) => sameModel(m.name, model)) : null;
    return { use, persona, model, present, fix: present === false ? `ollama pull ${model}` : null };
  };
  return [
    row("default", ollama.model, null),
    row("embed", ollama.embedModel, null),
    ...Object.entries(ollama.personas).map(([persona, model]) => row("persona", model, persona)),
  ];
}

function settled<T>(
  result: PromiseSettledResult<T>,
  problems: DoctorProblem[],
  severity: DoctorProblem["severity"],
): T | undefined {
  if (result.status === "fulfilled") return result.value;
  const e = rethrowCancel(result.reason);
  problems.push({ severity, code: e.code, message: e.message, fix: null });
  return undefined;
}

function rethrowCancel(error: unknown): KitError {
  const e = toKitError(error);
  if (e.code === "CANCELLED") throw e;
  return e;
}

function installedRow(m: InstalledModel): DoctorReport["installed"][number] {
  return {
    name: m.name,
    size_bytes: m.size,
    family: m.details?.family ?? null,
    parameter_size: m.details?.parameter_size ?? null,
    quantization: m.details?.quantization_level ?? null,
  };
}

function loadedRow(m: RunningModel): DoctorReport["loaded"][number] {
  return {
    name: m.name,
    size_bytes: m.size,
    vram_bytes: m.size_vram,
    expires_at: m.expires_at ?? null,
  };
}
