/**
 * `metablooms index`: builds or refreshes the LTM index (SQLite + FTS5) of an
 * LTM folder — only changed files are re-read — and optionally exports
 * MIPS_INDEX_CORE / MIPS_GRAPH_CORE.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms index ~/metablooms-ltm --quarantine --export ~/metablooms-ltm
 * ```
 *
 * @module
 */
import { type Command, runCommand, stringFlag } from "./_command.ts";
import { exportIndexFiles } from "../lib/ltm/export.ts";
import { reindexLtm } from "../lib/ltm/reindex.ts";
import { renderReindex } from "../lib/ltm/render.ts";
import { openStore } from "../lib/store/open.ts";
import type { IndexRunResult } from "../schemas/ltm.ts";

/** `metablooms index`. */
export const command: Command<IndexRunResult> = {
  name: "index",
  script: "reindex_ltm.ts",
  summary: "Index the LTM folder's MIPS deltas (incremental) and optionally export the index files",
  usage: "[dir] [--quarantine] [--quick] [--export DIR]",
  description:
    "Scans deltas/** and every *.mips.* file of the LTM folder (default: config ltmDir), re-reads only " +
    "files whose mtime or size changed, re-parses only those whose sha256 changed, and drops removed " +
    "files. A file that cannot be parsed fails the run with INDEX_INCOMPLETE (the rest is indexed) " +
    "unless --quarantine indexes it as QUARANTINED. --export writes MIPS_INDEX_CORE.mips.json and " +
    "MIPS_GRAPH_CORE.mips.json into DIR.",
  options: {
    quarantine: {
      type: "boolean",
      description: "Index unparseable files as QUARANTINED instead of failing",
    },
    quick: {
      type: "boolean",
      description:
        "Rescan only folders whose mtime changed (finds new/removed files, not in-place edits)",
    },
    export: {
      type: "string",
      valueName: "DIR",
      description: "Also write the index files into DIR",
    },
  },
  exitCodes: {
    0: "indexed",
    1: "INDEX_INCOMPLETE: a file could not be indexed (see --quarantine)",
    2: "usage error, or the LTM folder does not exist",
  },
  async run(ctx) {
    const dir = ctx.positionals[0] ?? ctx.config.ltmDir;
    await using store = await openStore({ sqlite_path: ctx.config.dbPath });
    const report: IndexRunResult = await reindexLtm(store, dir, {
      quarantine: ctx.values.quarantine === true,
      quick: ctx.values.quick === true,
      signal: ctx.signal,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
    const out = stringFlag(ctx, "export");
    if (out !== undefined) report.export = await exportIndexFiles(store, out);
    return report;
  },
  render: renderReindex,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
