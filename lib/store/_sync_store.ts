import { DatabaseSync } from "node:sqlite";
import { dirname } from "node:path";

/** One step of a component's schema: SQL run once, in order. */
export type Migration = string;

/**
 * The kit's embedded store: one SQLite database per data directory, in WAL
 * mode, with per-component numbered migrations.
 *
 * @example Open, migrate, write in a transaction
 * ```ts
 * import assert from "node:assert/strict";
 * import { SyncStore } from "./_sync_store.ts";
 * using store = await SyncStore.open(":memory:");
 * store.migrate("demo", ["CREATE TABLE t (x INTEGER)"]);
 * store.transaction(() => store.db.prepare("INSERT INTO t VALUES (1)").run());
 * assert(store.db.prepare("SELECT count(*) AS n FROM t").get()?.n === 1);
 * ```
 */
export class SyncStore implements Disposable {
  /** The underlying database handle. */
  readonly db: DatabaseSync;
  /** The database file (or `:memory:`). */
  readonly path: string;

  private constructor(db: DatabaseSync, path: string) {
    this.db = db;
    this.path = path;
  }

  /**
   * Opens (creating if needed) the database at `path`.
   *
   * @param path A file path, or `:memory:`.
   * @returns The open store.
   * @throws {Error} When the file cannot be opened as SQLite.
   */
  static async open(path: string): Promise<SyncStore> {
    if (path !== ":memory:") await Deno.mkdir(dirname(path), { recursive: true });
    const db = new DatabaseSync(path);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)",
    );
    return new SyncStore(db, path);
  }

  /**
   * Brings a component's tables up to date: runs the migrations it has not run yet, each in a
   * transaction with its version bump.
   *
   * @param component The owner of the tables (e.g. `ltm`).
   * @param migrations All of the component's migrations, oldest first; never edit a shipped one.
   * @returns The component's schema version after migrating.
   */
  migrate(component: string, migrations: readonly Migration[]): number {
    const row = this.db.prepare("SELECT version FROM schema_versions WHERE component = ?").get(
      component,
    );
    let version = Number(row?.version ?? 0);
    for (; version < migrations.length; version++) {
      this.transaction(() => {
        this.db.exec(migrations[version]!);
        this.db.prepare(
          "INSERT INTO schema_versions (component, version) VALUES (?, ?) ON CONFLICT(component) DO UPDATE SET version = excluded.version",
        ).run(component, version + 1);
      });
    }
    return version;
  }

  /**
   * Runs `fn` in a transaction (`BEGIN IMMEDIATE`): committed when it returns,
   * rolled back when it throws. Nested calls join the outer transaction.
   *
   * @param fn The work; must be synchronous, as `node:sqlite` is.
   * @returns What `fn` returns.
   * @throws Whatever `fn` throws, after the rollback.
   */
  transaction<T>(fn: () => T): T {
    if (this.db.isTransaction) return fn();
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Closes the database. */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /** Closes the database (for `using`). */
  [Symbol.dispose](): void {
    this.close();
  }
}
