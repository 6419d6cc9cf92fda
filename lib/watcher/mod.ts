/**
 * The downloads watcher and LTM git sync: recognize MIPS deltas and OS
 * bundles landing in a downloads folder, wait until they are complete,
 * validate them, file them into the LTM git repository with a hash-chained
 * ledger line, keep the manifests current, commit and push with retries.
 * {@linkcode ingestDelta} is the per-file pipeline; {@linkcode runWatcher}
 * the loop around it.
 *
 * @example Recognize what the watcher would pick up
 * ```ts
 * import assert from "node:assert/strict";
 * import { ignoredNameReason, recognizeName } from "./mod.ts";
 * assert(recognizeName("MB__03_DELTA__BlueWidgets_v1.mips.json") === "mips");
 * assert(ignoredNameReason("MetaBlooms_OS.zip.crdownload") === "partial-download");
 * ```
 *
 * @module
 */
export * from "./feed.ts";
export * from "./filing.ts";
export * from "./commit_queue.ts";
export * from "./heartbeat.ts";
export * from "./ingest.ts";
export * from "./journal.ts";
export * from "./inspect.ts";
export * from "./ledger.ts";
export * from "./log.ts";
export * from "./merge.ts";
export * from "./recognize.ts";
export * from "./reindex.ts";
export * from "./repair.ts";
export * from "./repo_sync.ts";
export * from "./scan.ts";
export * from "./stability.ts";
export * from "./types.ts";
export * from "./watch.ts";
export * from "../../schemas/watcher.ts";
