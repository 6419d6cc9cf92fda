/**
 * Which transaction or read a piece of async work runs inside, per store, so a
 * transaction started within another joins it as a savepoint. Shared by every
 * {@linkcode Store} implementation.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Tx } from "./store.ts";

/** A running transaction or read of one store. */
export interface Frame {
  /** The store that opened it. */
  owner: object;
  /** The statements of this transaction or read. */
  tx: Tx;
  /** True for a write transaction, false for a read. */
  writable: boolean;
  /** Savepoints opened so far (for unique names). */
  savepoints: number;
}

const frames = new AsyncLocalStorage<Frame[]>();

/**
 * The innermost frame of `owner` the current async context runs inside.
 *
 * @param owner The store.
 * @returns The frame, or undefined outside any transaction or read of that store.
 */
export function currentFrame(owner: object): Frame | undefined {
  return frames.getStore()?.findLast((f) => f.owner === owner);
}

/**
 * Runs `fn` inside `frame`: nested transactions and reads of the same store join it.
 *
 * @param frame The new frame.
 * @param fn The work.
 * @returns What `fn` resolves to.
 */
export function runInFrame<T>(frame: Frame, fn: () => Promise<T>): Promise<T> {
  return frames.run([...(frames.getStore() ?? []), frame], fn);
}

/**
 * A transaction started inside a running one joins it as a savepoint.
 *
 * @param owner The store.
 * @param location The store's location, for messages.
 * @param exec Runs one statement on the running transaction's connection.
 * @param fn The nested work.
 * @returns The nested work's promise when the caller runs inside a transaction of `owner`,
 *   rejected with a `TypeError` inside a read; undefined outside any.
 */
export function joinOuter<T>(
  owner: object,
  location: string,
  exec: (sql: string, tx: Tx) => Promise<void> | void,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> | undefined {
  const outer = currentFrame(owner);
  if (!outer) return undefined;
  if (!outer.writable) {
    return Promise.reject(
      new TypeError(`Cannot start a write transaction inside a read on ${location}`),
    );
  }
  return inSavepoint(outer, (sql) => exec(sql, outer.tx), fn);
}

/**
 * Runs `fn` inside a savepoint of the outer frame's transaction: released when it
 * resolves, rolled back (and released) when it throws.
 *
 * @param outer The running write transaction.
 * @param exec Runs one statement on the transaction's connection.
 * @param fn The nested work.
 * @returns What `fn` resolves to.
 */
async function inSavepoint<T>(
  outer: Frame,
  exec: (sql: string) => Promise<void> | void,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const name = `sp_${++outer.savepoints}`;
  await exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn(outer.tx);
    await exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    await exec(`ROLLBACK TO ${name}`);
    await exec(`RELEASE ${name}`);
    throw error;
  }
}
