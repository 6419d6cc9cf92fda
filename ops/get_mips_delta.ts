/**
 * `get_mips_delta` (`metablooms get`): one delta record from the LTM index,
 * with its body.
 *
 * @module
 */
import { getMipsDelta } from "../lib/ltm/get.ts";
import { renderDelta } from "../lib/ltm/render.ts";
import { type MipsDelta, MipsDeltaSchema } from "../schemas/ltm.ts";
import { type GetMipsDeltaInput, GetMipsDeltaInputSchema } from "../schemas/ltm_input.ts";
import type { Operation } from "./operation.ts";

/** `get_mips_delta`. */
export const getMipsDeltaOp: Operation<GetMipsDeltaInput, MipsDelta> = {
  name: "get_mips_delta",
  title: "Read a long-term memory delta",
  description:
    "Returns one MIPS delta from the LTM index: its normalised record (format, module id, version, UTC timestamp, councils, status, self-hash verdict with recipe), the header as written, the body (JSON or text), resolved dependencies, dangling references and dependents. Error MIPS_NOT_FOUND when nothing matches. Read-only.",
  input: GetMipsDeltaInputSchema,
  output: MipsDeltaSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return await getMipsDelta(await ctx.store(), input.id);
  },
  render: renderDelta,
  mcp: {},
  cli: {
    name: "get",
    script: "get_mips_delta.ts",
    summary: "Show one delta from the LTM index (by module id, path, artifact id or stem)",
    usage: "<id|path>",
    positionals: [{ field: "id", name: "<id|path>" }],
    exitCodes: {
      0: "found",
      1: "MIPS_NOT_FOUND: nothing in the index matches",
      2: "usage error",
    },
  },
};
