/**
 * The embedded store: one SQLite database per data directory (`node:sqlite`,
 * WAL), behind the {@linkcode Store} seam.
 *
 * One write connection serves transactions, one at a time in call order; a
 * second, read-only connection serves {@linkcode Store.read} from committed data,
 * so queries do not wait for a long transaction. Waiting for another process's
 * write lock happens between event-loop turns (never a blocking busy wait), up
 * to `busy_timeout_ms`, then fails with `STORE_BUSY`.
 *
 * @module
 */
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { delay } from "../delay.ts";
import { ExitCode, KitError } from "../errors.ts";
import { SerialQueue } from "./_serial.ts";
import { currentFrame, type Frame, joinOuter, runInFrame } from "./_frames.ts";
import { runMigrations } from "./_migration.ts";
import type {
  Migration,
  Row,
  RunResult,
  SqlValue,
  Store,
  TransactionOptions,
  Tx,
} from "./store.ts";

/** Options of {@linkcode openSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * How long a transaction waits for another process's write lock before `STORE_BUSY`.
   * @default {5000}
   */
  busy_timeout_ms?: number;
  /**
   * `full` syncs the WAL on every commit (survives power loss); `normal` survives a
   * process crash, which is what the kit needs.
   * @default {"normal"}
   */
  durability?: "normal" | "full";
}

const STATEMENT_CACHE_SIZE = 256;

/** One `node:sqlite` connection with a bounded prepared-statement cache. */
class Connection {
  readonly db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement) {
      this.#statements.delete(sql); // re-insert: most recently used last
    } else {
      statement = this.db.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        this.#statements.delete(this.#statements.keys().next().value!);
      }
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  close(): void {
    this.#statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}

/** A {@linkcode Tx} over one connection, valid until its transaction or read ends. */
class SqliteTx implements Tx {
  readonly dialect = "sqlite" as const;
  readonly #connection: Connection;
  readonly #location: string;
  #open = true;

  constructor(connection: Connection, location: string) {
    this.#connection = connection;
    this.#location = location;
  }

  end(): void {
    this.#open = false;
  }

  #statement(sql: string): StatementSync {
    if (!this.#open) {
      throw new TypeError(`A transaction on ${this.#location} was used after it ended`);
    }
    try {
      return this.#connection.prepare(sql);
    } catch (error) {
      throw storeError(error, this.#location);
    }
  }

  all<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    const statement = this.#statement(sql);
    return settle(() => statement.all(...params) as R[], this.#location);
  }

  get<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<R | undefined> {
    const statement = this.#statement(sql);
    return settle(() => statement.get(...params) as R | undefined, this.#location);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    const statement = this.#statement(sql);
    return settle(() => {
      const r = statement.run(...params);
      return { changes: Number(r.changes), last_insert_id: Number(r.lastInsertRowid) || undefined };
    }, this.#location);
  }

  runMany(sql: string, paramLists: Iterable<readonly SqlValue[]>): Promise<number> {
    const statement = this.#statement(sql);
    return settle(() => {
      let changes = 0;
      for (const params of paramLists) changes += Number(statement.run(...params).changes);
      return changes;
    }, this.#location);
  }

  exec(sql: string): Promise<void> {
    if (!this.#open) {
      throw new TypeError(`A transaction on ${this.#location} was used after it ended`);
    }
    return settle(() => this.#connection.db.exec(sql), this.#location);
  }
}

/**
 * A {@linkcode Store} on one SQLite file (or `:memory:`).
 *
 * @example Migrate, write in a transaction that spans awaits, read back
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * await using store = await openSqliteStore(":memory:");
 * await store.migrate("demo", ["CREATE TABLE t (x INTEGER)"]);
 * await store.transaction(async (tx) => {
 *   await tx.run("INSERT INTO t VALUES (?)", [1]);
 *   await Promise.resolve(); // any await: the transaction stays open
 *   await tx.run("INSERT INTO t VALUES (?)", [2]);
 * });
 * const row = await store.read((tx) => tx.get<{ n: number }>("SELECT sum(x) AS n FROM t"));
 * assert.equal(row?.n, 3);
 * ```
 *
 * @example A failed transaction leaves nothing behind
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * await using store = await openSqliteStore(":memory:");
 * await store.migrate("demo", ["CREATE TABLE t (x INTEGER)"]);
 * await assert.rejects(store.transaction(async (tx) => {
 *   await tx.run("INSERT INTO t VALUES (1)");
 *   throw new Error("changed my mind");
 * }), { message: "changed my mind" });
 * assert.deepEqual(await store.read((tx) => tx.all("SELECT x FROM t")), []);
 * ```
 */
export class SqliteStore implements Store {
  readonly dialect = "sqlite" as const;
  readonly location: string;
  readonly #writer: Connection;
  readonly #reader: Connection | undefined;
  readonly #writes = new SerialQueue();
  readonly #reads = new SerialQueue();
  readonly #busyTimeoutMs: number;
  #closed = false;

  private constructor(
    location: string,
    writer: Connection,
    reader: Connection | undefined,
    busyTimeoutMs: number,
  ) {
    this.location = location;
    this.#writer = writer;
    this.#reader = reader;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  /**
   * Opens (creating if needed) a SQLite store. Prefer {@linkcode openSqliteStore}.
   *
   * @param path A file path, or `:memory:`.
   * @param options Busy timeout and durability.
   * @returns The open store.
   * @throws {KitError} `STORE_UNREADABLE` (exit 2) when the file is not a SQLite database or
   *   cannot be opened.
   */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    const memory = path === ":memory:";
    if (!memory) await Deno.mkdir(dirname(path), { recursive: true });
    let writer: Connection | undefined;
    let reader: Connection | undefined;
    try {
      writer = new Connection(new DatabaseSync(path));
      const db = writer.db;
      // A short driver-level wait covers the rare lock that is not a BEGIN (WAL recovery);
      // waiting for another writer happens in beginImmediate, without blocking the event loop.
      db.exec("PRAGMA busy_timeout = 50");
      db.exec("PRAGMA journal_mode = WAL");
      db.exec(`PRAGMA synchronous = ${options.durability === "full" ? "FULL" : "NORMAL"}`);
      db.exec("PRAGMA foreign_keys = ON");
      db.exec(
        "CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)",
      );
      if (!memory) {
        reader = new Connection(new DatabaseSync(path, { readOnly: true }));
        reader.db.exec("PRAGMA busy_timeout = 1000");
      }
    } catch (error) {
      writer?.close();
      reader?.close();
      throw new KitError(
        "STORE_UNREADABLE",
        `Cannot open the store ${path}: ${(error as Error).message}`,
        { path, exitCode: ExitCode.USAGE, cause: error },
      );
    }
    return new SqliteStore(path, writer, reader, options.busy_timeout_ms ?? 5000);
  }

  migrate(component: string, migrations: readonly Migration[]): Promise<number> {
    // BEGIN IMMEDIATE takes the write lock: another process's migration waits, or has committed.
    return runMigrations("sqlite", component, migrations, (step) => this.transaction(step));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const joined = joinOuter(this, this.location, (sql) => this.#writer.db.exec(sql), fn);
    if (joined) return joined;
    this.#assertOpen();
    return this.#writes.run(async () => {
      this.#assertOpen();
      await this.#beginImmediate(options.signal);
      const tx = new SqliteTx(this.#writer, this.location);
      const frame: Frame = { owner: this, tx, writable: true, savepoints: 0 };
      try {
        const result = await runInFrame(frame, () => fn(tx));
        options.signal?.throwIfAborted();
        this.#writer.db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.#writer.db.isTransaction) this.#writer.db.exec("ROLLBACK");
        throw error;
      } finally {
        tx.end();
      }
    });
  }

  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const outer = currentFrame(this);
    if (outer) return fn(outer.tx);
    this.#assertOpen();
    const connection = this.#reader ?? this.#writer;
    const queue = this.#reader ? this.#reads : this.#writes;
    return queue.run(async () => {
      this.#assertOpen();
      connection.db.exec("BEGIN");
      const tx = new SqliteTx(connection, this.location);
      const frame: Frame = { owner: this, tx, writable: false, savepoints: 0 };
      try {
        return await runInFrame(frame, () => fn(tx));
      } finally {
        tx.end();
        if (connection.db.isTransaction) connection.db.exec("COMMIT");
      }
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.#writes.idle(), this.#reads.idle()]);
    this.#reader?.close();
    this.#writer.close();
  }

  /** Closes the store (`await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new TypeError(`The store ${this.location} is closed`);
  }

  async #beginImmediate(signal: AbortSignal | undefined): Promise<void> {
    const deadline = performance.now() + this.#busyTimeoutMs;
    for (let wait = 5;; wait = Math.min(wait * 2, 100)) {
      signal?.throwIfAborted();
      try {
        this.#writer.db.exec("BEGIN IMMEDIATE");
        return;
      } catch (error) {
        if (!isBusy(error)) throw storeError(error, this.location);
        if (performance.now() >= deadline) {
          throw new KitError(
            "STORE_BUSY",
            `Cannot write to the store ${this.location}: another process has held its write lock ` +
              `for more than ${this.#busyTimeoutMs} ms`,
            { path: this.location, details: { busy_timeout_ms: this.#busyTimeoutMs } },
          );
        }
        await delay(wait, signal);
      }
    }
  }
}

/**
 * Opens (creating if needed) the SQLite store at `path`.
 *
 * @param path A file path, or `:memory:`.
 * @param options Busy timeout and durability.
 * @returns The open store; close it with `await store.close()` or `await using`.
 * @throws {KitError} `STORE_UNREADABLE` (exit 2) when the file is not a SQLite database.
 *
 * @example A file that is not a database is refused with a code
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/x.db`, "not a database, just some text that is long enough".repeat(4));
 * await assert.rejects(openSqliteStore(`${dir}/x.db`), { code: "STORE_UNREADABLE" });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function openSqliteStore(
  path: string,
  options: SqliteStoreOptions = {},
): Promise<SqliteStore> {
  return SqliteStore.open(path, options);
}

function isBusy(error: unknown): boolean {
  const message = (error as Error)?.message ?? "";
  return /database is (locked|busy)/i.test(message);
}

/** Runs a synchronous driver call, turning its failure into a rejected promise. */
function settle<T>(work: () => T, location: string): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(storeError(error, location));
  }
}

function storeError(error: unknown, location: string): unknown {
  if (isBusy(error)) {
    return new KitError("STORE_BUSY", `The store ${location} is locked by another process`, {
      path: location,
      cause: error,
    });
  }
  return error; // SQL mistakes are programming errors: keep the driver's message
}
