/**
 * Looks one delta up in the index by module id, path, artifact id or file stem.
 *
 * @module
 */
import { isAbsolute, relative } from "node:path";
import { KitError } from "../errors.ts";
import type { MipsDelta, MipsDependency, RuntimePosture } from "../../schemas/ltm.ts";
import type { MipsBody, MipsRecord } from "../../schemas/mips.ts";
import { fileStem } from "../mips/ids.ts";
import type { SyncStore as Store } from "../store/_sync_store.ts";
import { getMeta, migrateLtm, resolveKey, stmt } from "./_db.ts";

const SELECT =
  "SELECT f.id, f.module_id, f.path, f.posture, f.quarantine_reason, d.record, d.header, d.body FROM ltm_files f JOIN ltm_docs d ON d.id = f.id";

/**
 * Returns a delta with its record, header, body, dependencies and dependents.
 *
 * @param store The store holding the index.
 * @param idOrPath A module id, a path (relative to the LTM folder, or absolute inside it),
 *   an artifact id or a file stem — tried in that order.
 * @returns The delta.
 * @throws {KitError} `MIPS_NOT_FOUND` when nothing in the index matches.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SyncStore as Store } from "../store/_sync_store.ts";
 * import { reindexLtm } from "./reindex.ts";
 * import { getMipsDelta } from "./get.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/A_v1.mips.json`, '{"delta_id":"A_v1","status":"ACTIVE"}');
 * using store = await Store.open(":memory:");
 * await reindexLtm(store, dir);
 * const delta = getMipsDelta(store, "A_v1");
 * assert(delta.posture === "ACTIVE" && delta.path === "deltas/2026-01/A_v1.mips.json");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function getMipsDelta(store: Store, idOrPath: string): MipsDelta {
  migrateLtm(store);
  const wanted = idOrPath.trim();
  const root = getMeta(store, "ltm_dir");
  const rel = root && isAbsolute(wanted)
    ? relative(root, wanted).replaceAll("\\", "/")
    : wanted.replaceAll("\\", "/");
  const lookups: Array<[string, string]> = [
    [`${SELECT} WHERE f.module_id = ? LIMIT 1`, wanted],
    [`${SELECT} WHERE f.path = ? LIMIT 1`, rel],
    [`${SELECT} WHERE f.artifact_id = ? ORDER BY f.path LIMIT 1`, wanted],
    [`${SELECT} WHERE f.base_id = ? ORDER BY f.path LIMIT 1`, wanted],
  ];
  let row: Record<string, unknown> | undefined;
  for (const [sql, value] of lookups) {
    row = stmt(store, sql).get(value);
    if (row) break;
  }
  if (!row) {
    const id = resolveKey(store, fileStem(wanted));
    if (id !== undefined) row = stmt(store, `${SELECT} WHERE f.id = ?`).get(id);
  }
  if (!row) {
    throw new KitError(
      "MIPS_NOT_FOUND",
      `No delta in the index matches "${idOrPath}" (module id, path, artifact id or stem)`,
      {
        details: { query: idOrPath },
      },
    );
  }
  const id = Number(row.id);
  const moduleId = String(row.module_id);
  const record = { ...(JSON.parse(String(row.record)) as MipsRecord), module_id: moduleId };
  const dependencies: MipsDependency[] = [];
  const dangling: string[] = [];
  for (
    const r of stmt(
      store,
      "SELECT kind, ref, key, required FROM ltm_refs WHERE file_id = ? ORDER BY rowid",
    ).all(id)
  ) {
    const target = resolveKey(store, String(r.key));
    if (target === undefined) dangling.push(String(r.ref));
    else if (target !== id) {
      const m = stmt(store, "SELECT module_id FROM ltm_files WHERE id = ?").get(target);
      dependencies.push({
        module_id: String(m?.module_id),
        required: Number(r.required) === 1,
        kind: String(r.kind) as MipsDependency["kind"],
      });
    }
  }
  const dependents = new Set<string>();
  const refsTo = stmt(
    store,
    `SELECT DISTINCT r.file_id AS id, r.key AS key, f.module_id AS module_id FROM ltm_keys k
     JOIN ltm_refs r ON r.key = k.key JOIN ltm_files f ON f.id = r.file_id
     WHERE k.file_id = ? AND r.file_id != ?`,
  ).all(id, id);
  for (const r of refsTo) {
    if (resolveKey(store, String(r.key)) === id) dependents.add(String(r.module_id));
  }
  const delta: MipsDelta = {
    module_id: moduleId,
    path: String(row.path),
    posture: String(row.posture) as RuntimePosture,
    record,
    header: JSON.parse(String(row.header)),
    body: JSON.parse(String(row.body)) as MipsBody,
    dependencies,
    dangling,
    dependents: [...dependents].sort(),
  };
  if (row.quarantine_reason !== null) delta.quarantine_reason = String(row.quarantine_reason);
  return delta;
}
