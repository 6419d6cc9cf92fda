/**
 * The store seam: what every capability's repository needs from a database,
 * and nothing more. SQLite ({@linkcode SqliteStore}) implements it today;
 * a PostgreSQL implementation adds a class here and a dialect branch in the
 * repositories, without touching their callers.
 *
 * Repositories are the only code that writes SQL. They receive a {@linkcode Tx}
 * from {@linkcode Store.transaction} or {@linkcode Store.read}; nothing outside
 * `lib/store/` holds a database handle.
 *
 * @module
 */

/** A value bound to a `?` placeholder or read from a column. */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** One result row, by column name. */
export type Row = Record<string, SqlValue>;

/** The SQL dialect a store speaks; repositories branch on it where SQL differs. */
export type Dialect = "sqlite" | "postgres";

/** What a write statement did. */
export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
  /** The rowid of the last inserted row (SQLite), when there is one. */
  last_insert_id: number | undefined;
}

/**
 * The statements a repository runs, inside one transaction or one consistent read.
 * Placeholders are `?`, bound in order.
 */
export interface Tx {
  /** The dialect of the store this runs on. */
  readonly dialect: Dialect;
  /** All rows of a query. */
  all<R extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** The first row of a query, or `undefined`. */
  get<R extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<R | undefined>;
  /** Runs one write statement. */
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /** Runs one statement once per parameter list (a bulk insert), returning the total changes. */
  runMany(sql: string, paramLists: Iterable<readonly SqlValue[]>): Promise<number>;
  /** Runs several statements without parameters (schema changes). */
  exec(sql: string): Promise<void>;
}

/**
 * One step of a component's schema, run once, in order, never edited once shipped.
 * A string is SQL both dialects accept; an object gives each dialect its own SQL
 * (a dialect without an entry cannot host the component and fails with `STORE_UNSUPPORTED`).
 */
export type Migration = string | { readonly sqlite?: string; readonly postgres?: string };

/** Options of {@linkcode Store.transaction}. */
export interface TransactionOptions {
  /** Rolls back instead of committing once aborted (checked before the commit). */
  signal?: AbortSignal;
  /**
   * How many times to re-run `fn` when the store rolls the transaction back with
   * `STORE_CONFLICT` (PostgreSQL: another transaction changed the same data). Only for work
   * that is safe to run again; ignored for a nested transaction, which fails with its outer
   * one. SQLite never reports a conflict (a second writer waits instead).
   * @default {0}
   */
  retries?: number;
}

/**
 * An open database: migrations per component, transactions that may span
 * awaits, consistent reads, close.
 *
 * Transactions of one process run one at a time, in call order; a transaction
 * started inside another joins it as a savepoint, so a repository function can be
 * called alone or as part of a larger unit. Another process waiting for the write
 * lock longer than the busy timeout gets `STORE_BUSY`. On PostgreSQL, a transaction
 * that collides with another process's may instead be rolled back with
 * `STORE_CONFLICT` (see {@linkcode TransactionOptions.retries}), and a statement
 * that fails spoils its whole transaction: run a statement that may fail on purpose
 * inside a nested `transaction()`, which behaves alike on both stores.
 *
 * Portable SQL: `?` placeholders; `INSERT … RETURNING` rather than `last_insert_id`
 * (SQLite only); `ON CONFLICT … DO UPDATE`; no jsonb `?` operators.
 */
export interface Store extends AsyncDisposable {
  /** The dialect this store speaks. */
  readonly dialect: Dialect;
  /** Where the data lives, for messages (a file path, or a URL without its password). */
  readonly location: string;
  /**
   * Brings a component's tables up to date, each pending migration in its own transaction.
   * @returns The component's schema version afterwards.
   */
  migrate(component: string, migrations: readonly Migration[]): Promise<number>;
  /** Runs `fn` in a write transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs `fn` against one consistent snapshot of committed data (or inside the caller's transaction). */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Waits for running work, then closes. Idempotent. */
  close(): Promise<void>;
}
