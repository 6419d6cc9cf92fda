/**
 * `metablooms ingest <path>`: the watcher's per-file pipeline for one file:
 * validate, dedupe, file into the LTM repo, ledger, manifests, reindex,
 * commit `ingest: <name>` and push. A file directly inside the watch folder
 * is moved (removed after filing, or quarantined when invalid); any other
 * file is copied and left where it is.
 *
 * @example Ingest a downloaded delta without pushing
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms ingest ~/Downloads/MB__03_DELTA__X_v1.mips.json --no-push
 * ```
 *
 * @module
 */
import { type Command, requirePositional, runCommand } from "./_command.ts";
import { openStore } from "../lib/store/open.ts";
import { ingestDelta } from "../lib/watcher/ingest.ts";
import type { IngestResult } from "../schemas/watcher.ts";

/** `metablooms ingest`. */
export const command: Command<IngestResult> = {
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
  options: {
    "no-push": { type: "boolean", description: "Commit but do not push" },
    "keep-source": {
      type: "boolean",
      description: "Never remove or quarantine the source, even inside the watch folder",
    },
  },
  exitCodes: {
    0: "ingested, or a duplicate",
    1: "the file is invalid (quarantined or left in place)",
    2: "usage error, the file is missing or empty, or the LTM folder is not a git repository",
  },
  async run(ctx) {
    const path = requirePositional(ctx, 0, "<path>");
    await using store = await openStore({ sqlite_path: ctx.config.dbPath });
    const keep = ctx.values["keep-source"] === true;
    return await ingestDelta(ctx.config, store, path, {
      push: ctx.values["no-push"] !== true,
      ...(keep ? { removeSource: false, quarantine: false } : {}),
      signal: ctx.signal,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: renderIngestResult,
  exitCode: (r) => (r.status === "quarantined" || r.status === "invalid" ? 1 : 0),
};

/**
 * Human rendering of one ingest.
 *
 * @param r The result.
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderIngestResult } from "./ingest_delta.ts";
 * const text = renderIngestResult({ status: "duplicate", source: "/d/a.md", name: "a.md", sha256: "ab".repeat(32), bytes: 3, kind: "note", renamed: false, source_removed: false, latest: "unchanged", duration_ms: 1 });
 * assert(text.startsWith("duplicate"));
 * ```
 */
export function renderIngestResult(r: IngestResult): string {
  const head = `${r.status} ${r.name} (${r.kind}, ${r.bytes} bytes, sha256 ${
    r.sha256.slice(0, 12)
  }…)`;
  const lines = [head];
  if (r.stored_path) {
    lines.push(`  stored as ${r.stored_path}${r.renamed ? " (name taken: suffixed)" : ""}`);
  }
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

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
