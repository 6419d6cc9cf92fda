/**
 * @metablooms/kit: validate, build and boot MetaBlooms OS bundles, keep a
 * long-term memory of MIPS deltas, and serve both to LLM chat sessions over
 * MCP. The public surface is the operation registry (every operation with its
 * input and result schemas), the context operations run with, the
 * configuration, the errors and the LLM client; the capabilities behind the
 * operations are internal.
 *
 * @example Run an operation
 * ```ts
 * import assert from "node:assert/strict";
 * import { createContext, loadConfig, runOperation, verifyLedgerOp } from "./mod.ts";
 * const dir = await Deno.realPath(await Deno.makeTempDir());
 * await Deno.writeTextFile(`${dir}/ledger.ndjson`, "");
 * await using ctx = createContext(await loadConfig({ env: {}, cwd: dir }), { door: "cli", cwd: dir });
 * const result = await runOperation(verifyLedgerOp, { path: "ledger.ndjson" }, ctx);
 * assert.equal(result.ok, true);
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./ops/mod.ts";
export * from "./schemas/audit.ts";
export * from "./schemas/audit_input.ts";
export * from "./schemas/boot.ts";
export * from "./schemas/boot_input.ts";
export * from "./schemas/bundle.ts";
export * from "./schemas/bundle_input.ts";
export * from "./schemas/catalog.ts";
export * from "./schemas/catalog_input.ts";
export * from "./schemas/config.ts";
export * from "./schemas/cycle_log.ts";
export * from "./schemas/image.ts";
export * from "./schemas/image_input.ts";
export * from "./schemas/llm.ts";
export * from "./schemas/llm_doctor.ts";
export * from "./schemas/llm_input.ts";
export * from "./schemas/ltm.ts";
export * from "./schemas/ltm_input.ts";
export * from "./schemas/mips.ts";
export * from "./schemas/setup.ts";
export * from "./schemas/state.ts";
export * from "./schemas/store.ts";
export * from "./schemas/watcher.ts";
export * from "./schemas/watcher_input.ts";
export * from "./lib/config.ts";
export * from "./lib/config_view.ts";
export * from "./lib/errors.ts";
export * from "./lib/own.ts";
export * from "./lib/progress.ts";
export * from "./lib/version.ts";
export * from "./lib/llm/mod.ts";
export * from "./lib/store/mod.ts";
