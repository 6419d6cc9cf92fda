/**
 * What the PostgreSQL store does to SQL and values on the way in and out:
 * `?` placeholders become `$1…$n` (outside strings, quoted names, comments and
 * dollar quotes), a bulk `INSERT … VALUES (?, …)` becomes multi-row inserts, and
 * column values come back as the seam's {@linkcode SqlValue}s.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { SqlValue } from "./store.ts";

const IDENT = /[A-Za-z0-9_$]/;

/**
 * Rewrites `?` placeholders as `$1…$n`, leaving quoted text, quoted names, comments and
 * dollar-quoted bodies alone. (PostgreSQL's jsonb `?` operators cannot be written through the
 * seam: use `jsonb_exists()` and friends.)
 *
 * @param sql SQL with `?` placeholders.
 * @returns The SQL with numbered placeholders, and how many there are.
 *
 * @example Placeholders in a string literal are text, not parameters
 * ```ts
 * import assert from "node:assert/strict";
 * import { numberPlaceholders } from "./_pg_sql.ts";
 * assert.deepEqual(
 *   numberPlaceholders("SELECT '?', \"a?\" FROM t WHERE x = ? AND y = ? -- ?"),
 *   { text: "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y = $2 -- ?", count: 2 },
 * );
 * ```
 */
export function numberPlaceholders(sql: string): { text: string; count: number } {
  let out = "";
  let count = 0;
  let i = 0;
  const n = sql.length;
  const copyUntil = (end: number) => {
    const stop = end < 0 ? n : end;
    out += sql.slice(i, stop);
    i = stop;
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "?") {
      out += `$${++count}`;
      i++;
    } else if (c === "'") {
      const escapes = /[eE]/.test(sql[i - 1] ?? "") && !IDENT.test(sql[i - 2] ?? "");
      copyUntil(skipQuoted(sql, i, "'", escapes));
    } else if (c === '"') {
      copyUntil(skipQuoted(sql, i, '"', false));
    } else if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      copyUntil(end < 0 ? n : end + 1);
    } else if (c === "/" && next === "*") {
      copyUntil(skipBlockComment(sql, i));
    } else if (c === "$" && !IDENT.test(sql[i - 1] ?? "")) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
      if (tag === undefined) {
        out += c;
        i++;
      } else {
        const end = sql.indexOf(tag, i + tag.length);
        copyUntil(end < 0 ? n : end + tag.length);
      }
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, count };
}

/** The index just past the quote that closes the one at `start` (doubled quotes escape). */
function skipQuoted(sql: string, start: number, quote: string, backslashes: boolean): number {
  for (let i = start + 1; i < sql.length; i++) {
    const c = sql[i];
    if (backslashes && c === "\\") i++;
    else if (c === quote) {
      if (sql[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  return sql.length;
}

/** The index just past a (possibly nested) block comment starting at `start`. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  for (let i = start; i < sql.length - 1; i++) {
    if (sql[i] === "/" && sql[i + 1] === "*") {
      depth++;
      i++;
    } else if (sql[i] === "*" && sql[i + 1] === "/") {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return sql.length;
}

/** A bulk insert split into the parts repeated per row. */
export interface InsertShape {
  /** `INSERT INTO t (a, b) VALUES` */
  head: string;
  /** Placeholders per row. */
  width: number;
  /** What follows the row (empty, or `ON CONFLICT … DO NOTHING`). */
  tail: string;
}

const INSERT =
  /^(\s*INSERT\s+INTO\s+[^?;'$]*?\bVALUES)\s*\(\s*(\?(?:\s*,\s*\?)*)\s*\)(\s*(?:ON\s+CONFLICT\b[^?;'$]*\bDO\s+NOTHING)?)\s*;?\s*$/i;

/**
 * Recognises `INSERT INTO … VALUES (?, …, ?) [ON CONFLICT … DO NOTHING]`, which can be sent
 * as one multi-row statement with the same effect as one statement per row.
 *
 * @param sql The statement.
 * @returns Its parts, or undefined when it must run row by row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { insertShape, multiRowInsert } from "./_pg_sql.ts";
 * const shape = insertShape("INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT DO NOTHING")!;
 * assert.equal(shape.width, 2);
 * assert.equal(
 *   multiRowInsert(shape, 2),
 *   "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING",
 * );
 * assert.equal(insertShape("INSERT INTO t VALUES (?) ON CONFLICT (a) DO UPDATE SET a = 1"), undefined);
 * ```
 */
export function insertShape(sql: string): InsertShape | undefined {
  const m = INSERT.exec(sql);
  if (!m) return undefined;
  return { head: m[1]!, width: m[2]!.split(",").length, tail: m[3]!.trimEnd() };
}

/**
 * The multi-row form of a bulk insert, with numbered placeholders.
 *
 * @param shape The insert's parts.
 * @param rows How many rows.
 * @returns The statement.
 */
export function multiRowInsert(shape: InsertShape, rows: number): string {
  const tuples: string[] = [];
  let p = 0;
  for (let r = 0; r < rows; r++) {
    tuples.push(`(${Array.from({ length: shape.width }, () => `$${++p}`).join(", ")})`);
  }
  return `${shape.head} ${tuples.join(", ")}${shape.tail}`;
}

/**
 * A bound value as the driver sends it: bytes as a Buffer, big integers as text.
 *
 * @param value The seam's value.
 * @returns The driver's value.
 */
export function toDriverValue(value: SqlValue): unknown {
  if (value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return typeof value === "bigint" ? value.toString() : value;
}

const INT8 = 20, INT2 = 21, INT4 = 23, OID = 26, FLOAT4 = 700, FLOAT8 = 701, NUMERIC = 1700;
const BOOL = 16, BYTEA = 17;

/**
 * How a column of PostgreSQL type `oid` (text format) becomes a {@linkcode SqlValue}: integers
 * and floats as numbers (a 64-bit integer past 2^53 as a bigint), booleans as 1 and 0 (as in
 * SQLite), `bytea` as bytes, everything else (dates, JSON, arrays) as its text.
 *
 * @param oid The column's type oid.
 * @returns The parser.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parserFor } from "./_pg_sql.ts";
 * assert.equal(parserFor(20)("42"), 42);
 * assert.equal(parserFor(20)("9007199254740993"), 9007199254740993n);
 * assert.equal(parserFor(16)("t"), 1);
 * assert.deepEqual(parserFor(17)("\\x0102"), new Uint8Array([1, 2]));
 * assert.equal(parserFor(1184)("2026-01-01 00:00:00+00"), "2026-01-01 00:00:00+00");
 * ```
 */
export function parserFor(oid: number): (text: string) => SqlValue {
  switch (oid) {
    case INT8:
      return (t) => {
        const n = Number(t);
        return Number.isSafeInteger(n) ? n : BigInt(t);
      };
    case INT2:
    case INT4:
    case OID:
    case FLOAT4:
    case FLOAT8:
    case NUMERIC:
      return Number;
    case BOOL:
      return (t) => (t === "t" ? 1 : 0);
    case BYTEA:
      return (t) => new Uint8Array(Buffer.from(t.slice(2), "hex"));
    default:
      return (t) => t;
  }
}
