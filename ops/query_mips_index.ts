/**
 * `query_mips_index` (`metablooms query`): full text and filters over the LTM
 * index, ranked and paged.
 *
 * @module
 */
import { queryMipsIndex } from "../lib/ltm/query.ts";
import { renderQuery } from "../lib/ltm/render.ts";
import {
  type MipsQuery,
  type MipsQueryResult,
  MipsQueryResultSchema,
  MipsQuerySchema,
} from "../schemas/ltm.ts";
import type { Operation } from "./operation.ts";

/** `query_mips_index`. */
export const queryMipsIndexOp: Operation<MipsQuery, MipsQueryResult> = {
  name: "query_mips_index",
  title: "Search long-term memory",
  description:
    "Searches the LTM index of MIPS deltas: full text ranked by bm25 with [highlighted] snippets, filtered by module id, runtime posture (ACTIVE/OPTIONAL/HISTORICAL/QUARANTINED), time range, header format and self-hash status; paged with limit/offset. Returns total and hits {module_id, path, format, posture, hash_status, timestamp_utc, score, snippet}. Use get_mips_delta for a full delta. Read-only; run reindex_ltm first if the index is empty.",
  input: MipsQuerySchema,
  output: MipsQueryResultSchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    const query = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    return await queryMipsIndex(await ctx.store(), query);
  },
  render: renderQuery,
  mcp: {},
  cli: {
    name: "query",
    script: "query_mips_index.ts",
    summary: "Search the LTM index (full text + filters, ranked, paged)",
    usage:
      "[text...] [--module ID] [--posture P] [--from T] [--to T] [--format F] [--hash-status S]",
    description:
      "Every word must match (word* for a prefix); results are ranked by bm25 with a snippet. Without " +
      "text, filters list deltas newest first. Run `metablooms index` first.",
    positionals: [{ field: "text", name: "[text...]", rest: true }],
    flags: {
      module_id: { flag: "module", valueName: "ID" },
      posture: { valueName: "P" },
      from: { valueName: "T" },
      to: { valueName: "T" },
      format: { valueName: "F" },
      hash_status: { valueName: "S" },
    },
  },
};
