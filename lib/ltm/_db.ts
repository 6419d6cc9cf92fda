/**
 * The LTM index's tables (component `ltm`) and small helpers around them.
 *
 * - `ltm_files`: one small row per indexed file (stat facts, sha256, derived fields), kept small so scans stay fast.
 * - `ltm_docs`: the record, header and body JSON of each file.
 * - `ltm_keys`: the names a file answers to when another delta refers to it (id, stem, artifact id).
 * - `ltm_refs`: the references a file makes (`parent_bundle`, `depends_on`, `supersedes`).
 * - `ltm_dirs`: directory mtimes, for quick (listing-only) rescans.
 * - `ltm_fts`: FTS5 over module id, title and text (rowid = `ltm_files.id`).
 * - `ltm_meta`: the LTM folder, last update/verify times, files that could not be indexed.
 *
 * @module
 */
import type { StatementSync } from "node:sqlite";
import type { SyncStore as Store } from "../store/_sync_store.ts";

/** The component name the tables are migrated under. */
export const COMPONENT = "ltm";

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE ltm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE ltm_files (
     id INTEGER PRIMARY KEY,
     path TEXT NOT NULL UNIQUE,
     dir TEXT NOT NULL,
     mtime_ms REAL NOT NULL,
     size INTEGER NOT NULL,
     sha256 TEXT NOT NULL,
     format TEXT NOT NULL,
     base_id TEXT NOT NULL,
     module_id TEXT NOT NULL,
     artifact_id TEXT,
     version TEXT,
     timestamp_utc TEXT,
     ts_ms REAL,
     status TEXT,
     title TEXT,
     summary TEXT NOT NULL,
     hash_status TEXT NOT NULL,
     hash_recipe TEXT,
     probe INTEGER NOT NULL,
     quarantine_reason TEXT,
     posture TEXT NOT NULL DEFAULT 'OPTIONAL',
     indexed_utc TEXT NOT NULL
   );
   CREATE TABLE ltm_docs (
     id INTEGER PRIMARY KEY REFERENCES ltm_files(id) ON DELETE CASCADE,
     record TEXT NOT NULL,
     header TEXT NOT NULL,
     body TEXT NOT NULL
   );
   CREATE INDEX ltm_files_dir ON ltm_files(dir);
   CREATE INDEX ltm_files_base ON ltm_files(base_id);
   CREATE INDEX ltm_files_module ON ltm_files(module_id);
   CREATE INDEX ltm_files_ts ON ltm_files(ts_ms);
   CREATE INDEX ltm_files_posture ON ltm_files(posture, ts_ms);
   CREATE INDEX ltm_files_quarantine ON ltm_files(quarantine_reason) WHERE quarantine_reason IS NOT NULL;
   CREATE TABLE ltm_keys (
     key TEXT NOT NULL,
     file_id INTEGER NOT NULL REFERENCES ltm_files(id) ON DELETE CASCADE,
     rank INTEGER NOT NULL,
     PRIMARY KEY (key, file_id)
   ) WITHOUT ROWID;
   CREATE INDEX ltm_keys_file ON ltm_keys(file_id);
   CREATE TABLE ltm_refs (
     file_id INTEGER NOT NULL REFERENCES ltm_files(id) ON DELETE CASCADE,
     kind TEXT NOT NULL,
     ref TEXT NOT NULL,
     key TEXT NOT NULL,
     required INTEGER NOT NULL
   );
   CREATE INDEX ltm_refs_file ON ltm_refs(file_id);
   CREATE INDEX ltm_refs_key ON ltm_refs(key);
   CREATE TABLE ltm_dirs (path TEXT PRIMARY KEY, mtime_ms REAL NOT NULL) WITHOUT ROWID;
   CREATE VIRTUAL TABLE ltm_fts USING fts5(
     module_id, title, text, tokenize = 'unicode61 remove_diacritics 2'
   );
   INSERT INTO ltm_fts (ltm_fts, rank) VALUES ('rank', 'bm25(5.0, 3.0, 1.0)');`,
];

/**
 * Creates or upgrades the LTM tables.
 *
 * @param store The store.
 */
export function migrateLtm(store: Store): void {
  if (migrated.has(store)) return;
  store.migrate(COMPONENT, MIGRATIONS);
  migrated.add(store);
}

const migrated = new WeakSet<Store>();

/**
 * Reads a meta value.
 *
 * @param store The store.
 * @param key The key.
 * @returns The value, or undefined.
 */
export function getMeta(store: Store, key: string): string | undefined {
  const row = store.db.prepare("SELECT value FROM ltm_meta WHERE key = ?").get(key);
  return row === undefined ? undefined : String(row.value);
}

/**
 * Writes a meta value.
 *
 * @param store The store.
 * @param key The key.
 * @param value The value.
 */
export function setMeta(store: Store, key: string, value: string): void {
  store.db.prepare(
    "INSERT INTO ltm_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(key, value);
}

const statementCache = new WeakMap<Store, Map<string, StatementSync>>();

/**
 * A prepared statement, cached per store.
 *
 * @param store The store.
 * @param sql The SQL.
 * @returns The statement.
 */
export function stmt(store: Store, sql: string): StatementSync {
  let cache = statementCache.get(store);
  if (!cache) statementCache.set(store, cache = new Map());
  let s = cache.get(sql);
  if (!s) cache.set(sql, s = store.db.prepare(sql));
  return s;
}

/**
 * The best file for a reference key: lowest rank, then smallest path.
 *
 * @param store The store.
 * @param key The reference key.
 * @returns The file id, or undefined when nothing answers to it.
 */
export function resolveKey(store: Store, key: string): number | undefined {
  const row = stmt(
    store,
    `SELECT k.file_id AS id FROM ltm_keys k JOIN ltm_files f ON f.id = k.file_id
     WHERE k.key = ? ORDER BY k.rank, f.path LIMIT 1`,
  ).get(key);
  return row === undefined ? undefined : Number(row.id);
}

/** Serialises per-store writers inside one process (SQLite serialises across processes). */
const locks = new WeakMap<Store, Promise<unknown>>();

/**
 * Runs `fn` after every earlier call for the same store has finished.
 *
 * @param store The store.
 * @param fn The work.
 * @returns What `fn` returns.
 */
export function serialized<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(store) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  locks.set(store, next.catch(() => {}));
  return next;
}
