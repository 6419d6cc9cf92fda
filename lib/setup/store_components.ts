/**
 * Every component of the kit that keeps tables in the store, in the order a
 * copy goes (`metablooms migrate-store`). A capability's repository exports one
 * {@linkcode StoreComponent} (its name, migrations and tables) and adds one
 * line here.
 *
 * @module
 */
import type { StoreComponent } from "../store/component.ts";

/**
 * The kit's store components. Empty until the capabilities' repositories move onto the async
 * store seam (the LTM index, the living image, the audit catalog); a source component missing
 * from this list is reported by `migrate-store` as skipped, never silently dropped.
 */
export const STORE_COMPONENTS: readonly StoreComponent[] = [];
