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
 * Runs `fn` inside a savepoint of the outer frame's transaction: released when it
 * resolves, rolled back (and released) when it throws.
 *
 * @param outer The running write transaction.
 * @param exec Runs one statement on the transaction's connection.
 * @param fn The nested work.
 * @returns What `fn` resolves to.
 */
export async function inSavepoint<T>(
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

/**
 * Refuses a write transaction inside a read.
 *
 * @param outer The frame the caller runs in.
 * @param location The store's location, for the message.
 * @throws {TypeError} When `outer` is a read.
 */
export function assertWritable(outer: Frame, location: string): void {
  if (!outer.writable) {
    throw new TypeError(`Cannot start a write transaction inside a read on ${location}`);
  }
}
