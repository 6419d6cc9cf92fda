/**
 * Every component of the kit that keeps tables in the store, in the order a
 * copy goes (`metablooms migrate-store`). A capability's repository exports one
 * {@linkcode StoreComponent} (its name, migrations and tables) and adds one
 * line here.
 *
 * @module
 */
import type { StoreComponent } from "../store/component.ts";
import { LTM_COMPONENT } from "../ltm/store_component.ts";
import { IMAGE_COMPONENT } from "../image/store_component.ts";
import { CATALOG_COMPONENT } from "../catalog/store_component.ts";

/**
 * The kit's store components: the LTM index, the living image and the knowledge catalog; a
 * source component missing from this list is reported by `migrate-store` as skipped, never
 * silently dropped.
 */
export const STORE_COMPONENTS: readonly StoreComponent[] = [
  LTM_COMPONENT,
  IMAGE_COMPONENT,
  CATALOG_COMPONENT,
];
