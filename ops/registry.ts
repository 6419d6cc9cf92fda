/**
 * The registry: every operation of the kit, once, in the order the doors list
 * them. The CLI derives its commands from it, the MCP layer its tools, the web
 * door its pages.
 *
 * @module
 */
import type { AnyOperation } from "./operation.ts";
import { auditReportOp } from "./audit_report.ts";
import { bootHistoryOp } from "./boot_history.ts";
import { bootImageOp } from "./boot_image.ts";
import { bootStatusOp } from "./boot_status.ts";
import { buildBundleOp } from "./build_bundle.ts";
import { exportFinetuneOp } from "./export_finetune.ts";
import { extractBundleOp } from "./extract_bundle.ts";
import { generateSigningKeyOp } from "./generate_signing_key.ts";
import { getBootReportOp } from "./get_boot_report.ts";
import { getMipsDeltaOp } from "./get_mips_delta.ts";
import { imageGetOp } from "./image_get.ts";
import { imageHistoryOp } from "./image_history.ts";
import { imageObjectsOp } from "./image_objects.ts";
import { imageSendOp } from "./image_send.ts";
import { imageUndoOp } from "./image_undo.ts";
import { ingestAuditLogOp } from "./ingest_audit_log.ts";
import { ingestDeltaOp } from "./ingest_delta.ts";
import { learningCheckOp } from "./learning_check.ts";
import { initDataDirOp } from "./init_data_dir.ts";
import { inspectBundleOp } from "./inspect_bundle.ts";
import { llmStatusOp } from "./llm_status.ts";
import { migrateStoreOp } from "./migrate_store.ts";
import { ltmGraphOp } from "./ltm_graph.ts";
import { promoteSlotOp } from "./promote_slot.ts";
import { queryMipsIndexOp } from "./query_mips_index.ts";
import { reindexLtmOp } from "./reindex_ltm.ts";
import { rememberOp } from "./remember.ts";
import { rollbackSlotOp } from "./rollback_slot.ts";
import { searchMemoryOp } from "./search_memory.ts";
import { validateBundleOp } from "./validate_bundle.ts";
import { verifyLedgerOp } from "./verify_ledger.ts";
import { watchDownloadsOp } from "./watch_downloads.ts";

/** Every operation, in the order `--help` and `tools/list` show them. */
export const OPERATIONS: readonly AnyOperation[] = [
  // bundle
  validateBundleOp,
  inspectBundleOp,
  buildBundleOp,
  extractBundleOp,
  generateSigningKeyOp,
  // boot
  bootImageOp,
  bootStatusOp,
  promoteSlotOp,
  rollbackSlotOp,
  bootHistoryOp,
  getBootReportOp,
  // ltm
  reindexLtmOp,
  queryMipsIndexOp,
  getMipsDeltaOp,
  ltmGraphOp,
  verifyLedgerOp,
  // watcher
  watchDownloadsOp,
  ingestDeltaOp,
  // living image
  imageSendOp,
  imageObjectsOp,
  imageGetOp,
  imageHistoryOp,
  imageUndoOp,
  // knowledge catalog
  ingestAuditLogOp,
  rememberOp,
  searchMemoryOp,
  // audit
  auditReportOp,
  exportFinetuneOp,
  learningCheckOp,
  // llm
  llmStatusOp,
  // setup
  initDataDirOp,
  // store
  migrateStoreOp,
];

/**
 * The operation of a name.
 *
 * @param name The operation's name (the MCP tool name, e.g. `validate_bundle`).
 * @returns The operation, or `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findOperation } from "./registry.ts";
 * assert.equal(findOperation("validate_bundle")?.title, "Validate an OS bundle");
 * assert.equal(findOperation("nope"), undefined);
 * ```
 */
export function findOperation(name: string): AnyOperation | undefined {
  return OPERATIONS.find((op) => op.name === name);
}
