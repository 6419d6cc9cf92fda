/**
 * The knowledge catalog's repository: every SQL statement of the `catalog`
 * component, and nothing else. The rest of `lib/catalog/` (and `lib/audit/`)
 * calls these functions with a {@linkcode Tx} from `Store.transaction` /
 * `Store.read`.
 *
 * Tables:
 * - `catalog_records`: one row per cycle-log record (its 13 fields, `validation_result` as JSON
 *   text), unique by `content_sha256`, with the log and line it was first read from.
 * - `catalog_documents`: one row per remembered file (path, sha256, kind, metadata).
 * - `catalog_chunks`: a document's chunks, in order.
 * - `catalog_embeddings`: one float32 vector per chunk, with the model that made it.
 * - `catalog_fts`: full text (FTS5, contentless) over records and chunks. A record's FTS rowid is
 *   its id; a chunk's is minus its id, so one BM25 ranking spans both (one set of term statistics).
 *
 * SQLite dialect only for now (FTS5, rowid); a PostgreSQL store adds a `postgres` migration and
 * branches here, without touching callers.
 *
 * @module
 */
import type { Migration, SqlValue, Store, Tx } from "../store/store.ts";
import type { CycleLogRecord } from "../../schemas/cycle_log.ts";

/** The component name the tables are migrated under. */
export const COMPONENT = "catalog";

// The text a record contributes to the full-text index (title, text), as SQL over its row.
const RECORD_FTS_SELECT = `SELECT id,
  event_type || ' ' || current_state || ' ' || coalesce(transition_to, '') || ' ' ||
    coalesce(active_persona, '') || ' ' || cycle_id || ' ' || coalesce(artifact_oid, '') || ' ' ||
    coalesce(final_outcome, ''),
  coalesce(llm_prompt, '') || ' ' || coalesce(llm_response_raw, '') || ' ' ||
    coalesce(validation_result, '')
  FROM catalog_records`;

/** The `catalog` component's migrations, in order (never edited once shipped). */
export const MIGRATIONS: readonly Migration[] = [{
  sqlite: `CREATE TABLE catalog_records (
     id INTEGER PRIMARY KEY,
     content_sha256 TEXT NOT NULL UNIQUE,
     ts_ms REAL,
     timestamp TEXT NOT NULL,
     cycle_id TEXT NOT NULL,
     transaction_id TEXT NOT NULL,
     mission_brief_hash TEXT NOT NULL,
     event_type TEXT NOT NULL,
     current_state TEXT NOT NULL,
     transition_to TEXT,
     active_persona TEXT,
     llm_prompt TEXT,
     llm_response_raw TEXT,
     artifact_oid TEXT,
     validation_result TEXT,
     final_outcome TEXT,
     source_log TEXT NOT NULL,
     source_line INTEGER NOT NULL
   );
   CREATE INDEX catalog_records_cycle ON catalog_records(cycle_id);
   CREATE INDEX catalog_records_ts ON catalog_records(ts_ms);
   CREATE INDEX catalog_records_event ON catalog_records(event_type);
   CREATE INDEX catalog_records_persona ON catalog_records(active_persona);
   CREATE INDEX catalog_records_outcome ON catalog_records(final_outcome) WHERE final_outcome IS NOT NULL;
   CREATE TABLE catalog_documents (
     id INTEGER PRIMARY KEY,
     path TEXT NOT NULL UNIQUE,
     sha256 TEXT NOT NULL,
     kind TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     ts_ms REAL,
     metadata TEXT NOT NULL,
     added_utc TEXT NOT NULL
   );
   CREATE TABLE catalog_chunks (
     id INTEGER PRIMARY KEY,
     document_id INTEGER NOT NULL REFERENCES catalog_documents(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     heading TEXT NOT NULL,
     text TEXT NOT NULL,
     UNIQUE (document_id, seq)
   );
   CREATE TABLE catalog_embeddings (
     chunk_id INTEGER PRIMARY KEY REFERENCES catalog_chunks(id) ON DELETE CASCADE,
     model TEXT NOT NULL,
     dims INTEGER NOT NULL,
     vector BLOB NOT NULL
   );
   CREATE INDEX catalog_embeddings_model ON catalog_embeddings(model);
   CREATE VIRTUAL TABLE catalog_fts USING fts5(
     title, text, content = '', contentless_delete = 1,
     tokenize = 'unicode61 remove_diacritics 2'
   );
   INSERT INTO catalog_fts (catalog_fts, rank) VALUES ('rank', 'bm25(2.0, 1.0)');`,
}];

const migrated = new WeakSet<Store>();

/**
 * Creates or upgrades the catalog's tables (once per store and process).
 *
 * @param store The store.
 * @returns Resolves once the tables are current.
 * @throws {KitError} `STORE_UNSUPPORTED` on a PostgreSQL store (no `postgres` migration yet).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "../store/sqlite_store.ts";
 * import { countRecords, migrateCatalog } from "./repository.ts";
 * await using store = await openSqliteStore(":memory:");
 * await migrateCatalog(store);
 * assert.equal(await store.read((tx) => countRecords(tx)), 0);
 * ```
 */
export async function migrateCatalog(store: Store): Promise<void> {
  if (migrated.has(store)) return;
  await store.migrate(COMPONENT, MIGRATIONS);
  migrated.add(store);
}

/** Rebuilds the full-text index from the tables (after `migrate-store` copied them). */
export async function rebuildCatalogFts(tx: Tx): Promise<void> {
  await tx.run("DELETE FROM catalog_fts");
  await tx.run(`INSERT INTO catalog_fts (rowid, title, text) ${RECORD_FTS_SELECT}`);
  await tx.run(
    "INSERT INTO catalog_fts (rowid, title, text) SELECT -id, heading, text FROM catalog_chunks",
  );
}

// ---- cycle-log records ------------------------------------------------------

/** A record as it is stored: the 13 fields, its content hash, and where it came from. */
export interface RecordRow {
  /** The content hash it is unique by. */
  content_sha256: string;
  /** The record. */
  record: CycleLogRecord;
  /** The log it was read from (first ingest). */
  source_log: string;
  /** Its 1-based line in that log. */
  source_line: number;
}

/** A stored record with its catalog id. */
export interface StoredRecord extends RecordRow {
  /** The catalog's id (ingest order). */
  id: number;
}

const RECORD_COLUMNS =
  "content_sha256, ts_ms, timestamp, cycle_id, transaction_id, mission_brief_hash, event_type, " +
  "current_state, transition_to, active_persona, llm_prompt, llm_response_raw, artifact_oid, " +
  "validation_result, final_outcome, source_log, source_line";

/**
 * Inserts records, skipping those whose content hash is already stored, and indexes the new ones.
 *
 * @param tx A write transaction.
 * @param rows The records.
 * @returns How many were new.
 */
export async function insertRecords(tx: Tx, rows: readonly RecordRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const before = Number((await tx.get("SELECT max(id) AS m FROM catalog_records"))?.m ?? 0);
  const added = await tx.runMany(
    `INSERT INTO catalog_records (${RECORD_COLUMNS}) VALUES (${
      RECORD_COLUMNS.split(",").map(() => "?").join(", ")
    }) ON CONFLICT (content_sha256) DO NOTHING`,
    rows.map(recordParams),
  );
  // Ids only grow (no AUTOINCREMENT gaps matter): the new rows are those past the old maximum.
  if (added > 0) {
    await tx.run(`INSERT INTO catalog_fts (rowid, title, text) ${RECORD_FTS_SELECT} WHERE id > ?`, [
      before,
    ]);
  }
  return added;
}

function recordParams(row: RecordRow): SqlValue[] {
  const r = row.record;
  const ts = Date.parse(r.timestamp);
  return [
    row.content_sha256,
    Number.isFinite(ts) ? ts : null,
    r.timestamp,
    r.cycle_id,
    r.transaction_id,
    r.mission_brief_hash,
    r.event_type,
    r.current_state,
    r.transition_to,
    r.active_persona,
    r.llm_prompt,
    r.llm_response_raw,
    r.artifact_oid,
    r.validation_result === null ? null : JSON.stringify(r.validation_result),
    r.final_outcome,
    row.source_log,
    row.source_line,
  ];
}

/** How many records are stored. */
export async function countRecords(tx: Tx): Promise<number> {
  return Number((await tx.get("SELECT count(*) AS n FROM catalog_records"))?.n ?? 0);
}

/** Filters over stored records (all optional; every given one must hold). */
export interface RecordFilter {
  /** Records of this cycle. */
  cycle_id?: string | undefined;
  /** Records whose `active_persona` is this. */
  persona?: string | undefined;
  /** Records of this event type. */
  event_type?: string | undefined;
  /** Records of cycles that ended so (a `FINAL_OUTCOME` record with this outcome). */
  outcome?: "COMPLETE" | "FAILED" | undefined;
  /** Records at or after this time (ISO 8601). */
  since?: string | undefined;
  /** Records before this time (ISO 8601). */
  until?: string | undefined;
  /** Records first read from a log whose path contains this text. */
  source?: string | undefined;
}

/**
 * The SQL condition (over `catalog_records` as `r`) and parameters of a filter.
 *
 * @param filter The filter.
 * @returns `{ where, params }`; `where` is `1` when nothing filters.
 */
export function recordWhere(filter: RecordFilter): { where: string; params: SqlValue[] } {
  const terms: string[] = [];
  const params: SqlValue[] = [];
  const add = (sql: string, value: SqlValue) => {
    terms.push(sql);
    params.push(value);
  };
  if (filter.cycle_id !== undefined) add("r.cycle_id = ?", filter.cycle_id);
  if (filter.persona !== undefined) add("r.active_persona = ?", filter.persona);
  if (filter.event_type !== undefined) add("r.event_type = ?", filter.event_type);
  if (filter.outcome !== undefined) {
    add(
      "r.cycle_id IN (SELECT cycle_id FROM catalog_records WHERE final_outcome = ?)",
      filter.outcome,
    );
  }
  if (filter.since !== undefined) add("r.ts_ms >= ?", timeMs(filter.since));
  if (filter.until !== undefined) add("r.ts_ms < ?", timeMs(filter.until));
  if (filter.source !== undefined) add("instr(r.source_log, ?) > 0", filter.source);
  return { where: terms.length === 0 ? "1" : terms.join(" AND "), params };
}

/**
 * Milliseconds since the epoch of an ISO 8601 time.
 *
 * @param iso The time.
 * @returns Its milliseconds.
 * @throws {RangeError} When it is not a time.
 */
export function timeMs(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RangeError(`Not an ISO 8601 time: ${iso}`);
  return ms;
}

/**
 * One page of stored records in id order, after id `after`.
 *
 * @param tx A read.
 * @param filter The filter.
 * @param after The last id of the previous page (0 first).
 * @param limit The page size.
 * @returns The records.
 */
export async function recordsAfter(
  tx: Tx,
  filter: RecordFilter,
  after: number,
  limit: number,
): Promise<StoredRecord[]> {
  const { where, params } = recordWhere(filter);
  const rows = await tx.all(
    `SELECT r.id, ${
      RECORD_COLUMNS.split(", ").map((c) => `r.${c}`).join(", ")
    } FROM catalog_records r WHERE r.id > ? AND ${where} ORDER BY r.id LIMIT ?`,
    [after, ...params, limit],
  );
  return rows.map(storedRecord);
}

/**
 * Stored records by id.
 *
 * @param tx A read.
 * @param ids The ids.
 * @returns The records found, by id.
 */
export async function recordsById(
  tx: Tx,
  ids: readonly number[],
): Promise<Map<number, StoredRecord>> {
  const out = new Map<number, StoredRecord>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await tx.all(
      `SELECT id, ${RECORD_COLUMNS} FROM catalog_records WHERE id IN (${
        part.map(() => "?").join(",")
      })`,
      part,
    );
    for (const row of rows) out.set(Number(row.id), storedRecord(row));
  }
  return out;
}

function storedRecord(row: Record<string, SqlValue>): StoredRecord {
  const s = (v: SqlValue | undefined) => v === null || v === undefined ? null : String(v);
  return {
    id: Number(row.id),
    content_sha256: String(row.content_sha256),
    source_log: String(row.source_log),
    source_line: Number(row.source_line),
    record: {
      timestamp: String(row.timestamp),
      cycle_id: String(row.cycle_id),
      transaction_id: String(row.transaction_id),
      mission_brief_hash: String(row.mission_brief_hash),
      event_type: String(row.event_type),
      current_state: String(row.current_state),
      transition_to: s(row.transition_to),
      active_persona: s(row.active_persona),
      llm_prompt: s(row.llm_prompt),
      llm_response_raw: s(row.llm_response_raw),
      artifact_oid: s(row.artifact_oid),
      validation_result: row.validation_result === null
        ? null
        : JSON.parse(String(row.validation_result)),
      final_outcome: s(row.final_outcome) as CycleLogRecord["final_outcome"],
    },
  };
}

// ---- documents and chunks ------------------------------------------------------

/** A remembered document as stored. */
export interface DocumentRow {
  /** Its path (absolute). */
  path: string;
  /** SHA-256 of its bytes. */
  sha256: string;
  /** `markdown`, `text`, `json` or `mips`. */
  kind: string;
  /** Its size. */
  bytes: number;
  /** Its time (a delta's timestamp, else the file's mtime), ms since the epoch. */
  ts_ms: number | null;
  /** Kind-specific facts (a delta's module id, posture, …). */
  metadata: Record<string, unknown>;
  /** When it was remembered (ISO 8601). */
  added_utc: string;
}

/** A chunk to store, with its embedding when one was computed. */
export interface ChunkRow {
  /** The heading path. */
  heading: string;
  /** The text. */
  text: string;
  /** Its vector and the model that made it. */
  embedding?: { model: string; vector: Uint8Array; dims: number } | undefined;
}

/**
 * The stored sha256 of a document, if it is remembered.
 *
 * @param tx A read.
 * @param path The document's path.
 * @returns Its sha256, or `undefined`.
 */
export async function documentSha(tx: Tx, path: string): Promise<string | undefined> {
  const row = await tx.get("SELECT sha256 FROM catalog_documents WHERE path = ?", [path]);
  return row === undefined ? undefined : String(row.sha256);
}

/**
 * The stored kind of a document, if it is remembered.
 *
 * @param tx A read.
 * @param path The document's path.
 * @returns Its kind, or `undefined`.
 */
export async function documentKind(tx: Tx, path: string): Promise<string | undefined> {
  const row = await tx.get("SELECT kind FROM catalog_documents WHERE path = ?", [path]);
  return row === undefined ? undefined : String(row.kind);
}

/**
 * Stores a document with its chunks, replacing what was stored under its path.
 *
 * @param tx A write transaction.
 * @param doc The document.
 * @param chunks Its chunks, in order.
 * @returns How many chunks the replaced version had (0 when it is new).
 */
export async function replaceDocument(
  tx: Tx,
  doc: DocumentRow,
  chunks: readonly ChunkRow[],
): Promise<number> {
  const old = await tx.get("SELECT id FROM catalog_documents WHERE path = ?", [doc.path]);
  let replaced = 0;
  if (old !== undefined) {
    const id = Number(old.id);
    await tx.run(
      "DELETE FROM catalog_fts WHERE rowid IN (SELECT -id FROM catalog_chunks WHERE document_id = ?)",
      [id],
    );
    await tx.run(
      "DELETE FROM catalog_embeddings WHERE chunk_id IN (SELECT id FROM catalog_chunks WHERE document_id = ?)",
      [id],
    );
    replaced = (await tx.run("DELETE FROM catalog_chunks WHERE document_id = ?", [id])).changes;
    await tx.run("DELETE FROM catalog_documents WHERE id = ?", [id]);
  }
  const row = await tx.get(
    "INSERT INTO catalog_documents (path, sha256, kind, bytes, ts_ms, metadata, added_utc) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    [
      doc.path,
      doc.sha256,
      doc.kind,
      doc.bytes,
      doc.ts_ms,
      JSON.stringify(doc.metadata),
      doc.added_utc,
    ],
  );
  const docId = Number(row!.id);
  for (const [seq, chunk] of chunks.entries()) {
    const c = await tx.get(
      "INSERT INTO catalog_chunks (document_id, seq, heading, text) VALUES (?, ?, ?, ?) RETURNING id",
      [docId, seq, chunk.heading, chunk.text],
    );
    const chunkId = Number(c!.id);
    await tx.run("INSERT INTO catalog_fts (rowid, title, text) VALUES (?, ?, ?)", [
      -chunkId,
      chunk.heading,
      chunk.text,
    ]);
    if (chunk.embedding) {
      await tx.run(
        "INSERT INTO catalog_embeddings (chunk_id, model, dims, vector) VALUES (?, ?, ?, ?)",
        [chunkId, chunk.embedding.model, chunk.embedding.dims, chunk.embedding.vector],
      );
    }
  }
  return replaced;
}

/** How many documents and chunks are stored. */
export async function countDocuments(tx: Tx): Promise<{ documents: number; chunks: number }> {
  const d = await tx.get("SELECT count(*) AS n FROM catalog_documents");
  const c = await tx.get("SELECT count(*) AS n FROM catalog_chunks");
  return { documents: Number(d?.n ?? 0), chunks: Number(c?.n ?? 0) };
}

// ---- search ----------------------------------------------------------------

/** What a search may be narrowed to (records only: cycle, persona, event type, outcome). */
export interface SearchFilter extends RecordFilter {
  /** Only records or only document chunks. */
  kind?: "record" | "chunk" | undefined;
}

function recordOnly(filter: SearchFilter): boolean {
  return filter.cycle_id !== undefined || filter.persona !== undefined ||
    filter.event_type !== undefined || filter.outcome !== undefined || filter.kind === "record";
}

function chunkWhere(filter: SearchFilter): { where: string; params: SqlValue[] } {
  const terms: string[] = [];
  const params: SqlValue[] = [];
  if (filter.since !== undefined) {
    terms.push("d.ts_ms >= ?");
    params.push(timeMs(filter.since));
  }
  if (filter.until !== undefined) {
    terms.push("d.ts_ms < ?");
    params.push(timeMs(filter.until));
  }
  if (filter.source !== undefined) {
    terms.push("instr(d.path, ?) > 0");
    params.push(filter.source);
  }
  return { where: terms.length === 0 ? "1" : terms.join(" AND "), params };
}

/**
 * FTS rowids matching an FTS5 query, best BM25 first, narrowed by `filter`.
 *
 * @param tx A read.
 * @param match An FTS5 query.
 * @param filter The filter.
 * @param limit How many at most.
 * @returns Rowids, best first.
 */
export async function bm25Search(
  tx: Tx,
  match: string,
  filter: SearchFilter,
  limit: number,
): Promise<number[]> {
  const unfiltered = Object.values(filter).every((v) => v === undefined);
  if (unfiltered) {
    // The fast path: FTS5 sorts by rank itself.
    const rows = await tx.all(
      "SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH ? ORDER BY rank LIMIT ?",
      [match, limit],
    );
    return rows.map((r) => Number(r.rowid));
  }
  const parts: string[] = [];
  const params: SqlValue[] = [];
  if (filter.kind !== "chunk") {
    const r = recordWhere(filter);
    parts.push(
      `(f.rowid > 0 AND EXISTS (SELECT 1 FROM catalog_records r WHERE r.id = f.rowid AND ${r.where}))`,
    );
    params.push(...r.params);
  }
  if (!recordOnly(filter)) {
    const c = chunkWhere(filter);
    parts.push(
      `(f.rowid < 0 AND EXISTS (SELECT 1 FROM catalog_chunks c JOIN catalog_documents d ON d.id = c.document_id WHERE c.id = -f.rowid AND ${c.where}))`,
    );
    params.push(...c.params);
  }
  if (parts.length === 0) return [];
  const rows = await tx.all(
    `SELECT f.rowid AS rowid FROM catalog_fts f WHERE catalog_fts MATCH ? AND (${
      parts.join(" OR ")
    }) ORDER BY f.rank LIMIT ?`,
    [match, ...params, limit],
  );
  return rows.map((r) => Number(r.rowid));
}

/** A chunk's vector, as stored. */
export interface StoredVector {
  /** The chunk's id. */
  chunk_id: number;
  /** Its float32 bytes. */
  vector: Uint8Array;
}

/**
 * The stored vectors of one model, narrowed by the chunk half of `filter` (none when the
 * filter is about records only).
 *
 * @param tx A read.
 * @param model The embedding model.
 * @param filter The filter.
 * @returns The vectors.
 */
export async function vectorsOf(
  tx: Tx,
  model: string,
  filter: SearchFilter,
): Promise<StoredVector[]> {
  if (recordOnly(filter)) return [];
  const c = chunkWhere(filter);
  const rows = await tx.all(
    `SELECT e.chunk_id, e.vector FROM catalog_embeddings e JOIN catalog_chunks c ON c.id = e.chunk_id JOIN catalog_documents d ON d.id = c.document_id WHERE e.model = ? AND ${c.where}`,
    [model, ...c.params],
  );
  return rows.map((r) => ({ chunk_id: Number(r.chunk_id), vector: r.vector as Uint8Array }));
}

/**
 * Whether any chunk has a vector of this model.
 *
 * @param tx A read.
 * @param model The embedding model.
 * @returns True when at least one does.
 */
export async function hasVectors(tx: Tx, model: string): Promise<boolean> {
  return (await tx.get("SELECT 1 AS x FROM catalog_embeddings WHERE model = ? LIMIT 1", [
    model,
  ])) !==
    undefined;
}

/** A stored chunk with its document. */
export interface StoredChunk {
  /** The chunk's id. */
  id: number;
  /** Its place in the document (0-based). */
  seq: number;
  /** The heading path. */
  heading: string;
  /** The text. */
  text: string;
  /** The document's path. */
  path: string;
  /** The document's kind. */
  kind: string;
  /** The document's metadata. */
  metadata: Record<string, unknown>;
  /** The document's time (ms), if known. */
  ts_ms: number | null;
}

/**
 * Stored chunks by id.
 *
 * @param tx A read.
 * @param ids Chunk ids.
 * @returns The chunks found, by id.
 */
export async function chunksById(
  tx: Tx,
  ids: readonly number[],
): Promise<Map<number, StoredChunk>> {
  const out = new Map<number, StoredChunk>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await tx.all(
      `SELECT c.id, c.seq, c.heading, c.text, d.path, d.kind, d.metadata, d.ts_ms FROM catalog_chunks c JOIN catalog_documents d ON d.id = c.document_id WHERE c.id IN (${
        part.map(() => "?").join(",")
      })`,
      part,
    );
    for (const r of rows) {
      out.set(Number(r.id), {
        id: Number(r.id),
        seq: Number(r.seq),
        heading: String(r.heading),
        text: String(r.text),
        path: String(r.path),
        kind: String(r.kind),
        metadata: JSON.parse(String(r.metadata)),
        ts_ms: r.ts_ms === null ? null : Number(r.ts_ms),
      });
    }
  }
  return out;
}
