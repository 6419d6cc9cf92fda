/**
 * The shared store: one PostgreSQL database behind the {@linkcode Store} seam,
 * so several processes (server replicas, agents on other machines) share one
 * state.
 *
 * Same semantics as {@linkcode SqliteStore}: `?` placeholders, transactions
 * that span awaits on one dedicated pooled connection, nested transactions as
 * savepoints, transactions of one process one at a time in call order, reads
 * from one consistent snapshot (`REPEATABLE READ READ ONLY`), migrations per
 * component guarded by an advisory lock so two replicas can start together.
 *
 * Write transactions run `SERIALIZABLE`: whatever commits is equivalent to some
 * serial order, as on SQLite; where SQLite would have made a second process wait,
 * PostgreSQL may instead roll one back with `STORE_CONFLICT`, which
 * {@linkcode TransactionOptions.retries} re-runs for work that is safe to re-run.
 * A statement that fails aborts the whole transaction on PostgreSQL: run a
 * statement that is expected to fail inside a nested `transaction()` (a
 * savepoint), which behaves the same on both stores.
 *
 * @module
 */
import pg from "pg";
import { delay } from "../delay.ts";
import { SerialQueue } from "./_serial.ts";
import { currentFrame, type Frame, joinOuter, runInFrame } from "./_frames.ts";
import { runMigrations } from "./_migration.ts";
import {
  insertShape,
  multiRowInsert,
  numberPlaceholders,
  parserFor,
  toDriverValue,
} from "./_pg_sql.ts";
import { pgError, unreachable } from "./_pg_errors.ts";
import { redactUrl } from "./url.ts";
import type {
  Migration,
  Row,
  RunResult,
  SqlValue,
  Store,
  TransactionOptions,
  Tx,
} from "./store.ts";

/** Options of {@linkcode openPgStore}. */
export interface PgStoreOptions {
  /**
   * How long a statement waits for a lock another connection holds before `STORE_BUSY`.
   * @default {5000}
   */
  busy_timeout_ms?: number;
  /**
   * Connections this process keeps at most (one serves writes; the rest serve reads).
   * @default {10}
   */
  max_connections?: number;
  /**
   * How long connecting may take before `STORE_UNREACHABLE`.
   * @default {10000}
   */
  connect_timeout_ms?: number;
}

type Isolation = "SERIALIZABLE" | "READ COMMITTED" | "REPEATABLE READ READ ONLY";

const MIGRATE_LOCK = "SELECT pg_advisory_xact_lock(hashtext('metablooms.store.migrate'))";
const MAX_BATCH_PARAMS = 32_000;
const MAX_BATCH_ROWS = 1000;
const TRANSLATION_CACHE_SIZE = 512;

/** `?` → `$n` translations, most recently used last. */
const translations = new Map<string, string>();

function translate(sql: string): string {
  let text = translations.get(sql);
  if (text !== undefined) {
    translations.delete(sql);
  } else {
    text = numberPlaceholders(sql).text;
    if (translations.size >= TRANSLATION_CACHE_SIZE) {
      translations.delete(translations.keys().next().value!);
    }
  }
  translations.set(sql, text);
  return text;
}

const TYPES = { getTypeParser: (oid: number) => parserFor(oid) } as unknown as pg.CustomTypesConfig;

/** A {@linkcode Tx} over one pooled connection, valid until its transaction or read ends. */
class PgTx implements Tx {
  readonly dialect = "postgres" as const;
  readonly #client: pg.PoolClient;
  readonly #location: string;
  #open = true;

  constructor(client: pg.PoolClient, location: string) {
    this.#client = client;
    this.#location = location;
  }

  end(): void {
    this.#open = false;
  }

  async #query(text: string, params?: readonly SqlValue[]): Promise<pg.QueryResult> {
    if (!this.#open) {
      throw new TypeError(`A transaction on ${this.#location} was used after it ended`);
    }
    try {
      return await this.#client.query(
        params === undefined ? text : { text, values: params.map(toDriverValue) },
      );
    } catch (error) {
      throw pgError(error, this.#location);
    }
  }

  async all<R extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return (await this.#query(translate(sql), params)).rows as R[];
  }

  async get<R extends Row = Row>(
    sql: string,
    params: readonly SqlValue[] = [],
  ): Promise<R | undefined> {
    return (await this.#query(translate(sql), params)).rows[0] as R | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    const result = await this.#query(translate(sql), params);
    return { changes: result.rowCount ?? 0, last_insert_id: undefined };
  }

  async runMany(sql: string, paramLists: Iterable<readonly SqlValue[]>): Promise<number> {
    const shape = insertShape(sql);
    let changes = 0;
    if (!shape) {
      const text = translate(sql);
      for (const params of paramLists) changes += (await this.#query(text, params)).rowCount ?? 0;
      return changes;
    }
    const perBatch = Math.max(
      1,
      Math.min(MAX_BATCH_ROWS, Math.floor(MAX_BATCH_PARAMS / shape.width)),
    );
    let batch: SqlValue[] = [];
    let rows = 0;
    const flush = async () => {
      if (rows === 0) return;
      changes += (await this.#query(multiRowInsert(shape, rows), batch)).rowCount ?? 0;
      batch = [];
      rows = 0;
    };
    for (const params of paramLists) {
      if (params.length !== shape.width) {
        throw new RangeError(`${sql} takes ${shape.width} values per row, got ${params.length}`);
      }
      batch.push(...params);
      if (++rows === perBatch) await flush();
    }
    await flush();
    return changes;
  }

  async exec(sql: string): Promise<void> {
    await this.#query(sql);
  }
}

/**
 * A {@linkcode Store} on a PostgreSQL database.
 *
 * @example An unreachable server is a coded error naming it, never its password
 * ```ts
 * import assert from "node:assert/strict";
 * import { openPgStore } from "./pg_store.ts";
 * await assert.rejects(
 *   openPgStore("postgres://kit:s3cret@127.0.0.1:1/mb", { connect_timeout_ms: 2000 }),
 *   (e: Error & { code?: string }) =>
 *     e.code === "STORE_UNREACHABLE" && e.message.includes("127.0.0.1:1") &&
 *     !e.message.includes("s3cret"),
 * );
 * ```
 */
export class PgStore implements Store {
  readonly dialect = "postgres" as const;
  readonly location: string;
  readonly #pool: pg.Pool;
  readonly #writes = new SerialQueue();
  readonly #reads = new Set<Promise<unknown>>();
  readonly #busyTimeoutMs: number;
  #closed = false;

  private constructor(location: string, pool: pg.Pool, busyTimeoutMs: number) {
    this.location = location;
    this.#pool = pool;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  /**
   * Connects to a PostgreSQL database. Prefer {@linkcode openPgStore}.
   *
   * @param url A `postgres://` URL (`sslmode`, `host` for a unix socket, … as libpq takes them).
   * @param options Busy timeout, pool size, connect timeout.
   * @returns The open store.
   * @throws {KitError} `STORE_UNREACHABLE` (exit 2) when the server cannot be reached, refuses
   *   the login, or has no such database.
   */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const location = redactUrl(url);
    let pool: pg.Pool;
    try {
      pool = new pg.Pool({
        connectionString: url,
        max: options.max_connections ?? 10,
        connectionTimeoutMillis: options.connect_timeout_ms ?? 10_000,
        idleTimeoutMillis: 30_000,
        allowExitOnIdle: true,
        application_name: "metablooms",
        types: TYPES,
      });
    } catch (error) {
      throw unreachable(location, (error as Error).message, error);
    }
    // An idle connection that breaks is dropped from the pool; the next use reconnects.
    pool.on("error", () => {});
    const store = new PgStore(location, pool, options.busy_timeout_ms ?? 5000);
    try {
      await store.#run("READ COMMITTED", async (tx) => {
        await tx.get(MIGRATE_LOCK);
        await tx.exec(
          "CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)",
        );
      });
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
    return store;
  }

  migrate(component: string, migrations: readonly Migration[]): Promise<number> {
    // Another replica may be migrating: wait for it, then read what it committed.
    return runMigrations(
      "postgres",
      component,
      migrations,
      (step) =>
        this.#transaction("READ COMMITTED", async (tx) => {
          await tx.get(MIGRATE_LOCK);
          return await step(tx);
        }, {}),
    );
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.#transaction("SERIALIZABLE", fn, options);
  }

  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const outer = currentFrame(this);
    if (outer) return fn(outer.tx);
    this.#assertOpen();
    const reading = this.#run("REPEATABLE READ READ ONLY", fn);
    this.#reads.add(reading);
    const forget = () => this.#reads.delete(reading);
    reading.then(forget, forget);
    return reading;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.#writes.idle(), ...[...this.#reads].map((r) => r.catch(() => {}))]);
    await this.#pool.end();
  }

  /** Closes the store (`await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new TypeError(`The store ${this.location} is closed`);
  }

  #transaction<T>(
    isolation: Isolation,
    fn: (tx: Tx) => Promise<T>,
    options: TransactionOptions,
  ): Promise<T> {
    const joined = joinOuter(this, this.location, (sql, tx) => tx.exec(sql), fn);
    if (joined) return joined;
    this.#assertOpen();
    return this.#writes.run(async () => {
      for (let attempt = 0;; attempt++) {
        this.#assertOpen();
        try {
          return await this.#run(isolation, fn, options.signal);
        } catch (error) {
          const retry = (error as { code?: string }).code === "STORE_CONFLICT" &&
            attempt < (options.retries ?? 0);
          if (!retry) throw error;
          await delay(Math.random() * 10 * 2 ** Math.min(attempt, 6), options.signal);
        }
      }
    });
  }

  /** Runs `fn` in one transaction on its own pooled connection. */
  async #run<T>(
    isolation: Isolation,
    fn: (tx: Tx) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    signal?.throwIfAborted();
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw pgError(error, this.location);
    }
    const tx = new PgTx(client, this.location);
    const frame: Frame = {
      owner: this,
      tx,
      writable: !isolation.endsWith("READ ONLY"),
      savepoints: 0,
    };
    let broken: Error | undefined;
    // A connection that breaks while checked out reports here (and in the pending query).
    const onError = (error: Error) => broken = error;
    client.on("error", onError);
    try {
      await tx.exec(
        `BEGIN ISOLATION LEVEL ${isolation}; SET LOCAL lock_timeout = ${this.#busyTimeoutMs}`,
      );
      const result = await runInFrame(frame, () => fn(tx));
      signal?.throwIfAborted();
      await tx.exec("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        broken = rollbackError as Error; // the connection is gone: do not reuse it
      }
      throw error;
    } finally {
      tx.end();
      client.off("error", onError);
      client.release(broken);
    }
  }
}

/**
 * Connects to the PostgreSQL store at `url`, creating the table of schema versions if needed.
 *
 * @param url A `postgres://` or `postgresql://` URL.
 * @param options Busy timeout, pool size, connect timeout.
 * @returns The open store; close it with `await store.close()` or `await using`.
 * @throws {KitError} `STORE_UNREACHABLE` (exit 2) when the server cannot be reached, refuses the
 *   login, or has no such database; the message names the server without the password.
 *
 * @example A database that does not answer is reported with a code
 * ```ts
 * import assert from "node:assert/strict";
 * import { openPgStore } from "./pg_store.ts";
 * await assert.rejects(openPgStore("postgres://127.0.0.1:1/mb"), { code: "STORE_UNREACHABLE" });
 * ```
 */
export function openPgStore(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
  return PgStore.open(url, options);
}
