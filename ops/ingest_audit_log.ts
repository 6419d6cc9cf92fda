/**
 * `ingest_audit_log` (`metablooms audit-ingest [file]`): put a cycle log's
 * records into the knowledge catalog, verified by its hash chain,
 * idempotently; without a file, the live log is ingested, then rotated.
 *
 * @module
 */
import { ingestAuditLog } from "../lib/catalog/ingest.ts";
import { renderIngest } from "../lib/catalog/render.ts";
import { dataLayout } from "../lib/layout.ts";
import { type AuditIngestResult, AuditIngestResultSchema } from "../schemas/catalog.ts";
import { type IngestAuditLogInput, IngestAuditLogInputSchema } from "../schemas/catalog_input.ts";
import type { Operation } from "./operation.ts";

/** `ingest_audit_log`. */
export const ingestAuditLogOp: Operation<IngestAuditLogInput, AuditIngestResult> = {
  name: "ingest_audit_log",
  title: "Ingest a cycle log into memory",
  description:
    "Reads a cycle log (13-field JSONL records of the living image's cognitive cycles) into the knowledge catalog in one transaction, after verifying its hash chain (the .chain sidecar). Without `path`, ingests the data directory's live log audit/metacognition.jsonl, then rotates it and archives it as metacognition.jsonl.<ms>.ingested (rotation only after the commit; a crash loses and duplicates nothing). Records are unique by content hash: a second ingest adds 0 and says so. Malformed lines are counted and listed by line. Errors: AUDIT_LOG_BROKEN (names the first bad line; allow_broken ingests the lines before it), AUDIT_LOG_NOT_FOUND.",
  input: IngestAuditLogInputSchema,
  output: AuditIngestResultSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  async run(input, ctx) {
    const common = {
      allowBroken: input.allow_broken ?? false,
      clock: ctx.clock,
      signal: ctx.signal,
      progress: ctx.progress,
    };
    return await ingestAuditLog(
      await ctx.store(),
      input.path === undefined
        ? { ...common, live: dataLayout(ctx.config.dataDir).metacognition }
        : { ...common, file: await ctx.resolvePath(input.path) },
    );
  },
  render: renderIngest,
  mcp: {},
  cli: {
    name: "audit-ingest",
    script: "ingest_audit_log.ts",
    summary: "Ingest a cycle log (or the live one, then rotate it) into the knowledge catalog",
    usage: "[file] [--allow-broken]",
    description:
      "Verifies the log's hash chain (<file>.chain) while reading; a broken, truncated or reordered " +
      "log is refused with its first bad line unless --allow-broken, which ingests the lines before it. " +
      "Records are unique by content hash, so ingesting twice adds nothing.",
    positionals: [{ field: "path", name: "[file]" }],
    exitCodes: {
      0: "ingested (or nothing new)",
      1: "the chain is broken (AUDIT_LOG_BROKEN)",
      2: "usage error, or the file cannot be read",
    },
  },
};
