/**
 * The living image as a store component: what `metablooms migrate-store`
 * needs to copy it between stores.
 *
 * @module
 */
import type { StoreComponent } from "../store/component.ts";
import { IMAGE_COMPONENT_NAME, IMAGE_MIGRATIONS } from "./repository.ts";

/**
 * The image's tables: current objects, every committed version, finished cycles (nothing
 * derived to rebuild).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IMAGE_COMPONENT } from "./store_component.ts";
 * assert.equal(IMAGE_COMPONENT.name, "image");
 * assert(IMAGE_COMPONENT.tables.some((t) => t.name === "image_versions"));
 * ```
 */
export const IMAGE_COMPONENT: StoreComponent = {
  name: IMAGE_COMPONENT_NAME,
  migrations: IMAGE_MIGRATIONS,
  tables: [
    { name: "image_objects", key: ["oid"] },
    { name: "image_versions", key: ["oid", "version"] },
    { name: "image_cycles", key: ["cycle_id"] },
  ],
};
