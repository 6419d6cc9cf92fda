/**
 * The LTM index as a store component: what `metablooms migrate-store` needs
 * to copy it between stores.
 *
 * @module
 */
import type { StoreComponent } from "../store/component.ts";
import { COMPONENT, MIGRATIONS, rebuildFts } from "./_repository.ts";

/**
 * The LTM index's tables (its full-text index is derived: rebuilt after a copy).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LTM_COMPONENT } from "./store_component.ts";
 * assert.equal(LTM_COMPONENT.name, "ltm");
 * assert(LTM_COMPONENT.tables.some((t) => t.name === "ltm_files"));
 * ```
 */
export const LTM_COMPONENT: StoreComponent = {
  name: COMPONENT,
  migrations: MIGRATIONS,
  tables: [
    { name: "ltm_meta", key: ["key"] },
    { name: "ltm_files", key: ["id"] },
    { name: "ltm_docs", key: ["id"] },
    { name: "ltm_keys", key: ["key", "file_id"] },
    { name: "ltm_refs", local_columns: ["seq"] },
    { name: "ltm_dirs", key: ["path"] },
    { name: "ltm_graph", key: ["generation"] },
  ],
  rebuild: rebuildFts,
};
