/**
 * Reading a ledger: every JSON-object line in order, bad lines reported and
 * skipped, a torn tail reported apart (it is a crash artifact the next append
 * cuts, not damage).
 *
 * @module
 */
import { splitLines } from "./_lines.ts";

/** One readable line of a ledger. */
export interface LedgerEntry {
  /** 1-based line number. */
  line: number;
  /** The line as written (without newline and `\r`). */
  text: string;
  /** The parsed object. */
  value: Record<string, unknown>;
}

/** A line that is not a JSON object. */
export interface LedgerBadLine {
  /** 1-based line number. */
  line: number;
  /** Why it was skipped. */
  error: string;
}

/** Where a ledger's torn tail starts and how long it is. */
export interface TornTail {
  /** The line number the torn text would have had. */
  line: number;
  /** Its length in bytes. */
  bytes: number;
}

/** A ledger as read. */
export interface LedgerRead {
  /** The readable lines, in file order. */
  entries: LedgerEntry[];
  /** Complete lines that are not JSON objects (blank lines are ignored). */
  bad: LedgerBadLine[];
  /** A last line cut short by a crash, when there is one. */
  torn_tail?: TornTail | undefined;
}

/**
 * Parses ledger text (see {@linkcode readLedger}).
 *
 * @param text NDJSON text.
 * @returns Entries, bad lines and the torn tail.
 *
 * @example A bad line is skipped, a torn tail reported apart
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLedger } from "./read.ts";
 * const read = parseLedger('{"a":1}\nnot json\n{"a":2}\n{"a":');
 * assert.deepEqual(read.entries.map((e) => e.value.a), [1, 2]);
 * assert.deepEqual(read.bad.map((b) => b.line), [2]);
 * assert.deepEqual(read.torn_tail, { line: 4, bytes: 5 });
 * ```
 */
export function parseLedger(text: string): LedgerRead {
  const split = splitLines(text);
  const read: LedgerRead = { entries: [], bad: [] };
  for (const { line, text: raw } of split.lines) {
    const t = raw.replace(/\r$/, "");
    if (t.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch {
      read.bad.push({ line, error: "not JSON" });
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      read.bad.push({ line, error: "not a JSON object" });
      continue;
    }
    read.entries.push({ line, text: t, value: value as Record<string, unknown> });
  }
  if (split.torn) read.torn_tail = split.torn;
  return read;
}

/**
 * Reads a ledger; a missing file is an empty ledger.
 *
 * @param path The `.ndjson` / `.jsonl` file.
 * @returns Entries, bad lines and the torn tail.
 * @throws {Deno.errors.PermissionDenied} When the file cannot be read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readLedger } from "./read.ts";
 * assert.deepEqual(await readLedger("/no/such/ledger.ndjson"), { entries: [], bad: [] });
 * ```
 */
export async function readLedger(path: string): Promise<LedgerRead> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { entries: [], bad: [] };
    throw error;
  }
  return parseLedger(text);
}
