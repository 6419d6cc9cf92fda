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
import type { Store, Tx } from "../store/store.ts";
import * as repo from "./_repository.ts";
import { type DeltaRow, migrateLtm } from "./_repository.ts";

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
 * import { openStore } from "../store/open.ts";
 * import { reindexLtm } from "./reindex.ts";
 * import { getMipsDelta } from "./get.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/A_v1.mips.json`, '{"delta_id":"A_v1","status":"ACTIVE"}');
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * await reindexLtm(store, dir);
 * const delta = await getMipsDelta(store, "A_v1");
 * assert(delta.posture === "ACTIVE" && delta.path === "deltas/2026-01/A_v1.mips.json");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function getMipsDelta(store: Store, idOrPath: string): Promise<MipsDelta> {
  await migrateLtm(store);
  return await store.read(async (tx) => {
    const row = await findDelta(tx, idOrPath.trim());
    if (!row) {
      throw new KitError(
        "MIPS_NOT_FOUND",
        `No delta in the index matches "${idOrPath}" (module id, path, artifact id or stem)`,
        { details: { query: idOrPath } },
      );
    }
    const record = { ...(JSON.parse(row.record) as MipsRecord), module_id: row.module_id };
    const dependencies: MipsDependency[] = [];
    const dangling: string[] = [];
    for (const r of await repo.refsOf(tx, row.id)) {
      const target = await repo.resolveKey(tx, r.key);
      if (target === undefined) dangling.push(r.ref);
      else if (target !== row.id) {
        dependencies.push({
          module_id: String(await repo.moduleIdOf(tx, target)),
          required: r.required,
          kind: r.kind as MipsDependency["kind"],
        });
      }
    }
    const dependents = new Set<string>();
    for (const r of await repo.refsToKeysOf(tx, row.id)) {
      if ((await repo.resolveKey(tx, r.key)) === row.id) dependents.add(r.module_id);
    }
    const delta: MipsDelta = {
      module_id: row.module_id,
      path: row.path,
      posture: row.posture as RuntimePosture,
      record,
      header: JSON.parse(row.header),
      body: JSON.parse(row.body) as MipsBody,
      dependencies,
      dangling,
      dependents: [...dependents].sort(),
    };
    if (row.quarantine_reason !== null) delta.quarantine_reason = row.quarantine_reason;
    return delta;
  });
}

/** Module id, path (relative, or absolute inside the LTM folder), artifact id, stem, then key. */
async function findDelta(tx: Tx, wanted: string): Promise<DeltaRow | undefined> {
  const root = await repo.getMeta(tx, "ltm_dir");
  const rel = root && isAbsolute(wanted)
    ? relative(root, wanted).replaceAll("\\", "/")
    : wanted.replaceAll("\\", "/");
  const row = await repo.deltaBy(tx, "module_id", wanted) ??
    await repo.deltaBy(tx, "path", rel) ??
    await repo.deltaBy(tx, "artifact_id", wanted) ??
    await repo.deltaBy(tx, "base_id", wanted);
  if (row) return row;
  const id = await repo.resolveKey(tx, fileStem(wanted));
  return id === undefined ? undefined : await repo.deltaBy(tx, "id", id);
}
