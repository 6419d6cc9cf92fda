/**
 * The knowledge catalog as a store component: what `metablooms migrate-store`
 * needs to copy it between stores.
 *
 * @module
 */
import type { StoreComponent } from "../store/component.ts";
import { COMPONENT, MIGRATIONS, rebuildCatalogFts } from "./repository.ts";

/**
 * The catalog's tables (its full-text index is derived: rebuilt after a copy).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CATALOG_COMPONENT } from "./store_component.ts";
 * assert.equal(CATALOG_COMPONENT.name, "catalog");
 * assert(CATALOG_COMPONENT.tables.some((t) => t.name === "catalog_records"));
 * ```
 */
export const CATALOG_COMPONENT: StoreComponent = {
  name: COMPONENT,
  migrations: MIGRATIONS,
  tables: [
    { name: "catalog_records", key: ["id"] },
    { name: "catalog_documents", key: ["id"] },
    { name: "catalog_chunks", key: ["id"] },
    { name: "catalog_embeddings", key: ["chunk_id"] },
  ],
  rebuild: rebuildCatalogFts,
};
