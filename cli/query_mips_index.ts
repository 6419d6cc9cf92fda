/**
 * `metablooms query`: full-text search of the LTM index with filters, ranked
 * by bm25, paged, with snippets.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms query "blue widgets" --posture ACTIVE --limit 5
 * ```
 *
 * @module
 */
import { type Command, numberFlag, runCommand, stringFlag } from "./_command.ts";
import { queryMipsIndex } from "../lib/ltm/query.ts";
import { renderQuery } from "../lib/ltm/render.ts";
import { openStore } from "../lib/store/open.ts";
import type { MipsQuery, MipsQueryResult, RuntimePosture } from "../schemas/ltm.ts";
import type { MipsFormat } from "../schemas/mips.ts";

/** `metablooms query`. */
export const command: Command<MipsQueryResult> = {
  name: "query",
  script: "query_mips_index.ts",
  summary: "Search the LTM index (full text + filters, ranked, paged)",
  usage: "[text...] [--module ID] [--posture P] [--from T] [--to T] [--format F] [--hash-status S]",
  description:
    "Every word must match (word* for a prefix); results are ranked by bm25 with a snippet. Without " +
    "text, filters list deltas newest first. Run `metablooms index` first.",
  options: {
    module: { type: "string", valueName: "ID", description: "Module id (exact, or a glob with *)" },
    posture: {
      type: "string",
      valueName: "P",
      description: "ACTIVE, OPTIONAL, HISTORICAL or QUARANTINED",
    },
    from: {
      type: "string",
      valueName: "T",
      description: "Timestamp at or after (2026-01-10 or ISO date-time)",
    },
    to: {
      type: "string",
      valueName: "T",
      description: "Timestamp at or before (a date includes the whole day)",
    },
    format: { type: "string", valueName: "F", description: "Header format (J-mips, M-yaml, …)" },
    "hash-status": {
      type: "string",
      valueName: "S",
      description: "VERIFIED, VERIFIED(R2), R2, MISMATCH, UNVERIFIABLE or ABSENT",
    },
    limit: { type: "string", valueName: "N", description: "Page size (default 20, at most 500)" },
    offset: { type: "string", valueName: "N", description: "Results to skip (default 0)" },
  },
  async run(ctx) {
    const query: MipsQuery = {};
    const text = ctx.positionals.join(" ").trim();
    if (text) query.text = text;
    const module = stringFlag(ctx, "module");
    if (module !== undefined) query.module_id = module;
    const posture = stringFlag(ctx, "posture");
    if (posture !== undefined) query.posture = posture.toUpperCase() as RuntimePosture;
    const from = stringFlag(ctx, "from");
    if (from !== undefined) query.from = from;
    const to = stringFlag(ctx, "to");
    if (to !== undefined) query.to = to;
    const format = stringFlag(ctx, "format");
    if (format !== undefined) query.format = format as MipsFormat;
    const hash = stringFlag(ctx, "hash-status");
    if (hash !== undefined) query.hash_status = hash;
    const limit = numberFlag(ctx, "limit");
    if (limit !== undefined) query.limit = limit;
    const offset = numberFlag(ctx, "offset");
    if (offset !== undefined) query.offset = offset;
    await using store = await openStore({ sqlite_path: ctx.config.dbPath });
    return await queryMipsIndex(store, query);
  },
  render: renderQuery,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
