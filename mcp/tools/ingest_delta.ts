/**
 * MCP tool `ingest_delta`: the watcher's per-file pipeline for one file
 * (validate, dedupe, file into the LTM repo, ledger, manifests, reindex,
 * commit, push); the same {@linkcode IngestResult} as `metablooms ingest`.
 *
 * @module
 */
import { z } from "zod";
import { ingestDelta } from "../../lib/watcher/ingest.ts";
import { type IngestResult, IngestResultSchema } from "../../schemas/watcher.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `ingest_delta`. */
export const IngestDeltaInputSchema = z.object({
  path: z.string().min(1).describe(
    "The MIPS delta (.mips.json/.mips.md/.mips.txt, MB__*.json|md|txt) or OS bundle (.zip) to ingest; must lie inside the configured roots. A file directly in the watch folder is moved (or quarantined when invalid); any other file is copied.",
  ),
  push: z.boolean().optional().describe(
    "Push the new commit to the LTM remote (pull --rebase and retry once if rejected). Default true.",
  ),
});

/**
 * Registers `ingest_delta` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (config, store, path confinement).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerIngestDeltaTool(server, deps);
 * ```
 */
export function registerIngestDeltaTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "ingest_delta",
    title: "Ingest a delta into long-term memory",
    description:
      "Files one MIPS delta, note or OS bundle into the LTM git repository: parses MIPS files (self-hash verdict recorded, never fatal) or validates the bundle, skips it when its sha256 is already in the ledger (status duplicate), stores it under deltas/YYYY-MM/ (bundles/YYYY-MM/), appends a hash-chained line to manifests/ledger.ndjson, refreshes manifests/recent.json, latest.json and the index, commits 'ingest: <name>' and pushes. Invalid files give status quarantined/invalid with the reason and no commit.",
    hints: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    },
    input: IngestDeltaInputSchema,
    output: IngestResultSchema,
    run: async (args, { signal, progress, deps }) =>
      await ingestDelta(deps.config, deps.store, await deps.resolvePath(args.path), {
        push: args.push ?? true,
        signal,
        ...(progress ? { progress } : {}),
      }),
    render: renderIngest,
  });
}

function renderIngest(r: IngestResult): string {
  const git = r.git
    ? `; git ${
      r.git.committed ? `commit ${r.git.commit?.slice(0, 8)}` : "no commit"
    }, push ${r.git.push_status}${r.git.pending_push ? ` (${r.git.pending_push} pending)` : ""}`
    : "";
  if (r.status === "ingested") {
    return `ingested ${r.name} as ${r.stored_path} (${r.kind}${
      r.hash_status ? `, self-hash ${r.hash_status}` : ""
    })${git}`;
  }
  if (r.status === "duplicate") {
    return `duplicate ${r.name}: sha256 ${r.sha256} is already in the ledger`;
  }
  return `${r.status} ${r.name}: ${r.rejection?.code}: ${r.rejection?.reason}`;
}
