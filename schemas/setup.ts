/**
 * Zod schemas of the first-run set-up result (`lib/setup/`).
 *
 * @module
 */
import { z } from "zod";

/** What one first-run step did. */
export interface FirstRunStep {
  /** The capability function that ran (`validate_bundle`, `boot_image`, `copy_ltm`, `reindex_ltm`). */
  step: string;
  /** The file or folder it worked on. */
  target: string;
  /** Whether it succeeded. */
  ok: boolean;
  /** One line on the outcome. */
  summary: string;
  /** The kit error code when it failed. */
  code?: string | undefined;
}

/** Schema of {@linkcode FirstRunStep}. */
export const FirstRunStepSchema: z.ZodType<FirstRunStep> = z.object({
  step: z.string(),
  target: z.string(),
  ok: z.boolean(),
  summary: z.string(),
  code: z.string().optional(),
});

/** The result of `initDataDir`: the sample data loaded into a new data directory. */
export interface FirstRunReport {
  /** The data directory that was set up. */
  data_dir: string;
  /** Where the samples came from. */
  samples_dir: string;
  /** Every step, in order. */
  steps: FirstRunStep[];
  /** Whether every step succeeded. */
  ok: boolean;
}

/** Schema of {@linkcode FirstRunReport}. */
export const FirstRunReportSchema: z.ZodType<FirstRunReport> = z.object({
  data_dir: z.string(),
  samples_dir: z.string(),
  steps: z.array(FirstRunStepSchema),
  ok: z.boolean(),
});

/** Input of `init_data_dir`. */
export interface InitDataDirInput {
  /** The samples folder (`bundles/*.zip`, `ltm/`). */
  samples_dir: string;
}

/** Schema of {@linkcode InitDataDirInput}. */
export const InitDataDirInputSchema: z.ZodType<InitDataDirInput> = z.object({
  samples_dir: z.string().min(1).describe(
    "The samples folder: bundles/*.zip (the first valid one is booted into ACTIVE) and ltm/ (copied into the LTM folder when that is empty, then indexed).",
  ),
});
