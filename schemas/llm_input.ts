/**
 * Zod schema of the LLM operations' inputs (`llm_status`).
 *
 * @module
 */
import { z } from "zod";

/** Input of `llm_status` (`metablooms doctor`). */
export interface LlmStatusInput {
  /** Time a 1-token generate on the default model. */
  round_trip?: boolean | undefined;
}

/** Schema of {@linkcode LlmStatusInput}. */
export const LlmStatusInputSchema: z.ZodType<LlmStatusInput> = z.object({
  round_trip: z.boolean().optional().describe(
    "Time a 1-token generate on the default model (may load it into memory). Default true.",
  ),
});
