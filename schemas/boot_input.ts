/**
 * Zod schemas of the boot operations' inputs (`boot_image`, `boot_status`,
 * `promote_slot`, `rollback_slot`).
 *
 * @module
 */
import { z } from "zod";

/** Input of `boot_image`. */
export interface BootImageInput {
  /** The OS bundle (.zip) to boot. */
  path: string;
  /** Run the bundle's own launcher: true requires it, false skips it; by default it runs whenever python3 is present. */
  exec?: boolean | undefined;
  /** Do not run the bundle's own launcher (the CLI's `--no-exec`; the same as `exec: false`). */
  no_exec?: boolean | undefined;
  /** Deadline of the exec run in milliseconds. */
  exec_timeout_ms?: number | undefined;
  /** Interpreter for exec (CLI only). */
  interpreter?: string | undefined;
  /** Put a bundle that boots OK into slot CANDIDATE. */
  stage?: boolean | undefined;
  /** Put it straight into ACTIVE. */
  promote?: boolean | undefined;
  /** Keep the extracted tree and exec scratch folder (CLI only). */
  keep_staging?: boolean | undefined;
}

/** Schema of {@linkcode BootImageInput}. */
export const BootImageInputSchema: z.ZodType<BootImageInput> = z.object({
  path: z.string().min(1).describe(
    "The OS bundle (.zip) to boot; must lie inside the configured roots.",
  ),
  exec: z.boolean().optional().describe(
    "Run the bundle's own launcher (python3, scratch copy, no network when possible, deadline) and read its generation's real success signals: true requires it (a missing python3 fails the boot), false skips it; by default it runs whenever python3 is present.",
  ),
  no_exec: z.boolean().optional().describe(
    "Do not run the bundle's own launcher (the kit's simulation alone, Gen A only).",
  ),
  exec_timeout_ms: z.number().int().positive().optional().describe(
    "Deadline of each launch step in milliseconds. Default 30000.",
  ),
  interpreter: z.string().min(1).optional().describe(
    "Interpreter for exec. Default python3.",
  ),
  stage: z.boolean().optional().describe(
    "Put a bundle that boots OK into slot CANDIDATE. Default true.",
  ),
  promote: z.boolean().optional().describe(
    "Put it straight into ACTIVE (previous ACTIVE becomes ROLLBACK). Default false.",
  ),
  keep_staging: z.boolean().optional().describe(
    "Keep the extracted tree and exec scratch folder. Default false.",
  ),
});

/** Input of `boot_status`. */
export interface BootStatusInput {
  /** Re-hash and re-boot every slot's bundle (its own launcher runs when python3 is present). */
  verify?: boolean | undefined;
}

/** Schema of {@linkcode BootStatusInput}. */
export const BootStatusInputSchema: z.ZodType<BootStatusInput> = z.object({
  verify: z.boolean().optional().describe(
    "Re-hash every slot's bundle and boot it again in temp folders (its own launcher runs when python3 is present). Default false.",
  ),
});

/** Input of `promote_slot` and `rollback_slot`: nothing. */
export type SlotChangeInput = Record<string, never>;

/** Schema of {@linkcode SlotChangeInput}. */
export const SlotChangeInputSchema: z.ZodType<SlotChangeInput> = z.object({});

/** Input of `boot_history`. */
export interface BootHistoryInput {
  /** Most events (newest first). */
  limit?: number | undefined;
}

/** Schema of {@linkcode BootHistoryInput}. */
export const BootHistoryInputSchema: z.ZodType<BootHistoryInput> = z.object({
  limit: z.number().int().min(1).max(1000).optional().describe(
    "Most events returned, newest first. Default 50.",
  ),
});

/** Input of `get_boot_report`. */
export interface GetBootReportInput {
  /** The boot id (`boot_<sid>_<sha12>_<rand>`), as `boot_status` and `boot_history` name it. */
  boot_id: string;
}

/** Schema of {@linkcode GetBootReportInput}. */
export const GetBootReportInputSchema: z.ZodType<GetBootReportInput> = z.object({
  boot_id: z.string().min(1).describe(
    "The boot id (boot_<sid>_<sha12>_<rand>), as boot_status and boot_history name it.",
  ),
});
