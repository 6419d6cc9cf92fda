/**
 * Schema of the {@linkcode DoctorReport}: what `metablooms doctor` prints and
 * the MCP tool `llm_status` returns, both from `diagnoseLlm()`.
 *
 * @example Check a report
 * ```ts
 * import assert from "node:assert/strict";
 * import { DoctorReportSchema } from "./llm_doctor.ts";
 * const report = DoctorReportSchema.parse({
 *   host: "http://127.0.0.1:11434", reachable: false, version: null, ok: false,
 *   installed: [], loaded: [], configured: [], round_trip: null,
 *   problems: [{ severity: "error", code: "LLM_UNREACHABLE", message: "no answer", fix: "ollama serve" }],
 * });
 * assert(!report.ok);
 * ```
 *
 * @module
 */
import { z } from "zod";

/** One installed model, as the doctor reports it. */
export interface DoctorInstalledModel {
  /** Tag (`llama3.2:latest`). */
  name: string;
  /** Size on disk in bytes. */
  size_bytes: number;
  /** Architecture family, when Ollama says. */
  family: string | null;
  /** Parameter count (`3.2B`), when Ollama says. */
  parameter_size: string | null;
  /** Quantization (`Q4_K_M`), when Ollama says. */
  quantization: string | null;
}

/** One model loaded in memory. */
export interface DoctorLoadedModel {
  /** Tag. */
  name: string;
  /** Memory used in bytes (RAM + VRAM). */
  size_bytes: number;
  /** Part held in GPU memory, in bytes (0 = CPU only). */
  vram_bytes: number;
  /** When Ollama unloads it (ISO timestamp), when known. */
  expires_at: string | null;
}

/** A model the configuration names, and whether it is installed. */
export interface DoctorConfiguredModel {
  /** What the kit uses it for. */
  use: "default" | "embed" | "persona";
  /** The persona, for `use: "persona"`. */
  persona: string | null;
  /** The configured tag. */
  model: string;
  /** Whether `/api/tags` lists it (`x` matches `x:latest`); null when unknown (unreachable). */
  present: boolean | null;
  /** The command that fixes a missing model (`ollama pull x`), else null. */
  fix: string | null;
}

/** The 1-token round trip (generate with `num_predict: 1`). */
export interface DoctorRoundTrip {
  /** The model asked (the default model). */
  model: string;
  /** Whether it answered. */
  ok: boolean;
  /** Wall time in milliseconds, including any model load. */
  ms: number;
  /** Why it failed, else null. */
  error: { code: string; message: string } | null;
}

/** Something the doctor found wrong. */
export interface DoctorProblem {
  /** `error`: inference cannot work; `warning`: some use of it will fail. */
  severity: "error" | "warning";
  /** The kit error code (`LLM_UNREACHABLE`, `LLM_MODEL_MISSING`, …). */
  code: string;
  /** What is wrong, naming the host or model. */
  message: string;
  /** What to run or change to fix it, else null. */
  fix: string | null;
}

/** Everything `diagnoseLlm()` found out about the Ollama endpoint. */
export interface DoctorReport {
  /** The endpoint probed (config `ollama.host`, env `OLLAMA_HOST`). */
  host: string;
  /** Whether `/api/version` answered. */
  reachable: boolean;
  /** Ollama's version, when reachable. */
  version: string | null;
  /** Whether inference can work: reachable, default model installed, round trip ok (when run). */
  ok: boolean;
  /** Models installed (`/api/tags`). */
  installed: DoctorInstalledModel[];
  /** Models loaded in memory and their VRAM (`/api/ps`). */
  loaded: DoctorLoadedModel[];
  /** Default, embedding and persona models of the configuration. */
  configured: DoctorConfiguredModel[];
  /** The 1-token round trip, or null when skipped or impossible. */
  round_trip: DoctorRoundTrip | null;
  /** What is wrong, errors first. */
  problems: DoctorProblem[];
}

/** Schema of a {@linkcode DoctorInstalledModel}. */
export const DoctorInstalledModelSchema: z.ZodType<DoctorInstalledModel> = z.object({
  name: z.string(),
  size_bytes: z.number(),
  family: z.string().nullable(),
  parameter_size: z.string().nullable(),
  quantization: z.string().nullable(),
});

/** Schema of a {@linkcode DoctorLoadedModel}. */
export const DoctorLoadedModelSchema: z.ZodType<DoctorLoadedModel> = z.object({
  name: z.string(),
  size_bytes: z.number(),
  vram_bytes: z.number(),
  expires_at: z.string().nullable(),
});

/** Schema of a {@linkcode DoctorConfiguredModel}. */
export const DoctorConfiguredModelSchema: z.ZodType<DoctorConfiguredModel> = z.object({
  use: z.enum(["default", "embed", "persona"]),
  persona: z.string().nullable(),
  model: z.string(),
  present: z.boolean().nullable(),
  fix: z.string().nullable(),
});

/** Schema of a {@linkcode DoctorRoundTrip}. */
export const DoctorRoundTripSchema: z.ZodType<DoctorRoundTrip> = z.object({
  model: z.string(),
  ok: z.boolean(),
  ms: z.number(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

/** Schema of a {@linkcode DoctorProblem}. */
export const DoctorProblemSchema: z.ZodType<DoctorProblem> = z.object({
  severity: z.enum(["error", "warning"]),
  code: z.string(),
  message: z.string(),
  fix: z.string().nullable(),
});

/** Schema of a {@linkcode DoctorReport} (a `z.object` at runtime: the MCP output schema). */
export const DoctorReportSchema: z.ZodType<DoctorReport> = z.object({
  host: z.string(),
  reachable: z.boolean(),
  version: z.string().nullable(),
  ok: z.boolean(),
  installed: z.array(DoctorInstalledModelSchema),
  loaded: z.array(DoctorLoadedModelSchema),
  configured: z.array(DoctorConfiguredModelSchema),
  round_trip: DoctorRoundTripSchema.nullable(),
  problems: z.array(DoctorProblemSchema),
});
