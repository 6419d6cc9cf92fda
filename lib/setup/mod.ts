/**
 * First-start set-up: load the shipped sample bundle and LTM into a new data
 * directory through the same capability functions the tools call.
 *
 * @example Check whether a data directory is new
 * ```ts
 * import assert from "node:assert/strict";
 * import { isDataDirEmpty } from "./mod.ts";
 * assert(await isDataDirEmpty("/nonexistent/metablooms-data"));
 * ```
 *
 * @module
 */
export * from "./first_run.ts";
export * from "../../schemas/setup.ts";
export * from "./store_components.ts";
export * from "./migrate_store.ts";
