/**
 * The text a delta is found by: its search text, its one-line summary and the
 * title field of the full-text index.
 *
 * @module
 */
import type { MipsParseResult, MipsRecord } from "../../schemas/mips.ts";

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

/**
 * The full-text index's title field: title, description and artifact id.
 *
 * @param record The parsed record.
 * @returns The words, space-separated.
 */
export function ftsTitle(record: MipsRecord): string {
  return [record.title, record.description, record.artifact_id].filter((x) => x).join(" ");
}
