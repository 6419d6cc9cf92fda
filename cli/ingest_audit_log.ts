/**
 * `metablooms audit-ingest`: ingests a cycle log into the knowledge catalog,
 * verified by its hash chain and idempotent; without a file, the live log,
 * which is then rotated.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms audit-ingest ~/.metablooms/audit/metacognition.jsonl.1767182400.ingested
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { ingestAuditLogOp } from "../ops/ingest_audit_log.ts";
import type { AuditIngestResult } from "../schemas/catalog.ts";

/** `metablooms audit-ingest`: the `ingest_audit_log` operation. */
export const command: Command<AuditIngestResult> = operationCommand(ingestAuditLogOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
