/**
 * Zod schemas of the audit operations' inputs (`audit_report`,
 * `export_finetune`, `learning_check`).
 *
 * @module
 */
import { z } from "zod";
import { type FinetuneFormat, FinetuneFormatSchema } from "./audit.ts";

const isoTime = (what: string) =>
  z.string().refine((s) => Number.isFinite(Date.parse(s)), "not an ISO 8601 time").describe(what);

const logField = z.string().min(1).describe(
  "Read this cycle-log file (metacognition.jsonl) directly instead of the catalog's ingested records.",
);

/** Input of `audit_report`. */
export interface AuditReportInput {
  /** A cycle-log file to read instead of the catalog. */
  log?: string | undefined;
  /** Only cycles that started at or after this time. */
  since?: string | undefined;
  /** Only cycles that started before this time. */
  until?: string | undefined;
  /** Length of the slowest-missions list. */
  top?: number | undefined;
  /** Timeline bucket in minutes (default: chosen so there are at most 60). */
  bucket_minutes?: number | undefined;
  /** Also write the chart as an SVG file here (replaced atomically). */
  svg?: string | undefined;
}

/** Schema of {@linkcode AuditReportInput}. */
export const AuditReportInputSchema: z.ZodType<AuditReportInput> = z.object({
  log: logField.optional(),
  since: isoTime("Count only cycles whose first record is at or after this ISO 8601 time.")
    .optional(),
  until: isoTime("Count only cycles whose first record is before this ISO 8601 time.").optional(),
  top: z.number().int().min(0).max(1000).optional().describe(
    "How many of the slowest missions to list (default 10).",
  ),
  bucket_minutes: z.number().int().min(1).max(525_600).optional().describe(
    "Length of a timeline bucket in minutes (default: the shortest of 1, 5, 15, 60, 360, 1440, 10080, 43200 giving at most 60 buckets).",
  ),
  svg: z.string().min(1).optional().describe(
    "Also write the chart (cycles over time, success rate per persona) as an SVG file at this path; replaced atomically.",
  ),
});

/** Input of `export_finetune`. */
export interface ExportFinetuneInput {
  /** `messages` (default) or `prompt-completion`. */
  format?: FinetuneFormat | undefined;
  /** Only cycles whose method this persona wrote. */
  persona?: string | undefined;
  /** Only cycles of this mission type. */
  mission_type?: string | undefined;
  /** The JSONL file to write (default: `<data>/finetune/<format>_<time>.jsonl`). */
  out?: string | undefined;
  /** A cycle-log file to read instead of the catalog. */
  log?: string | undefined;
}

/** Schema of {@linkcode ExportFinetuneInput}. */
export const ExportFinetuneInputSchema: z.ZodType<ExportFinetuneInput> = z.object({
  format: FinetuneFormatSchema.optional().describe(
    'JSONL shape: "messages" ({"messages":[system,user,assistant]}, default) or "prompt-completion" ({"prompt","completion"}).',
  ),
  persona: z.string().min(1).optional().describe(
    "Only cycles whose method this persona wrote (ROBIN, BRICK, ALFRED, BABS; case-insensitive).",
  ),
  mission_type: z.string().min(1).optional().describe(
    "Only cycles of this mission type (unhandled_message, self_correction_mandate, …).",
  ),
  out: z.string().min(1).optional().describe(
    "The JSONL file to write, replaced atomically (default: <data-dir>/finetune/<format>_<time>.jsonl).",
  ),
  log: logField.optional(),
});

/** Input of `learning_check`. */
export interface LearningCheckInput {
  /** Session 1's cycle log. */
  log: string;
  /** Session 2's questions file. */
  questions: string;
  /** Session 1's documents (files or folders) to remember first. */
  documents?: string[] | undefined;
  /** k of recall@k. */
  k?: number | undefined;
  /** Ingest into the configured catalog instead of a fresh, temporary one. */
  into_catalog?: boolean | undefined;
}

/** Schema of {@linkcode LearningCheckInput}. */
export const LearningCheckInputSchema: z.ZodType<LearningCheckInput> = z.object({
  log: z.string().min(1).describe(
    "Session 1's cycle log (metacognition.jsonl), ingested first; its .chain sidecar, when present, is verified.",
  ),
  questions: z.string().min(1).describe(
    'Session 2\'s questions: a JSON array, {"questions": [...]}, or JSONL, each ' +
      '{"id"?: string, "question": string, "expect_id"?: string, "expect_text"?: string} with at ' +
      "least one of expect_id (a search result's catalog id record:<sha256> or chunk:<path>#<n>, " +
      "its cycle id, a metadata value of its document such as a delta's module id, or its source path; " +
      "a path with a / also matches the end of one) and expect_text (text the result contains, case- and whitespace-insensitive); " +
      "either matching is a hit.",
  ),
  documents: z.array(z.string().min(1)).optional().describe(
    "Session 1's documents (Markdown, text, JSON files or folders) to remember before asking.",
  ),
  k: z.number().int().min(1).max(100).optional().describe("k of recall@k (default 5)."),
  into_catalog: z.boolean().optional().describe(
    "Ingest into the configured catalog (and keep it) instead of a fresh temporary one (default false).",
  ),
});
