/**
 * Table-level helpers of the store copy: column lists, keyset batches, an
 * order-independent content hash, and resetting PostgreSQL sequences.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { Dialect, Row, SqlValue, Store, Tx } from "./store.ts";

/** Quotes an identifier for both dialects. */
export const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const COLUMNS_SQL: Record<Dialect, string> = {
  sqlite: "SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid",
  postgres: "SELECT column_name AS name FROM information_schema.columns " +
    "WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' " +
    "ORDER BY ordinal_position",
};

/**
 * The stored (not generated) columns of a table, in order; empty when there is no such table.
 *
 * @param tx A transaction or read.
 * @param table The table.
 * @returns Column names.
 */
export async function tableColumns(tx: Tx, table: string): Promise<string[]> {
  return (await tx.all<{ name: string }>(COLUMNS_SQL[tx.dialect], [table])).map((r) => r.name);
}

/**
 * Reads a table in batches: in key order after `after` when it has a key, else all at once.
 *
 * @param store The store.
 * @param table The table.
 * @param columns The columns to read.
 * @param key The key columns, or undefined.
 * @param after The last key already read.
 * @param batchRows Rows per batch.
 * @returns Batches of rows, each with the key of its last row.
 */
export async function* tableBatches(
  store: Store,
  table: string,
  columns: readonly string[],
  key: readonly string[] | undefined,
  after: SqlValue[] | undefined,
  batchRows: number,
): AsyncGenerator<{ rows: Row[]; last: SqlValue[] | undefined }> {
  const select = `SELECT ${columns.map(q).join(", ")} FROM ${q(table)}`;
  if (!key || key.length === 0) {
    const rows = await store.read((tx) => tx.all(select));
    if (rows.length > 0) yield { rows, last: undefined };
    return;
  }
  const keyList = key.map(q).join(", ");
  const tuple = (n: number) => n === 1 ? "?" : `(${Array(n).fill("?").join(", ")})`;
  const keyExpr = key.length === 1 ? keyList : `(${keyList})`;
  for (let last = after;;) {
    const where = last === undefined ? "" : ` WHERE ${keyExpr} > ${tuple(key.length)}`;
    const sql = `${select}${where} ORDER BY ${keyList} LIMIT ${batchRows}`;
    const rows = await store.read((tx) => tx.all(sql, last ?? []));
    if (rows.length === 0) return;
    last = key.map((k) => rows[rows.length - 1]![k] ?? null);
    yield { rows, last };
    if (rows.length < batchRows) return;
  }
}

const MOD = 1n << 256n;

/** An order-independent hash of a multiset of rows: the sum of each row's SHA-256, mod 2^256. */
export class RowHash {
  #sum = 0n;
  /** Rows added. */
  count = 0;

  /**
   * Adds one row's values (in column order).
   *
   * @param values The row's values.
   */
  add(values: readonly SqlValue[]): void {
    const h = createHash("sha256").update(JSON.stringify(values.map(canonical))).digest("hex");
    this.#sum = (this.#sum + BigInt(`0x${h}`)) % MOD;
    this.count++;
  }

  /** @returns The hash as 64 hex digits. */
  hex(): string {
    return this.#sum.toString(16).padStart(64, "0");
  }
}

/** A value as both backends return it: numbers by their decimal text, bytes as hex. */
function canonical(value: SqlValue): unknown {
  if (value === null) return null;
  if (typeof value === "number" || typeof value === "bigint") return ["n", String(value)];
  if (value instanceof Uint8Array) {
    return [
      "b",
      Array.from(value, (b) => b.toString(16).padStart(2, "0")).join(""),
    ];
  }
  return ["s", value];
}

/**
 * Encodes a key for the progress table (bytes and big integers survive).
 *
 * @param key The key values.
 * @returns JSON text.
 */
export function encodeKey(key: readonly SqlValue[]): string {
  return JSON.stringify(
    key.map((v) =>
      v instanceof Uint8Array
        ? { b: Array.from(v) }
        : typeof v === "bigint"
        ? { n: v.toString() }
        : v
    ),
  );
}

/**
 * Decodes {@linkcode encodeKey}'s text.
 *
 * @param text JSON text.
 * @returns The key values.
 */
export function decodeKey(text: string): SqlValue[] {
  return (JSON.parse(text) as unknown[]).map((v) => {
    if (v !== null && typeof v === "object") {
      const o = v as { b?: number[]; n?: string };
      return o.b ? new Uint8Array(o.b) : BigInt(o.n!);
    }
    return v as SqlValue;
  });
}

/**
 * After rows with explicit ids were copied into PostgreSQL, moves each identity or serial
 * sequence of the table past the largest id, so the next insert does not collide.
 *
 * @param tx A write transaction on the target.
 * @param table The table.
 */
export async function resetSequences(tx: Tx, table: string): Promise<void> {
  if (tx.dialect !== "postgres") return; // SQLite takes max(rowid) + 1 by itself
  const serial = await tx.all<{ name: string }>(
    "SELECT column_name AS name FROM information_schema.columns " +
      "WHERE table_schema = current_schema() AND table_name = ? " +
      "AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
    [table],
  );
  for (const { name } of serial) {
    await tx.get(
      `SELECT setval(pg_get_serial_sequence(?, ?), (SELECT COALESCE(max(${q(name)}), 0) + 1 FROM ${
        q(table)
      }), false)`,
      [q(table), name],
    );
  }
}
