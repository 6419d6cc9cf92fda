/**
 * What the index derives across files (mips.md §4 [kit]): unique module ids
 * (an id shared by several files keeps its plain form on the first path and
 * gets the file stem appended elsewhere), runtime postures (probes and
 * unparseable files QUARANTINED, superseded HISTORICAL, status ACTIVE/PROMOTED
 * ACTIVE, else OPTIONAL), and the search text of a delta.
 *
 * @module
 */
import type { MipsParseResult, MipsRecord } from "../../schemas/mips.ts";
import type { RuntimePosture } from "../../schemas/ltm.ts";
import { fileStem } from "../mips/ids.ts";
import type { SyncStore as Store } from "../store/_sync_store.ts";
import { resolveKey, stmt } from "./_db.ts";

/**
 * The posture a file has on its own (HISTORICAL needs the other files).
 *
 * @param record The parsed record.
 * @param quarantineReason Set when the file could not be parsed.
 * @returns QUARANTINED, ACTIVE or OPTIONAL.
 */
export function basePosture(
  record: MipsRecord,
  quarantineReason: string | undefined,
): RuntimePosture {
  if (quarantineReason !== undefined || record.probe || record.format === "invalid") {
    return "QUARANTINED";
  }
  const status = record.status?.toUpperCase();
  return status === "ACTIVE" || status === "PROMOTED" ? "ACTIVE" : "OPTIONAL";
}

/**
 * Makes module ids unique again for the given base ids.
 *
 * @param store The store.
 * @param bases Base ids whose files changed (added, updated, removed).
 */
export function refreshModuleIds(store: Store, bases: ReadonlySet<string>): void {
  let todo: Iterable<string> = bases;
  if (bases.size > 500) {
    const collided = stmt(
      store,
      `SELECT base_id FROM ltm_files GROUP BY base_id HAVING count(*) > 1
       UNION SELECT base_id FROM ltm_files WHERE module_id != base_id`,
    ).all().map((r) => String(r.base_id));
    todo = collided.filter((b) => bases.has(b));
  }
  const rowsOf = stmt(
    store,
    "SELECT id, path, module_id FROM ltm_files WHERE base_id = ? ORDER BY path",
  );
  const taken = stmt(store, "SELECT 1 AS x FROM ltm_files WHERE module_id = ? AND id != ? LIMIT 1");
  const setId = stmt(store, "UPDATE ltm_files SET module_id = ? WHERE id = ?");
  const setFts = stmt(store, "UPDATE ltm_fts SET module_id = ? WHERE rowid = ?");
  for (const base of todo) {
    const rows = rowsOf.all(base);
    rows.forEach((row, i) => {
      const id = Number(row.id);
      let want = base;
      if (i > 0) {
        want = `${base}__${fileStem(String(row.path))}`;
        for (let n = 2; taken.get(want, id); n++) {
          want = `${base}__${fileStem(String(row.path))}__${n}`;
        }
      }
      if (want !== String(row.module_id)) {
        setId.run(want, id);
        setFts.run(want, id);
      }
    });
  }
}

/**
 * Moves files in and out of HISTORICAL: a file is HISTORICAL when another
 * file's `supersedes` resolves to it (unless it is QUARANTINED).
 *
 * @param store The store.
 */
export function refreshHistorical(store: Store): void {
  const targets = new Set<number>();
  for (
    const r of stmt(store, "SELECT file_id, key FROM ltm_refs WHERE kind = 'supersedes'").all()
  ) {
    const target = resolveKey(store, String(r.key));
    if (target !== undefined && target !== Number(r.file_id)) targets.add(target);
  }
  const current = new Set(
    stmt(store, "SELECT id FROM ltm_files WHERE posture = 'HISTORICAL'").all().map((r) =>
      Number(r.id)
    ),
  );
  const row = stmt(
    store,
    "SELECT f.posture, d.record, f.quarantine_reason FROM ltm_files f JOIN ltm_docs d ON d.id = f.id WHERE f.id = ?",
  );
  const set = stmt(store, "UPDATE ltm_files SET posture = ? WHERE id = ?");
  for (const id of targets) {
    if (current.has(id)) continue;
    const r = row.get(id);
    if (r && r.posture !== "QUARANTINED") set.run("HISTORICAL", id);
  }
  for (const id of current) {
    if (targets.has(id)) continue;
    const r = row.get(id);
    if (!r) continue;
    const record = JSON.parse(String(r.record)) as MipsRecord;
    set.run(
      basePosture(record, r.quarantine_reason === null ? undefined : String(r.quarantine_reason)),
      id,
    );
  }
}

const MAX_TEXT = 256 * 1024;
const DIGEST = /^[0-9a-fA-F]{64}$/;

/**
 * The text a delta is found by: header values, then body (JSON keys and string values, or text).
 *
 * @param result The parse result.
 * @returns Up to 256 KiB of text.
 */
export function searchText(result: MipsParseResult): string {
  const parts: string[] = [];
  let size = 0;
  const push = (s: string) => {
    if (size >= MAX_TEXT) return;
    parts.push(s);
    size += s.length + 1;
  };
  const walk = (v: unknown, depth: number, keys: boolean): void => {
    if (size >= MAX_TEXT || depth > 64) return;
    if (typeof v === "string") {
      if (!DIGEST.test(v)) push(v);
    } else if (typeof v === "number" || typeof v === "boolean") push(String(v));
    else if (Array.isArray(v)) { for (const x of v) walk(x, depth + 1, keys); }
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (keys) push(k);
        walk(x, depth + 1, keys);
      }
    }
  };
  walk(result.header, 0, false);
  const body = result.body;
  if (body.kind === "json") walk(body.value, 0, true);
  else if (body.kind === "text") push(body.text.slice(0, MAX_TEXT));
  const text = parts.join(" ");
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

/**
 * A one-line summary: title — description, or the start of the text.
 *
 * @param result The parse result.
 * @param text Its search text.
 * @returns Up to 200 characters.
 */
export function summaryOf(result: MipsParseResult, text: string): string {
  const r = result.record;
  let s = [r.title, r.description].filter((x) => x).join(" — ");
  if (!s && r.problem) s = `unparseable: ${r.problem}`;
  if (!s && result.body.kind === "json") {
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (strings.length >= 6) return;
      if (typeof v === "string") strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(result.body.value);
    s = strings.join(" · ");
  }
  if (!s) s = (result.body.kind === "text" ? result.body.text : text).replace(/\s+/g, " ").trim();
  return s.length > 200 ? s.slice(0, 197) + "..." : s;
}
