/**
 * A cross-process lock on a file: an exclusive `flock` (released by the
 * kernel when its holder dies, so a crash never leaves the lock held) on a lock
 * file that also records the holder (pid, host, purpose, time) for messages.
 * A holder record left behind by a dead process is reported as stale and replaced.
 *
 * @module
 */
import { dirname } from "node:path";
import { hostname } from "node:os";
import { KitError } from "../errors.ts";

/** Who holds (or held) a lock. */
export interface LockHolder {
  /** Process id. */
  pid: number;
  /** Host name. */
  host: string;
  /** What the lock was taken for. */
  purpose: string;
  /** When. */
  since_utc: string;
}

/** What the locked function receives. */
export interface LockInfo {
  /** A holder record left by a process that died holding the lock (now replaced). */
  stale?: LockHolder | undefined;
}

/** Options of {@linkcode withFileLock}. */
export interface FileLockOptions {
  /** How long to wait for the lock. @default {15000} */
  timeoutMs?: number;
  /** Recorded in the lock file and in the error of a waiter. @default {"lock"} */
  purpose?: string;
  /** Aborts the wait. */
  signal?: AbortSignal;
}

/**
 * Runs `fn` while holding an exclusive lock on `lockPath` (created if needed).
 *
 * @param lockPath The lock file.
 * @param fn The work to do under the lock.
 * @param options Timeout, purpose, abort signal.
 * @returns What `fn` returns.
 * @throws {KitError} `LOCKED` (exit 2) when another process keeps the lock past the timeout;
 * the message names its pid and purpose.
 *
 * @example Two waiters are serialised
 * ```ts
 * import assert from "node:assert/strict";
 * import { withFileLock } from "./lock.ts";
 * const dir = await Deno.makeTempDir();
 * const order: number[] = [];
 * await Promise.all([1, 2].map((n) => withFileLock(`${dir}/x.lock`, async () => { order.push(n); })));
 * assert(order.length === 2);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: (info: LockInfo) => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  await Deno.mkdir(dirname(lockPath), { recursive: true });
  const file = await Deno.open(lockPath, { read: true, write: true, create: true });
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    let delay = 2;
    while (!(await file.tryLock(true))) {
      options.signal?.throwIfAborted();
      if (Date.now() >= deadline) {
        const holder = await readHolder(lockPath);
        throw new KitError(
          "LOCKED",
          `Cannot lock ${lockPath}: held by ${
            holder
              ? `pid ${holder.pid} on ${holder.host} (${holder.purpose}, since ${holder.since_utc})`
              : "another process"
          }`,
          { path: lockPath, exitCode: 2, ...(holder ? { details: { holder } } : {}) },
        );
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 50);
    }
    try {
      const stale = await readHolder(lockPath);
      const me: LockHolder = {
        pid: Deno.pid,
        host: hostname(),
        purpose: options.purpose ?? "lock",
        since_utc: new Date().toISOString(),
      };
      await file.truncate(0);
      await file.seek(0, Deno.SeekMode.Start);
      await file.write(new TextEncoder().encode(JSON.stringify(me) + "\n"));
      try {
        return await fn(stale ? { stale } : {});
      } finally {
        await file.truncate(0);
      }
    } finally {
      await file.unlock();
    }
  } finally {
    file.close();
  }
}

async function readHolder(lockPath: string): Promise<LockHolder | undefined> {
  try {
    const text = (await Deno.readTextFile(lockPath)).trim();
    if (!text) return undefined;
    const value = JSON.parse(text);
    return typeof value?.pid === "number" ? value as LockHolder : undefined;
  } catch {
    return undefined;
  }
}
