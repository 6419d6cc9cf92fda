/**
 * MCP tool `query_mips_index`: full-text search of the LTM index with
 * filters; the same {@linkcode MipsQueryResult} as `metablooms query`.
 *
 * @module
 */
import { z } from "zod";
import { queryMipsIndex } from "../../lib/ltm/query.ts";
import { renderQuery } from "../../lib/ltm/render.ts";
import { MipsQueryResultSchema, RuntimePostureSchema } from "../../schemas/ltm.ts";
import { MipsFormatSchema } from "../../schemas/mips.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `query_mips_index`. */
export const QueryMipsIndexInputSchema = z.object({
  text: z.string().optional().describe(
    "Words to search for in ids, titles, headers and bodies; all must match; `word*` matches a prefix. Omit to list by filters, newest first.",
  ),
  module_id: z.string().optional().describe(
    "Exact module id, or a glob with * (e.g. MB__03_DELTA__*).",
  ),
  posture: RuntimePostureSchema.optional().describe("Only deltas with this runtime posture."),
  from: z.string().optional().describe(
    "Only deltas timestamped at or after this ISO date or date-time (UTC).",
  ),
  to: z.string().optional().describe(
    "Only deltas timestamped at or before this; a bare date includes the whole day.",
  ),
  format: MipsFormatSchema.optional().describe(
    "Only this header format (J-mips, J-flat, M-yaml, text, invalid, …).",
  ),
  hash_status: z.string().optional().describe(
    "Only this self-hash verdict: VERIFIED, VERIFIED(R2) or R2, MISMATCH, UNVERIFIABLE, ABSENT.",
  ),
  limit: z.number().int().min(1).max(500).optional().describe("Page size. Default 20."),
  offset: z.number().int().min(0).optional().describe(
    "Results to skip, for the next page. Default 0.",
  ),
});

/**
 * Registers `query_mips_index` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (the store holds the index).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerQueryMipsIndexTool(server, deps);
 * ```
 */
export function registerQueryMipsIndexTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "query_mips_index",
    title: "Search long-term memory",
    description:
      "Searches the LTM index of MIPS deltas: full text ranked by bm25 with [highlighted] snippets, filtered by module id, runtime posture (ACTIVE/OPTIONAL/HISTORICAL/QUARANTINED), time range, header format and self-hash status; paged with limit/offset. Returns total and hits {module_id, path, format, posture, hash_status, timestamp_utc, score, snippet}. Use get_mips_delta for a full delta. Read-only; run reindex_ltm first if the index is empty.",
    hints: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: QueryMipsIndexInputSchema,
    output: MipsQueryResultSchema,
    run: (args, { deps }) => {
      const query = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
      return queryMipsIndex(deps.store, query);
    },
    render: renderQuery,
  });
}
