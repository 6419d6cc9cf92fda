/**
 * The writes of one reindex run: insert or update a file's rows (files, docs,
 * keys, references, full text), touch unchanged files, remove gone ones, and
 * track what changed so postures are recomputed only when they can move.
 *
 * @module
 */
import type { MipsParseResult } from "../../schemas/mips.ts";
import { fileStem, refKey } from "../mips/ids.ts";
import type { Tx } from "../store/store.ts";
import * as repo from "./_repository.ts";
import { basePosture } from "./_derive.ts";
import { ftsTitle, searchText, summaryOf } from "./_text.ts";
import { type ScannedFile, trustedMtime } from "./_scan.ts";

/** The writes of one reindex run, each inside the caller's transaction. */
export class RowWriter {
  constructor(readonly now: string) {}

  /** Keys whose resolution may have changed, and whether a `supersedes` reference changed. */
  readonly dirtyKeys: Set<string> = new Set();
  supersedesTouched = false;

  touch(tx: Tx, id: number, file: ScannedFile): Promise<void> {
    return repo.touchFile(tx, id, trustedMtime(file.mtimeMs), file.size);
  }

  /** Whether any change can move a file in or out of HISTORICAL. */
  async historicalMayChange(tx: Tx): Promise<boolean> {
    if (this.supersedesTouched) return true;
    if (this.dirtyKeys.size === 0) return false;
    return await repo.supersedesAnyOf(tx, this.dirtyKeys);
  }

  /** Notes the keys and references a file has before it changes. */
  private async noteOld(tx: Tx, id: number): Promise<void> {
    const links = await repo.fileLinks(tx, id);
    for (const k of links.keys) this.dirtyKeys.add(k);
    if (links.supersedes) this.supersedesTouched = true;
  }

  async remove(tx: Tx, id: number): Promise<void> {
    await this.noteOld(tx, id);
    await repo.removeFile(tx, id);
  }

  async upsert(
    tx: Tx,
    file: ScannedFile,
    result: MipsParseResult,
    quarantineReason: string | undefined,
    isNew: boolean,
  ): Promise<void> {
    const r = result.record;
    const text = searchText(result);
    const { id, module_id } = await repo.upsertFile(tx, {
      path: file.path,
      dir: file.dir,
      mtime_ms: trustedMtime(file.mtimeMs),
      size: file.size,
      sha256: r.sha256,
      format: r.format,
      base_id: r.module_id,
      artifact_id: r.artifact_id ?? null,
      version: r.version ?? null,
      timestamp_utc: r.timestamp_utc ?? null,
      ts_ms: r.timestamp_utc ? Date.parse(r.timestamp_utc) : null,
      status: r.status ?? null,
      title: r.title ?? null,
      summary: summaryOf(result, text),
      hash_status: r.hash_status,
      hash_recipe: r.hash_recipe ?? null,
      probe: r.probe ? 1 : 0,
      quarantine_reason: quarantineReason ?? null,
      posture: basePosture(r, quarantineReason),
      indexed_utc: this.now,
    });
    if (!isNew) await this.noteOld(tx, id);
    await repo.putDoc(tx, id, {
      record: JSON.stringify(r),
      header: JSON.stringify(result.header ?? null),
      body: JSON.stringify(result.body),
    });
    if (!isNew) await repo.clearDerived(tx, id);
    const keys: Array<[string, number]> = [];
    for (const k of [refKey(r.module_id), refKey(r.artifact_id)]) if (k) keys.push([k, 0]);
    keys.push([fileStem(file.path), 1]);
    for (const [k] of keys) this.dirtyKeys.add(k);
    await repo.addKeys(tx, id, keys);
    if (r.supersedes.length) this.supersedesTouched = true;
    const refs: Array<[string, string, string, number]> = [];
    const declared: Array<[string, string, number]> = [
      ...(r.parent_bundle
        ? [["parent_bundle", r.parent_bundle, 1] as [string, string, number]]
        : []),
      ...r.depends_on.map((d) => ["depends_on", d, 1] as [string, string, number]),
      ...r.supersedes.map((d) => ["supersedes", d, 0] as [string, string, number]),
    ];
    for (const [kind, ref, required] of declared) {
      const key = refKey(ref);
      if (key) refs.push([kind, ref, key, required]);
    }
    await repo.addRefs(tx, id, refs);
    await repo.putFts(tx, id, {
      module_id,
      title: ftsTitle(r),
      text,
    });
  }
}
