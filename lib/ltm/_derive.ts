/**
 * What the index derives across files (mips.md §4 [kit]): unique module ids
 * (an id shared by several files keeps its plain form on the first path and
 * gets the file stem appended elsewhere), runtime postures (probes and
 * unparseable files QUARANTINED, superseded HISTORICAL, status ACTIVE/PROMOTED
 * ACTIVE, else OPTIONAL). The search text is in `_text.ts`.
 *
 * @module
 */
import type { MipsRecord } from "../../schemas/mips.ts";
import { fileStem } from "../mips/ids.ts";
import type { Tx } from "../store/store.ts";
import * as repo from "./_repository.ts";

import { basePosture } from "./posture.ts";

export { basePosture };

/**
 * Makes module ids unique again for the given base ids.
 *
 * @param tx The reindex transaction.
 * @param bases Base ids whose files changed (added, updated, removed).
 */
export async function refreshModuleIds(tx: Tx, bases: ReadonlySet<string>): Promise<void> {
  let todo: Iterable<string> = bases;
  if (bases.size > 500) todo = (await repo.collidedBases(tx)).filter((b) => bases.has(b));
  for (const base of todo) {
    const rows = await repo.filesOfBase(tx, base);
    for (const [i, row] of rows.entries()) {
      let want = base;
      if (i > 0) {
        want = `${base}__${fileStem(row.path)}`;
        for (let n = 2; await repo.moduleIdTaken(tx, want, row.id); n++) {
          want = `${base}__${fileStem(row.path)}__${n}`;
        }
      }
      if (want !== row.module_id) await repo.setModuleId(tx, row.id, want);
    }
  }
}

/**
 * Moves files in and out of HISTORICAL: a file is HISTORICAL when another
 * file's `supersedes` resolves to it (unless it is QUARANTINED).
 *
 * @param tx The reindex transaction.
 */
export async function refreshHistorical(tx: Tx): Promise<void> {
  const targets = new Set<number>();
  for (const r of await repo.supersedesRefs(tx)) {
    const target = await repo.resolveKey(tx, r.key);
    if (target !== undefined && target !== r.file_id) targets.add(target);
  }
  const current = new Set(await repo.historicalIds(tx));
  for (const id of targets) {
    if (current.has(id)) continue;
    const r = await repo.postureFacts(tx, id);
    if (r && r.posture !== "QUARANTINED") await repo.setPosture(tx, id, "HISTORICAL");
  }
  for (const id of current) {
    if (targets.has(id)) continue;
    const r = await repo.postureFacts(tx, id);
    if (!r) continue;
    const record = JSON.parse(r.record) as MipsRecord;
    await repo.setPosture(tx, id, basePosture(record, r.quarantine_reason ?? undefined));
  }
}
