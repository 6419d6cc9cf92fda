/**
 * MCP tool `reindex_ltm`: builds or refreshes the LTM index; the same
 * {@linkcode IndexRunResult} as `metablooms index`.
 *
 * @module
 */
import { z } from "zod";
import { exportIndexFiles } from "../../lib/ltm/export.ts";
import { reindexLtm } from "../../lib/ltm/reindex.ts";
import { renderReindex } from "../../lib/ltm/render.ts";
import { type IndexRunResult, IndexRunResultSchema } from "../../schemas/ltm.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `reindex_ltm`. */
export const ReindexLtmInputSchema = z.object({
  path: z.string().optional().describe(
    "The LTM folder to index; must lie inside the configured roots. Default: the configured LTM folder.",
  ),
  quarantine: z.boolean().optional().describe(
    "Index unparseable files as QUARANTINED instead of failing with INDEX_INCOMPLETE. Default false.",
  ),
  quick: z.boolean().optional().describe(
    "Rescan only folders whose mtime changed (finds new, removed and renamed files, not in-place edits). Default false.",
  ),
  replace: z.boolean().optional().describe(
    "Allow indexing a folder other than the one indexed now, which first drops the whole index of that folder. Without it, another folder is refused with LTM_INDEX_OTHER_FOLDER. Default false.",
  ),
  export_path: z.string().optional().describe(
    "Also write MIPS_INDEX_CORE.mips.json and MIPS_GRAPH_CORE.mips.json into this folder (inside the roots).",
  ),
});

/**
 * Registers `reindex_ltm` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (store, config, path confinement).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerReindexLtmTool(server, deps);
 * ```
 */
export function registerReindexLtmTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "reindex_ltm",
    title: "Reindex long-term memory",
    description:
      "Scans the LTM folder (deltas/** and *.mips.* files) and updates the SQLite/FTS index: only files whose mtime or size changed are re-read, only those whose sha256 changed are re-parsed, removed files are dropped. Returns counts (scanned, added, updated, removed, unchanged) and quarantined files. Fails with INDEX_INCOMPLETE naming the file when one cannot be parsed, unless quarantine is set. Indexing a folder other than the one indexed now replaces the whole index and is refused (LTM_INDEX_OTHER_FOLDER) unless replace is true. Optionally exports MIPS_INDEX_CORE / MIPS_GRAPH_CORE. Reports progress; cancellable.",
    hints: {
      readOnlyHint: false,
      // With replace, it drops the index of another folder.
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: ReindexLtmInputSchema,
    output: IndexRunResultSchema,
    run: async (args, { signal, progress, deps }) => {
      const dir = args.path === undefined ? deps.config.ltmDir : await deps.resolvePath(args.path);
      const out = args.export_path === undefined
        ? undefined
        : await deps.resolvePath(args.export_path);
      const report: IndexRunResult = await reindexLtm(deps.store, dir, {
        quarantine: args.quarantine ?? false,
        quick: args.quick ?? false,
        replace: args.replace ?? false,
        signal,
        ...(progress ? { progress } : {}),
      });
      if (out !== undefined) report.export = await exportIndexFiles(deps.store, out);
      return report;
    },
    render: renderReindex,
  });
}
