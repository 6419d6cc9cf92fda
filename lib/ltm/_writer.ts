/**
 * The writes of one reindex run: insert or update a file's rows (files, docs,
 * keys, references, full text), touch unchanged files, remove gone ones, and
 * track what changed so postures are recomputed only when they can move.
 *
 * @module
 */
import type { MipsParseResult } from "../../schemas/mips.ts";
import { fileStem, refKey } from "../mips/ids.ts";
import type { SyncStore as Store } from "../store/_sync_store.ts";
import { stmt } from "./_db.ts";
import { basePosture, searchText, summaryOf } from "./_derive.ts";
import { type ScannedFile, trustedMtime } from "./_scan.ts";

/** Prepared writes of one reindex run. */
export class RowWriter {
  constructor(readonly store: Store, readonly now: string) {}

  touch(id: number, file: ScannedFile): void {
    stmt(this.store, "UPDATE ltm_files SET mtime_ms = ?, size = ? WHERE id = ?").run(
      trustedMtime(file.mtimeMs),
      file.size,
      id,
    );
  }

  /** Keys whose resolution may have changed, and whether a `supersedes` reference changed. */
  readonly dirtyKeys: Set<string> = new Set();
  supersedesTouched = false;

  /** Whether any change can move a file in or out of HISTORICAL. */
  historicalMayChange(): boolean {
    if (this.supersedesTouched) return true;
    if (this.dirtyKeys.size === 0) return false;
    if (this.dirtyKeys.size < 64) {
      const hit = stmt(
        this.store,
        "SELECT 1 AS x FROM ltm_refs WHERE key = ? AND kind = 'supersedes' LIMIT 1",
      );
      return [...this.dirtyKeys].some((k) => hit.get(k) !== undefined);
    }
    const keys = stmt(this.store, "SELECT key FROM ltm_refs WHERE kind = 'supersedes'").all();
    return keys.some((r) => this.dirtyKeys.has(String(r.key)));
  }

  /** Notes the keys and references a file has before it changes. */
  private noteOld(id: number): void {
    for (const r of stmt(this.store, "SELECT key FROM ltm_keys WHERE file_id = ?").all(id)) {
      this.dirtyKeys.add(String(r.key));
    }
    const sup = stmt(
      this.store,
      "SELECT 1 AS x FROM ltm_refs WHERE file_id = ? AND kind = 'supersedes' LIMIT 1",
    );
    if (sup.get(id)) this.supersedesTouched = true;
  }

  remove(id: number): void {
    this.noteOld(id);
    stmt(this.store, "DELETE FROM ltm_fts WHERE rowid = ?").run(id);
    stmt(this.store, "DELETE FROM ltm_files WHERE id = ?").run(id);
  }

  upsert(
    file: ScannedFile,
    result: MipsParseResult,
    quarantineReason: string | undefined,
    isNew: boolean,
  ): void {
    const r = result.record;
    const text = searchText(result);
    const ts = r.timestamp_utc ? Date.parse(r.timestamp_utc) : null;
    const row = stmt(
      this.store,
      `INSERT INTO ltm_files (path, dir, mtime_ms, size, sha256, format, base_id, module_id, artifact_id, version,
         timestamp_utc, ts_ms, status, title, summary, hash_status, hash_recipe, probe, quarantine_reason, posture,
         indexed_utc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(path) DO UPDATE SET
         mtime_ms = excluded.mtime_ms, size = excluded.size, sha256 = excluded.sha256, format = excluded.format,
         module_id = CASE WHEN base_id = excluded.base_id THEN module_id ELSE excluded.module_id END,
         base_id = excluded.base_id, artifact_id = excluded.artifact_id, version = excluded.version,
         timestamp_utc = excluded.timestamp_utc, ts_ms = excluded.ts_ms, status = excluded.status,
         title = excluded.title, summary = excluded.summary, hash_status = excluded.hash_status,
         hash_recipe = excluded.hash_recipe, probe = excluded.probe, quarantine_reason = excluded.quarantine_reason,
         posture = excluded.posture, indexed_utc = excluded.indexed_utc
       RETURNING id, module_id`,
    ).get(
      file.path,
      file.dir,
      trustedMtime(file.mtimeMs),
      file.size,
      r.sha256,
      r.format,
      r.module_id,
      r.module_id,
      r.artifact_id ?? null,
      r.version ?? null,
      r.timestamp_utc ?? null,
      ts,
      r.status ?? null,
      r.title ?? null,
      summaryOf(result, text),
      r.hash_status,
      r.hash_recipe ?? null,
      r.probe ? 1 : 0,
      quarantineReason ?? null,
      basePosture(r, quarantineReason),
      this.now,
    );
    const id = Number(row!.id);
    const s = this.store;
    if (!isNew) this.noteOld(id);
    stmt(s, "INSERT OR REPLACE INTO ltm_docs (id, record, header, body) VALUES (?, ?, ?, ?)").run(
      id,
      JSON.stringify(r),
      JSON.stringify(result.header ?? null),
      JSON.stringify(result.body),
    );
    if (!isNew) {
      stmt(s, "DELETE FROM ltm_keys WHERE file_id = ?").run(id);
      stmt(s, "DELETE FROM ltm_refs WHERE file_id = ?").run(id);
      stmt(s, "DELETE FROM ltm_fts WHERE rowid = ?").run(id);
    }
    const addKey = stmt(s, "INSERT OR IGNORE INTO ltm_keys (key, file_id, rank) VALUES (?, ?, ?)");
    for (const k of [refKey(r.module_id), refKey(r.artifact_id)]) {
      if (k) {
        addKey.run(k, id, 0);
        this.dirtyKeys.add(k);
      }
    }
    addKey.run(fileStem(file.path), id, 1);
    this.dirtyKeys.add(fileStem(file.path));
    if (r.supersedes.length) this.supersedesTouched = true;
    const addRef = stmt(
      s,
      "INSERT INTO ltm_refs (file_id, kind, ref, key, required) VALUES (?, ?, ?, ?, ?)",
    );
    const refs: Array<[string, string, number]> = [
      ...(r.parent_bundle
        ? [["parent_bundle", r.parent_bundle, 1] as [string, string, number]]
        : []),
      ...r.depends_on.map((d) => ["depends_on", d, 1] as [string, string, number]),
      ...r.supersedes.map((d) => ["supersedes", d, 0] as [string, string, number]),
    ];
    for (const [kind, ref, required] of refs) {
      const key = refKey(ref);
      if (key) addRef.run(id, kind, ref, key, required);
    }
    stmt(s, "INSERT INTO ltm_fts (rowid, module_id, title, text) VALUES (?, ?, ?, ?)").run(
      id,
      String(row!.module_id),
      [r.title, r.description, r.artifact_id].filter((x) => x).join(" "),
      text,
    );
  }
}
