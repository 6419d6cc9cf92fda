/**
 * The LTM index's repository: every SQL statement of the `ltm` component, and
 * nothing else. The rest of `lib/ltm/` calls these functions with a
 * {@linkcode Tx} from `Store.transaction` / `Store.read`.
 *
 * Tables:
 * - `ltm_files`: one small row per indexed file (stat facts, sha256, derived fields), kept small so scans stay fast.
 * - `ltm_docs`: the record, header and body JSON of each file.
 * - `ltm_keys`: the names a file answers to when another delta refers to it (id, stem, artifact id).
 * - `ltm_refs`: the references a file makes (`parent_bundle`, `depends_on`, `supersedes`).
 * - `ltm_dirs`: directory mtimes, for quick (listing-only) rescans.
 * - `ltm_fts`: full text over module id, title and text (rowid = `ltm_files.id`).
 * - `ltm_meta`: the LTM folder, last update/verify times, files that could not be indexed.
 * - `ltm_graph`: the dependency graph of the current index generation, packed (one row).
 *
 * Portable SQL throughout, except the statements under "SQLite dialect" at
 * the end (FTS5, `rowid`, `GLOB`, `json_extract`, pragmas): a PostgreSQL store
 * adds its branch there (tsvector, `~`, `->>`) and a `postgres` migration.
 *
 * @module
 */
import type { Migration, Store, Tx } from "../store/store.ts";
import type { MipsBody, MipsRecord } from "../../schemas/mips.ts";
import { ftsTitle, searchText } from "./_text.ts";

/** The component name the tables are migrated under. */
export const COMPONENT = "ltm";

/** The `ltm` component's migrations, in order (never edited once shipped). */
export const MIGRATIONS: readonly Migration[] = [
  {
    // SQLite dialect: FTS5, WITHOUT ROWID, INTEGER PRIMARY KEY as the rowid.
    sqlite: `CREATE TABLE ltm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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
  }, // Portable: the graph of an index generation, computed when a reindex changes it.
  `CREATE TABLE ltm_graph (generation TEXT PRIMARY KEY, packed TEXT NOT NULL)`,
];

const migrated = new WeakSet<Store>();

/**
 * Creates or upgrades the LTM tables (once per store and process).
 *
 * @param store The store.
 */
export async function migrateLtm(store: Store): Promise<void> {
  if (migrated.has(store)) return;
  await store.migrate(COMPONENT, MIGRATIONS);
  migrated.add(store);
}

// ---- meta ---------------------------------------------------------------

/** Reads a meta value. */
export async function getMeta(tx: Tx, key: string): Promise<string | undefined> {
  const row = await tx.get("SELECT value FROM ltm_meta WHERE key = ?", [key]);
  return row === undefined ? undefined : String(row.value);
}

/** Writes a meta value. */
export async function setMeta(tx: Tx, key: string, value: string): Promise<void> {
  await tx.run(
    "INSERT INTO ltm_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [key, value],
  );
}

/** Empties every LTM table and records the folder the index now belongs to. */
export async function resetIndex(tx: Tx, root: string): Promise<void> {
  for (
    const t of ["ltm_refs", "ltm_keys", "ltm_docs", "ltm_files", "ltm_fts", "ltm_dirs", "ltm_graph"]
  ) {
    await tx.run(`DELETE FROM ${t}`);
  }
  await tx.run("DELETE FROM ltm_meta");
  await setMeta(tx, "ltm_dir", root);
}

// ---- files as the scanner sees them ---------------------------------------

/** The facts of an indexed file a rescan compares with. */
export interface IndexedRow {
  id: number;
  mtime: number;
  size: number;
  sha256: string;
  base: string;
}

const INDEXED = "SELECT id, path, mtime_ms, size, sha256, base_id FROM ltm_files";

function indexedRow(r: Record<string, unknown>): IndexedRow {
  return {
    id: Number(r.id),
    mtime: Number(r.mtime_ms),
    size: Number(r.size),
    sha256: String(r.sha256),
    base: String(r.base_id),
  };
}

/** Every indexed file by path. */
export async function listIndexed(tx: Tx): Promise<Map<string, IndexedRow>> {
  const out = new Map<string, IndexedRow>();
  for (const r of await tx.all(INDEXED)) out.set(String(r.path), indexedRow(r));
  return out;
}

/** One indexed file by path. */
export async function indexedByPath(tx: Tx, path: string): Promise<IndexedRow | undefined> {
  const r = await tx.get(`${INDEXED} WHERE path = ?`, [path]);
  return r === undefined ? undefined : indexedRow(r);
}

/** Paths of the indexed files directly in a folder. */
export async function pathsInDir(tx: Tx, dir: string): Promise<string[]> {
  return (await tx.all("SELECT path FROM ltm_files WHERE dir = ?", [dir])).map((r) =>
    String(r.path)
  );
}

/** Paths of the indexed files in a folder or below it. */
export async function pathsUnder(tx: Tx, dir: string): Promise<string[]> {
  const rows = await tx.all(
    "SELECT path FROM ltm_files WHERE dir = ? OR dir LIKE ? ESCAPE '\\'",
    [dir, `${likeEscape(dir)}/%`],
  );
  return rows.map((r) => String(r.path));
}

/** How many files are indexed. */
export async function countFiles(tx: Tx): Promise<number> {
  return Number((await tx.get("SELECT count(*) AS n FROM ltm_files"))?.n ?? 0);
}

/** Quarantined files, by path. */
export async function listQuarantined(tx: Tx): Promise<Array<{ path: string; reason: string }>> {
  // Sorted here: an ORDER BY would make SQLite walk the path index instead of the partial one.
  const rows = await tx.all(
    "SELECT path, quarantine_reason FROM ltm_files WHERE quarantine_reason IS NOT NULL",
  );
  return rows.map((r) => ({ path: String(r.path), reason: String(r.quarantine_reason) }))
    .sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

/** The directory mtimes of the last scan. */
export async function listDirs(tx: Tx): Promise<Map<string, number>> {
  const rows = await tx.all("SELECT path, mtime_ms FROM ltm_dirs");
  return new Map(rows.map((r) => [String(r.path), Number(r.mtime_ms)]));
}

/** Replaces every directory mtime (after a full scan). */
export async function replaceDirs(tx: Tx, dirs: ReadonlyMap<string, number>): Promise<void> {
  await tx.run("DELETE FROM ltm_dirs");
  await tx.runMany("INSERT INTO ltm_dirs (path, mtime_ms) VALUES (?, ?)", dirs);
}

/** Drops removed directories (and those below) and upserts changed ones (after a quick scan). */
export async function updateDirs(
  tx: Tx,
  removed: readonly string[],
  dirs: ReadonlyMap<string, number>,
): Promise<void> {
  await tx.runMany(
    "DELETE FROM ltm_dirs WHERE path = ? OR path LIKE ? ESCAPE '\\'",
    removed.map((d) => [d, `${likeEscape(d)}/%`]),
  );
  await tx.runMany(
    "INSERT INTO ltm_dirs (path, mtime_ms) VALUES (?, ?) " +
      "ON CONFLICT(path) DO UPDATE SET mtime_ms = excluded.mtime_ms",
    dirs,
  );
}

// ---- writes of one file --------------------------------------------------

/** Records a new stat of an unchanged file. */
export async function touchFile(tx: Tx, id: number, mtime: number, size: number): Promise<void> {
  await tx.run("UPDATE ltm_files SET mtime_ms = ?, size = ? WHERE id = ?", [mtime, size, id]);
}

/** The keys a file answers to, and whether it makes a `supersedes` reference. */
export async function fileLinks(
  tx: Tx,
  id: number,
): Promise<{ keys: string[]; supersedes: boolean }> {
  const keys = (await tx.all("SELECT key FROM ltm_keys WHERE file_id = ?", [id])).map((r) =>
    String(r.key)
  );
  const sup = await tx.get(
    "SELECT 1 AS x FROM ltm_refs WHERE file_id = ? AND kind = 'supersedes' LIMIT 1",
    [id],
  );
  return { keys, supersedes: sup !== undefined };
}

/** Whether any `supersedes` reference names one of the keys. */
export async function supersedesAnyOf(tx: Tx, keys: ReadonlySet<string>): Promise<boolean> {
  if (keys.size < 64) {
    for (const k of keys) {
      const hit = await tx.get(
        "SELECT 1 AS x FROM ltm_refs WHERE key = ? AND kind = 'supersedes' LIMIT 1",
        [k],
      );
      if (hit) return true;
    }
    return false;
  }
  const rows = await tx.all("SELECT key FROM ltm_refs WHERE kind = 'supersedes'");
  return rows.some((r) => keys.has(String(r.key)));
}

/** Removes a file and everything derived from it. */
export async function removeFile(tx: Tx, id: number): Promise<void> {
  await deleteFts(tx, id);
  await tx.run("DELETE FROM ltm_files WHERE id = ?", [id]);
}

/** The columns of a file's row, in {@linkcode upsertFile}'s order. */
export interface FileRow {
  path: string;
  dir: string;
  mtime_ms: number;
  size: number;
  sha256: string;
  format: string;
  base_id: string;
  artifact_id: string | null;
  version: string | null;
  timestamp_utc: string | null;
  ts_ms: number | null;
  status: string | null;
  title: string | null;
  summary: string;
  hash_status: string;
  hash_recipe: string | null;
  probe: number;
  quarantine_reason: string | null;
  posture: string;
  indexed_utc: string;
}

/**
 * Inserts or updates a file's row (a file keeps its module id while its base id
 * stays the same) and returns its id and module id.
 */
export async function upsertFile(tx: Tx, f: FileRow): Promise<{ id: number; module_id: string }> {
  const row = await tx.get(
    `INSERT INTO ltm_files (path, dir, mtime_ms, size, sha256, format, base_id, module_id, artifact_id, version,
       timestamp_utc, ts_ms, status, title, summary, hash_status, hash_recipe, probe, quarantine_reason, posture,
       indexed_utc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET
       mtime_ms = excluded.mtime_ms, size = excluded.size, sha256 = excluded.sha256, format = excluded.format,
       module_id = CASE WHEN ltm_files.base_id = excluded.base_id THEN ltm_files.module_id ELSE excluded.module_id END,
       base_id = excluded.base_id, artifact_id = excluded.artifact_id, version = excluded.version,
       timestamp_utc = excluded.timestamp_utc, ts_ms = excluded.ts_ms, status = excluded.status,
       title = excluded.title, summary = excluded.summary, hash_status = excluded.hash_status,
       hash_recipe = excluded.hash_recipe, probe = excluded.probe, quarantine_reason = excluded.quarantine_reason,
       posture = excluded.posture, indexed_utc = excluded.indexed_utc
     RETURNING id, module_id`,
    [
      f.path,
      f.dir,
      f.mtime_ms,
      f.size,
      f.sha256,
      f.format,
      f.base_id,
      f.base_id,
      f.artifact_id,
      f.version,
      f.timestamp_utc,
      f.ts_ms,
      f.status,
      f.title,
      f.summary,
      f.hash_status,
      f.hash_recipe,
      f.probe,
      f.quarantine_reason,
      f.posture,
      f.indexed_utc,
    ],
  );
  return { id: Number(row!.id), module_id: String(row!.module_id) };
}

/** Writes a file's record, header and body (JSON text). */
export async function putDoc(
  tx: Tx,
  id: number,
  doc: { record: string; header: string; body: string },
): Promise<void> {
  await tx.run(
    "INSERT INTO ltm_docs (id, record, header, body) VALUES (?, ?, ?, ?) " +
      "ON CONFLICT(id) DO UPDATE SET record = excluded.record, header = excluded.header, body = excluded.body",
    [id, doc.record, doc.header, doc.body],
  );
}

/** Drops a file's keys, references and full text (before they are rewritten). */
export async function clearDerived(tx: Tx, id: number): Promise<void> {
  await tx.run("DELETE FROM ltm_keys WHERE file_id = ?", [id]);
  await tx.run("DELETE FROM ltm_refs WHERE file_id = ?", [id]);
  await deleteFts(tx, id);
}

/** Adds the keys a file answers to (`[key, rank]`, duplicates ignored). */
export async function addKeys(
  tx: Tx,
  id: number,
  keys: ReadonlyArray<readonly [string, number]>,
): Promise<void> {
  await tx.runMany(
    "INSERT INTO ltm_keys (key, file_id, rank) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    keys.map(([k, rank]) => [k, id, rank]),
  );
}

/** Adds a file's references (`[kind, ref, key, required]`). */
export async function addRefs(
  tx: Tx,
  id: number,
  refs: ReadonlyArray<readonly [string, string, string, number]>,
): Promise<void> {
  await tx.runMany(
    "INSERT INTO ltm_refs (file_id, kind, ref, key, required) VALUES (?, ?, ?, ?, ?)",
    refs.map(([kind, ref, key, required]) => [id, kind, ref, key, required]),
  );
}

// ---- derived fields across files ------------------------------------------

/** Base ids that need a unique-id pass: shared by several files, or already suffixed. */
export async function collidedBases(tx: Tx): Promise<string[]> {
  const rows = await tx.all(
    `SELECT base_id FROM ltm_files GROUP BY base_id HAVING count(*) > 1
     UNION SELECT base_id FROM ltm_files WHERE module_id != base_id`,
  );
  return rows.map((r) => String(r.base_id));
}

/** The files of a base id, by path. */
export async function filesOfBase(
  tx: Tx,
  base: string,
): Promise<Array<{ id: number; path: string; module_id: string }>> {
  const rows = await tx.all(
    "SELECT id, path, module_id FROM ltm_files WHERE base_id = ? ORDER BY path",
    [base],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    path: String(r.path),
    module_id: String(r.module_id),
  }));
}

/** Whether another file has this module id. */
export async function moduleIdTaken(tx: Tx, moduleId: string, exceptId: number): Promise<boolean> {
  const hit = await tx.get("SELECT 1 AS x FROM ltm_files WHERE module_id = ? AND id != ? LIMIT 1", [
    moduleId,
    exceptId,
  ]);
  return hit !== undefined;
}

/** Gives a file a new module id (row and full text). */
export async function setModuleId(tx: Tx, id: number, moduleId: string): Promise<void> {
  await tx.run("UPDATE ltm_files SET module_id = ? WHERE id = ?", [moduleId, id]);
  await setFtsModuleId(tx, id, moduleId);
}

/** Every `supersedes` reference (`file_id`, `key`). */
export async function supersedesRefs(tx: Tx): Promise<Array<{ file_id: number; key: string }>> {
  const rows = await tx.all("SELECT file_id, key FROM ltm_refs WHERE kind = 'supersedes'");
  return rows.map((r) => ({ file_id: Number(r.file_id), key: String(r.key) }));
}

/** Ids of the files now HISTORICAL. */
export async function historicalIds(tx: Tx): Promise<number[]> {
  return (await tx.all("SELECT id FROM ltm_files WHERE posture = 'HISTORICAL'")).map((r) =>
    Number(r.id)
  );
}

/** A file's posture, record JSON and quarantine reason. */
export async function postureFacts(
  tx: Tx,
  id: number,
): Promise<{ posture: string; record: string; quarantine_reason: string | null } | undefined> {
  const r = await tx.get(
    "SELECT f.posture, d.record, f.quarantine_reason FROM ltm_files f JOIN ltm_docs d ON d.id = f.id WHERE f.id = ?",
    [id],
  );
  return r === undefined ? undefined : {
    posture: String(r.posture),
    record: String(r.record),
    quarantine_reason: r.quarantine_reason === null ? null : String(r.quarantine_reason),
  };
}

/** Sets a file's posture. */
export async function setPosture(tx: Tx, id: number, posture: string): Promise<void> {
  await tx.run("UPDATE ltm_files SET posture = ? WHERE id = ?", [posture, id]);
}

// ---- reading deltas ----------------------------------------------------------

/**
 * The best file for a reference key: lowest rank, then smallest path.
 *
 * @returns The file id, or undefined when nothing answers to it.
 */
export async function resolveKey(tx: Tx, key: string): Promise<number | undefined> {
  const row = await tx.get(
    `SELECT k.file_id AS id FROM ltm_keys k JOIN ltm_files f ON f.id = k.file_id
     WHERE k.key = ? ORDER BY k.rank, f.path LIMIT 1`,
    [key],
  );
  return row === undefined ? undefined : Number(row.id);
}

/** A delta's row as `getMipsDelta` needs it. */
export interface DeltaRow {
  id: number;
  module_id: string;
  path: string;
  posture: string;
  quarantine_reason: string | null;
  record: string;
  header: string;
  body: string;
}

const DELTA =
  "SELECT f.id, f.module_id, f.path, f.posture, f.quarantine_reason, d.record, d.header, d.body " +
  "FROM ltm_files f JOIN ltm_docs d ON d.id = f.id";

const DELTA_BY = {
  module_id: `${DELTA} WHERE f.module_id = ? LIMIT 1`,
  path: `${DELTA} WHERE f.path = ? LIMIT 1`,
  artifact_id: `${DELTA} WHERE f.artifact_id = ? ORDER BY f.path LIMIT 1`,
  base_id: `${DELTA} WHERE f.base_id = ? ORDER BY f.path LIMIT 1`,
  id: `${DELTA} WHERE f.id = ?`,
} as const;

/** A delta by one of its names. */
export async function deltaBy(
  tx: Tx,
  column: keyof typeof DELTA_BY,
  value: string | number,
): Promise<DeltaRow | undefined> {
  const r = await tx.get(DELTA_BY[column], [value]);
  return r === undefined ? undefined : {
    id: Number(r.id),
    module_id: String(r.module_id),
    path: String(r.path),
    posture: String(r.posture),
    quarantine_reason: r.quarantine_reason === null ? null : String(r.quarantine_reason),
    record: String(r.record),
    header: String(r.header),
    body: String(r.body),
  };
}

/** A file's references, in the order they were declared. */
export async function refsOf(
  tx: Tx,
  id: number,
): Promise<Array<{ kind: string; ref: string; key: string; required: boolean }>> {
  const rows = await tx.all(
    `SELECT kind, ref, key, required FROM ltm_refs WHERE file_id = ? ORDER BY ${REF_ORDER}`,
    [id],
  );
  return rows.map((r) => ({
    kind: String(r.kind),
    ref: String(r.ref),
    key: String(r.key),
    required: Number(r.required) === 1,
  }));
}

/** A file's module id. */
export async function moduleIdOf(tx: Tx, id: number): Promise<string | undefined> {
  const r = await tx.get("SELECT module_id FROM ltm_files WHERE id = ?", [id]);
  return r === undefined ? undefined : String(r.module_id);
}

/** References by other files to any key of this file (`key`, the referrer's module id). */
export async function refsToKeysOf(
  tx: Tx,
  id: number,
): Promise<Array<{ key: string; module_id: string }>> {
  const rows = await tx.all(
    `SELECT DISTINCT r.file_id AS id, r.key AS key, f.module_id AS module_id FROM ltm_keys k
     JOIN ltm_refs r ON r.key = k.key JOIN ltm_files f ON f.id = r.file_id
     WHERE k.file_id = ? AND r.file_id != ?`,
    [id, id],
  );
  return rows.map((r) => ({ key: String(r.key), module_id: String(r.module_id) }));
}

/** Everything the graph is built from. */
export async function graphRows(tx: Tx): Promise<{
  files: Array<{ id: number; path: string; module_id: string }>;
  keys: Array<{ key: string; file_id: number; rank: number }>;
  refs: Array<{ file_id: number; kind: string; ref: string; key: string; required: boolean }>;
}> {
  const files = (await tx.all("SELECT id, path, module_id FROM ltm_files")).map((f) => ({
    id: Number(f.id),
    path: String(f.path),
    module_id: String(f.module_id),
  }));
  const keys = (await tx.all("SELECT key, file_id, rank FROM ltm_keys")).map((k) => ({
    key: String(k.key),
    file_id: Number(k.file_id),
    rank: Number(k.rank),
  }));
  const refs = (await tx.all(
    `SELECT file_id, kind, ref, key, required FROM ltm_refs ORDER BY file_id, ${REF_ORDER}`,
  )).map((r) => ({
    file_id: Number(r.file_id),
    kind: String(r.kind),
    ref: String(r.ref),
    key: String(r.key),
    required: Number(r.required) === 1,
  }));
  return { files, keys, refs };
}

/** The stored graph's generation, if a graph is stored. */
export async function graphGeneration(tx: Tx): Promise<string | undefined> {
  const row = await tx.get("SELECT generation FROM ltm_graph LIMIT 1");
  return row === undefined ? undefined : String(row.generation);
}

/** The stored graph (packed) and the generation it was computed for. */
export async function getGraph(
  tx: Tx,
): Promise<{ generation: string; packed: string } | undefined> {
  const row = await tx.get("SELECT generation, packed FROM ltm_graph LIMIT 1");
  return row === undefined
    ? undefined
    : { generation: String(row.generation), packed: String(row.packed) };
}

/** Replaces the stored graph with the graph of `generation` (packed). */
export async function putGraph(tx: Tx, generation: string, packed: string): Promise<void> {
  await tx.run("DELETE FROM ltm_graph");
  await tx.run("INSERT INTO ltm_graph (generation, packed) VALUES (?, ?)", [generation, packed]);
}

/** Rows of the exported registry, by module id. */
export async function registryRows(tx: Tx): Promise<Array<Record<string, unknown>>> {
  return await tx.all(
    `SELECT f.module_id, f.path, f.sha256, f.posture, f.format, f.version, f.hash_status, f.hash_recipe, f.ts_ms,
       ${jsonText("d.record", "shape")} AS shape
     FROM ltm_files f JOIN ltm_docs d ON d.id = f.id ORDER BY f.module_id`,
  );
}

// ---- search -------------------------------------------------------------------

/** A structured filter on `ltm_files` (validated by the caller). */
export interface FileFilter {
  module_id?: string | undefined;
  module_glob?: string | undefined;
  posture?: string | undefined;
  format?: string | undefined;
  hash_status?: string | undefined;
  hash_recipe?: string | undefined;
  from_ms?: number | undefined;
  to_ms?: number | undefined;
}

function where(filter: FileFilter): { sql: string[]; params: Array<string | number> } {
  const sql: string[] = [];
  const params: Array<string | number> = [];
  const add = (clause: string, value: string | number | undefined) => {
    if (value === undefined) return;
    sql.push(clause);
    params.push(value);
  };
  add("f.module_id = ?", filter.module_id);
  add(`f.module_id ${GLOB} ?`, filter.module_glob);
  add("f.posture = ?", filter.posture);
  add("f.format = ?", filter.format);
  add("f.hash_status = ?", filter.hash_status);
  add("f.hash_recipe = ?", filter.hash_recipe);
  add("f.ts_ms >= ?", filter.from_ms);
  add("f.ts_ms <= ?", filter.to_ms);
  return { sql, params };
}

const HIT = "f.module_id, f.path, f.format, f.posture, f.hash_status, f.hash_recipe, " +
  "f.timestamp_utc, f.title";

/** Filtered files, newest first, paged, with their summary as the snippet. */
export async function pageFiles(
  tx: Tx,
  filter: FileFilter,
  limit: number,
  offset: number,
): Promise<{ total: number; rows: Array<Record<string, unknown>> }> {
  const w = where(filter);
  const clause = w.sql.length ? `WHERE ${w.sql.join(" AND ")}` : "";
  const total = Number(
    (await tx.get(`SELECT count(*) AS n FROM ltm_files f ${clause}`, w.params))?.n ?? 0,
  );
  const rows = total === 0 ? [] : await tx.all(
    `SELECT ${HIT}, 0 AS rank, f.summary AS snip FROM ltm_files f ${clause}
     ORDER BY f.ts_ms DESC, f.path LIMIT ? OFFSET ?`,
    [...w.params, limit, offset],
  );
  return { total, rows };
}

/** The hit columns of one file. */
export async function hitRow(tx: Tx, id: number): Promise<Record<string, unknown> | undefined> {
  return await tx.get(`SELECT ${HIT} FROM ltm_files f WHERE f.id = ?`, [id]);
}

// ---- SQLite dialect -------------------------------------------------------------
// FTS5 (`ltm_fts`, MATCH, bm25 `rank`, snippet), `rowid`, GLOB, json_extract, pragmas.

const GLOB = "GLOB";
const REF_ORDER = "rowid";

function jsonText(column: string, key: string): string {
  return `json_extract(${column}, '$.${key}')`;
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A bigger page cache for bulk writes: index inserts with random keys thrash the 2 MB default. */
export async function tuneForBulkWrites(tx: Tx): Promise<void> {
  if (tx.dialect === "sqlite") await tx.exec("PRAGMA cache_size = -65536");
}

async function deleteFts(tx: Tx, id: number): Promise<void> {
  await tx.run("DELETE FROM ltm_fts WHERE rowid = ?", [id]);
}

async function setFtsModuleId(tx: Tx, id: number, moduleId: string): Promise<void> {
  await tx.run("UPDATE ltm_fts SET module_id = ? WHERE rowid = ?", [moduleId, id]);
}

/** Rebuilds the full-text index from the files and documents (after a copy). */
export async function rebuildFts(tx: Tx): Promise<void> {
  await tx.run("DELETE FROM ltm_fts");
  const rows = await tx.all(
    "SELECT f.id, f.module_id, d.record, d.header, d.body FROM ltm_files f JOIN ltm_docs d ON d.id = f.id",
  );
  for (const r of rows) {
    const result = {
      record: JSON.parse(String(r.record)) as MipsRecord,
      header: JSON.parse(String(r.header)),
      body: JSON.parse(String(r.body)) as MipsBody,
    };
    await putFts(tx, Number(r.id), {
      module_id: String(r.module_id),
      title: ftsTitle(result.record),
      text: searchText(result),
    });
  }
}

/** Writes a file's full text (module id, title, text). */
export async function putFts(
  tx: Tx,
  id: number,
  doc: { module_id: string; title: string; text: string },
): Promise<void> {
  await tx.run("INSERT INTO ltm_fts (rowid, module_id, title, text) VALUES (?, ?, ?, ?)", [
    id,
    doc.module_id,
    doc.title,
    doc.text,
  ]);
}

/**
 * The first `want` files matching a full-text query (and a filter), best
 * bm25 first, with the total number of matches.
 */
export async function rankFts(
  tx: Tx,
  match: string,
  filter: FileFilter,
  want: number,
): Promise<{ total: number; ids: number[]; ranks: number[] }> {
  const w = where(filter);
  let total: number;
  let rows: Array<Record<string, unknown>>;
  if (w.sql.length === 0) {
    total = Number(
      (await tx.get("SELECT count(*) AS n FROM ltm_fts WHERE ltm_fts MATCH ?", [match]))?.n ?? 0,
    );
    rows = total === 0 ? [] : await tx.all(
      "SELECT rowid AS id, rank FROM ltm_fts WHERE ltm_fts MATCH ? ORDER BY rank, rowid LIMIT ?",
      [match, want],
    );
  } else {
    const clause = ["ltm_fts MATCH ?", ...w.sql].join(" AND ");
    const from = "FROM ltm_fts JOIN ltm_files f ON f.id = ltm_fts.rowid";
    total = Number(
      (await tx.get(`SELECT count(*) AS n ${from} WHERE ${clause}`, [match, ...w.params]))?.n ?? 0,
    );
    rows = total === 0 ? [] : await tx.all(
      `SELECT f.id AS id, ltm_fts.rank AS rank ${from} WHERE ${clause} ORDER BY ltm_fts.rank, f.id LIMIT ?`,
      [match, ...w.params, want],
    );
  }
  return { total, ids: rows.map((r) => Number(r.id)), ranks: rows.map((r) => Number(r.rank)) };
}

/** The matched words of a file in context (`[word]`). */
export async function snippet(tx: Tx, match: string, id: number): Promise<string | undefined> {
  const r = await tx.get(
    "SELECT snippet(ltm_fts, -1, '[', ']', '…', 16) AS snip FROM ltm_fts WHERE ltm_fts MATCH ? AND rowid = ?",
    [match, id],
  );
  return r?.snip === undefined || r.snip === null ? undefined : String(r.snip);
}
