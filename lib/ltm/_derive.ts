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
import type { Tx } from "../store/store.ts";
import * as repo from "./_repository.ts";

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
