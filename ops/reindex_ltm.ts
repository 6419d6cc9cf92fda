/**
 * `reindex_ltm` (`metablooms index`): the incremental index of the LTM deltas,
 * optionally exported as MIPS_INDEX_CORE / MIPS_GRAPH_CORE.
 *
 * @module
 */
import { exportIndexFiles } from "../lib/ltm/export.ts";
import { reindexLtm } from "../lib/ltm/reindex.ts";
import { renderReindex } from "../lib/ltm/render.ts";
import { type IndexRunResult, IndexRunResultSchema } from "../schemas/ltm.ts";
import { type ReindexLtmInput, ReindexLtmInputSchema } from "../schemas/ltm_input.ts";
import { repairLtm } from "../lib/watcher/repair.ts";
import { resolveOptionalPath } from "./context.ts";
import type { Operation } from "./operation.ts";

/** `reindex_ltm`. */
export const reindexLtmOp: Operation<ReindexLtmInput, IndexRunResult> = {
  name: "reindex_ltm",
  title: "Reindex long-term memory",
  description:
    "Scans the LTM folder (deltas/** and *.mips.* files) and updates the SQLite/FTS index: only files whose mtime or size changed are re-read, only those whose sha256 changed are re-parsed, removed files are dropped. Returns counts (scanned, added, updated, removed, unchanged) and quarantined files. Fails with INDEX_INCOMPLETE naming the file when one cannot be parsed, unless quarantine is set. Indexing a folder other than the one indexed now replaces the whole index and is refused (LTM_INDEX_OTHER_FOLDER) unless replace is true. Optionally exports MIPS_INDEX_CORE / MIPS_GRAPH_CORE. Reports progress; cancellable.",
  input: ReindexLtmInputSchema,
  output: IndexRunResultSchema,
  hints: {
    readOnlyHint: false,
    // With replace, it drops the index of another folder.
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
  async run(input, ctx) {
    const dir = input.path === undefined ? ctx.config.ltmDir : await ctx.resolvePath(input.path);
    const out = await resolveOptionalPath(ctx, input.export_path);
    const store = await ctx.store();
    // The configured LTM repo gets the crash repair first (another folder is only read).
    if (await samePath(dir, ctx.config.ltmDir)) {
      await repairLtm(dir, { warn: (message) => ctx.log(`warning: ${message}`) });
    }
    const report: IndexRunResult = await reindexLtm(store, dir, {
      quarantine: input.quarantine ?? false,
      quick: input.quick ?? false,
      replace: input.replace ?? false,
      signal: ctx.signal,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
    if (out !== undefined) report.export = await exportIndexFiles(store, out);
    return report;
  },
  render: renderReindex,
  mcp: {},
  cli: {
    name: "index",
    script: "reindex_ltm.ts",
    summary:
      "Index the LTM folder's MIPS deltas (incremental) and optionally export the index files",
    usage: "[dir] [--quarantine] [--quick] [--replace] [--export DIR]",
    description:
      "Scans deltas/** and every *.mips.* file of the LTM folder (default: config ltmDir), re-reads only " +
      "files whose mtime or size changed, re-parses only those whose sha256 changed, and drops removed " +
      "files. A file that cannot be parsed fails the run with INDEX_INCOMPLETE (the rest is indexed) " +
      "unless --quarantine indexes it as QUARANTINED. A folder other than the one indexed now " +
      "replaces the whole index and is refused (LTM_INDEX_OTHER_FOLDER) without --replace. " +
      "--export writes MIPS_INDEX_CORE.mips.json and MIPS_GRAPH_CORE.mips.json into DIR.",
    positionals: [{ field: "path", name: "[dir]" }],
    flags: {
      export_path: {
        flag: "export",
        valueName: "DIR",
        description: "Also write MIPS_INDEX_CORE.mips.json and MIPS_GRAPH_CORE.mips.json into DIR.",
      },
    },
    exitCodes: {
      0: "indexed",
      1: "INDEX_INCOMPLETE: a file could not be indexed (see --quarantine)",
      2: "usage error, the LTM folder does not exist, or another folder is indexed (see --replace)",
    },
  },
};

async function samePath(a: string, b: string): Promise<boolean> {
  const real = (p: string) => Deno.realPath(p).catch(() => p);
  return (await real(a)) === (await real(b));
}
