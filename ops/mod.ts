/**
 * The operation registry: every operation of the kit defined once (input and
 * output schemas, `run`, `render`, exit code, MCP hints, CLI spelling), the
 * context they run with, and how any door runs one from raw input.
 *
 * @example Run an operation the way a web door would
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../lib/config.ts";
 * import { createContext, findOperation, runOperation } from "./mod.ts";
 * const dir = await Deno.realPath(await Deno.makeTempDir());
 * const config = await loadConfig({ env: {}, cwd: dir, flags: { roots: [dir] } });
 * await using ctx = createContext(config, { door: "web", cwd: dir });
 * const op = findOperation("validate_bundle")!;
 * await assert.rejects(runOperation(op, { path: "missing.zip" }, ctx), { code: "BUNDLE_NOT_FOUND" });
 * await assert.rejects(runOperation(op, { path: "/etc/hostname" }, ctx), { code: "PATH_OUTSIDE_ROOTS" });
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./operation.ts";
export * from "./context.ts";
export * from "./run.ts";
export * from "./read_only.ts";
export * from "./ui.ts";
export * from "./registry.ts";
export * from "./validate_bundle.ts";
export * from "./inspect_bundle.ts";
export * from "./build_bundle.ts";
export * from "./extract_bundle.ts";
export * from "./generate_signing_key.ts";
export * from "./boot_image.ts";
export * from "./boot_status.ts";
export * from "./promote_slot.ts";
export * from "./rollback_slot.ts";
export * from "./boot_history.ts";
export * from "./get_boot_report.ts";
export * from "./reindex_ltm.ts";
export * from "./query_mips_index.ts";
export * from "./get_mips_delta.ts";
export * from "./ltm_graph.ts";
export * from "./verify_ledger.ts";
export * from "./watch_downloads.ts";
export * from "./ingest_delta.ts";
export * from "./image_send.ts";
export * from "./image_objects.ts";
export * from "./image_get.ts";
export * from "./image_history.ts";
export * from "./image_undo.ts";
export * from "./ingest_audit_log.ts";
export * from "./remember.ts";
export * from "./search_memory.ts";
export * from "./audit_report.ts";
export * from "./export_finetune.ts";
export * from "./learning_check.ts";
export * from "./llm_status.ts";
export * from "./init_data_dir.ts";
export * from "./migrate_store.ts";
