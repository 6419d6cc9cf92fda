/**
 * What a capability declares about the tables it owns, so the kit can migrate
 * them and copy them between stores (`metablooms migrate-store`) without
 * knowing the capability.
 *
 * A repository exports one {@linkcode StoreComponent} and migrates with it
 * ({@linkcode migrateComponent}); `lib/setup/store_components.ts` lists every
 * component the kit has.
 *
 * @module
 */
import type { Migration, Store, Tx } from "./store.ts";

/** One table of a component, as copied. */
export interface TableSpec {
  /** The table's name. */
  name: string;
  /**
   * Columns that identify a row (the primary key or a unique set): the copy goes in this
   * order, in batches, and resumes after the last batch it committed. Without a key the table
   * is copied in one transaction.
   */
  key?: readonly string[];
  /**
   * Columns only one dialect has (PostgreSQL's stand-in for SQLite's hidden `rowid`): never
   * copied, so the target fills them itself.
   */
  local_columns?: readonly string[];
}

/** A capability's tables: its migrations and how to copy them. */
export interface StoreComponent {
  /** The component name its migrations are recorded under (`ltm`, `image`, …). */
  name: string;
  /** Its migrations, in order (never edited once shipped). */
  migrations: readonly Migration[];
  /**
   * The tables that hold its data, parents before children (foreign keys), each copied as is.
   * Derived tables (full-text indexes and the like) are left out and rebuilt by `rebuild`.
   */
  tables: readonly TableSpec[];
  /** Rebuilds derived data on a store after its tables were copied in (per `tx.dialect`). */
  rebuild?: (tx: Tx) => Promise<void>;
}

/**
 * Brings a component's tables up to date.
 *
 * @param store The store.
 * @param component The component.
 * @returns Its schema version afterwards.
 * @throws {KitError} `STORE_UNSUPPORTED` when a migration has no form for the store's dialect.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { migrateComponent, type StoreComponent } from "./component.ts";
 * const notes: StoreComponent = {
 *   name: "notes",
 *   migrations: ["CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)"],
 *   tables: [{ name: "notes", key: ["id"] }],
 * };
 * await using store = await openSqliteStore(":memory:");
 * assert.equal(await migrateComponent(store, notes), 1);
 * ```
 */
export function migrateComponent(store: Store, component: StoreComponent): Promise<number> {
  return store.migrate(component.name, component.migrations);
}
