/**
 * `ingest_delta` (`metablooms ingest`): the watcher's pipeline for one file:
 * validate, file, ledger, reindex, commit, push.
 *
 * @module
 */
import { ingestDelta } from "../lib/watcher/ingest.ts";
import { type IngestResult, IngestResultSchema } from "../schemas/watcher.ts";
import { type IngestDeltaInput, IngestDeltaInputSchema } from "../schemas/watcher_input.ts";
import type { Operation } from "./operation.ts";

/** `ingest_delta`. */
export const ingestDeltaOp: Operation<IngestDeltaInput, IngestResult> = {
  name: "ingest_delta",
  title: "Ingest a delta into long-term memory",
  description:
    "Files one MIPS delta, note or OS bundle into the LTM git repository: parses MIPS files (self-hash verdict recorded, never fatal) or validates the bundle, skips it when its sha256 is already in the ledger (status duplicate), stores it under deltas/YYYY-MM/ (bundles/YYYY-MM/), appends a hash-chained line to manifests/ledger.ndjson, refreshes manifests/recent.json, latest.json and the index, commits 'ingest: <name>' (concurrent calls share one commit) and pushes. First repairs what a crash left in the LTM repo (a stale git lock, uncommitted ledger lines). Invalid files give status quarantined/invalid with the reason and no commit; a delta over maxDeltaBytes fails with DELTA_TOO_LARGE.",
  input: IngestDeltaInputSchema,
  output: IngestResultSchema,
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async run(input, ctx) {
    const path = await ctx.resolvePath(input.path);
    return await ingestDelta(ctx.config, await ctx.store(), path, {
      push: input.push ?? true,
      ...(input.keep_source === true ? { removeSource: false, quarantine: false } : {}),
      signal: ctx.signal,
      warn: (message) => ctx.log(`warning: ${message}`),
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: renderIngestResult,
  exitCode: (r) => (r.status === "quarantined" || r.status === "invalid" ? 1 : 0),
  mcp: { omit: ["keep_source"] },
  cli: {
    name: "ingest",
    script: "ingest_delta.ts",
    summary:
      "Ingest one delta or bundle into the LTM git repo (validate, file, ledger, commit, push)",
    usage: "<path> [--no-push] [--keep-source]",
    description:
      "Runs the watcher's pipeline on one file. MIPS files are parsed (self-hash recorded, never " +
      "fatal), zips validated as OS bundles. Accepted files go to <ltm>/deltas/YYYY-MM/ (bundles to " +
      "bundles/YYYY-MM/) with a hash-chained line in manifests/ledger.ndjson; a file whose sha256 is " +
      "already in the ledger is a duplicate.",
    positionals: [{ field: "path", name: "<path>" }],
    flags: { push: { negate: true, description: "Commit but do not push" } },
    exitCodes: {
      0: "ingested, or a duplicate",
      1: "the file is invalid (quarantined or left in place)",
      2: "usage error, the file is missing or empty, or the LTM folder is not a git repository",
    },
  },
};

/**
 * The human rendering of one ingest: a first line that says what happened, then details.
 *
 * @param r The result.
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderIngestResult } from "./ingest_delta.ts";
 * const text = renderIngestResult({ status: "duplicate", source: "/d/a.md", name: "a.md", sha256: "ab".repeat(32), bytes: 3, kind: "note", renamed: false, source_removed: false, latest: "unchanged", duration_ms: 1 });
 * assert(text.startsWith("duplicate a.md: sha256 abab"));
 * ```
 */
export function renderIngestResult(r: IngestResult): string {
  const facts = `${r.kind}, ${r.bytes} bytes, sha256 ${r.sha256.slice(0, 12)}…`;
  const head = r.status === "ingested"
    ? `ingested ${r.name} as ${r.stored_path}${
      r.renamed ? " (name taken: suffixed)" : ""
    } (${facts})`
    : r.status === "duplicate"
    ? `duplicate ${r.name}: sha256 ${r.sha256} is already in the ledger`
    : `${r.status} ${r.name} (${facts})`;
  const lines = [head];
  if (r.hash_status) lines.push(`  self-hash ${r.hash_status}`);
  if (r.rejection) lines.push(`  ${r.rejection.code}: ${r.rejection.reason}`);
  if (r.quarantine) lines.push(`  quarantined at ${r.quarantine.path}`);
  if (r.reindex && !r.reindex.ok) lines.push(`  reindex failed: ${r.reindex.error}`);
  if (r.git) {
    lines.push(
      `  git: ${
        r.git.committed ? `commit ${r.git.commit?.slice(0, 8)}` : "no commit"
      }, push ${r.git.push_status}` +
        `${r.git.pending_push ? `, ${r.git.pending_push} pending` : ""}${
          r.git.push_error ? ` (${r.git.push_error})` : ""
        }`,
    );
  }
  return lines.join("\n");
}
