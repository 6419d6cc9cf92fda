/**
 * The kit's one cross-process lock: a lock file holding a {@linkcode LockRecord}
 * (`{pid, host, started_utc, purpose, token}`), created atomically (a hard link
 * of a fully written temp file, or an exclusive create where links are not
 * supported), removed on release only by the acquisition that made it.
 *
 * **Staleness.** A lock is taken over (and the old record reported as
 * `tookOverFrom`) when
 * - its holder is on this host and its PID is not alive (a crash or SIGKILL);
 * - a `heartbeatPath` is given, the heartbeat names the holder's PID and has
 *   not been rewritten for `staleAfterMs` (a hung holder);
 * - its holder is on another host (whose PIDs cannot be probed) and the lock
 *   file has not been touched for `staleAfterMs` (a live holder touches it every
 *   `staleAfterMs / 3`);
 * - the file is empty (left by the flock-based lock of kit 0.1), or is not a
 *   lock record and older than `staleAfterMs`.
 *
 * A holder on this host whose PID is alive is never stale by age alone, so a
 * long critical section is never taken over. A lock that disappears while a
 * waiter looks at it was just released: the waiter simply tries again (it is
 * never "stale"). A takeover moves the stale file aside and checks it was the
 * one judged stale, so two waiters cannot both take over.
 *
 * @module
 */
import { hostname } from "node:os";
import process from "node:process";
import { dirname } from "node:path";
import { type Clock, isoUtc, systemClock } from "../clock.ts";
import { KitError } from "../errors.ts";
import { type LockRecord, LockRecordSchema } from "../../schemas/state.ts";

/** Options of {@linkcode acquireLock} and {@linkcode withLock}. */
export interface LockOptions {
  /**
   * How long to wait while a live holder keeps the lock (0: try once).
   * @default {15000}
   */
  waitMs?: number;
  /**
   * Age of a heartbeat (or of another host's lock file) after which its holder is stale.
   * @default {60000}
   */
  staleAfterMs?: number;
  /** The holder's heartbeat file (JSON with a `pid`), whose age tells a hung holder. */
  heartbeatPath?: string;
  /** Recorded in the lock file and named to a waiter. @default {"lock"} */
  purpose?: string;
  /** Aborts the wait. */
  signal?: AbortSignal;
  /** Time source for `started_utc` and waiting. @default {systemClock} */
  clock?: Clock;
  /** This process's id. @default {Deno.pid} */
  pid?: number;
  /** This host's name. @default {os.hostname()} */
  host?: string;
  /** Whether a PID is alive on this host. @default {pidAlive} */
  isAlive?: (pid: number) => boolean;
}

/** A held lock. */
export interface LockHandle extends AsyncDisposable {
  /** The lock file. */
  path: string;
  /** What the lock file says. */
  record: LockRecord;
  /** The stale holder this lock replaced, if any. */
  tookOverFrom?: LockRecord | undefined;
  /** Whether the lock file still names this acquisition (another process may have judged it stale). */
  held(): Promise<boolean>;
  /** Removes the lock file if it is still this acquisition's. Idempotent. */
  release(): Promise<void>;
}

/**
 * Whether a process id is alive on this host (signal-0 probe; a process we
 * may not signal counts as alive).
 *
 * @param pid Process id.
 * @returns True when alive.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pidAlive } from "./lock.ts";
 * assert(pidAlive(Deno.pid));
 * assert(!pidAlive(-1));
 * ```
 */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

/**
 * Takes a lock, waiting up to `waitMs` for a live holder, taking over a stale one.
 *
 * @param path The lock file (its folder is created).
 * @param options Waiting, staleness rules, purpose, identity.
 * @returns The held lock: `release()` it, or `await using` it.
 * @throws {KitError} `LOCKED` (exit 2) when a live holder keeps it beyond `waitMs`; the
 *   message names its pid, host, purpose and start. The signal's reason when aborted.
 *
 * @example A second taker is refused until the first releases
 * ```ts
 * import assert from "node:assert/strict";
 * import { acquireLock } from "./lock.ts";
 * const dir = await Deno.makeTempDir();
 * const lock = await acquireLock(`${dir}/w.lock`, { purpose: "demo" });
 * await assert.rejects(acquireLock(`${dir}/w.lock`, { waitMs: 0 }), { code: "LOCKED" });
 * await lock.release();
 * await (await acquireLock(`${dir}/w.lock`, { waitMs: 0 })).release();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<LockHandle> {
  const clock = options.clock ?? systemClock;
  const record: LockRecord = {
    pid: options.pid ?? Deno.pid,
    host: options.host ?? hostname(),
    started_utc: isoUtc(clock.now()),
    purpose: options.purpose ?? "lock",
    token: crypto.randomUUID(),
  };
  await Deno.mkdir(dirname(path), { recursive: true });
  const deadline = clock.now() + (options.waitMs ?? 15_000);
  let tookOverFrom: LockRecord | undefined;
  // Back off from 2 ms to 100 ms, with jitter so that waiting processes do not poll in step.
  for (let wait = 2;; wait = Math.min(wait * 2, 100)) {
    options.signal?.throwIfAborted();
    if (await createExclusive(path, JSON.stringify(record) + "\n")) break;
    const holder = await readLockFile(path);
    if (holder === "missing") continue; // just released: try again at once
    if (await isStale(path, holder, record.host, options)) {
      if (await moveAsideIfUnchanged(path, holder)) {
        if (typeof holder !== "string") tookOverFrom = holder;
        continue;
      }
    } else if (clock.now() >= deadline) {
      throw lockedError(path, holder);
    }
    await clock.sleep(Math.round(wait * (0.5 + Math.random())), options.signal);
  }
  return holdLock(path, record, tookOverFrom, options.staleAfterMs ?? 60_000);
}

/**
 * Runs `fn` while holding a lock ({@linkcode acquireLock}), releasing it however `fn` ends.
 *
 * @param path The lock file.
 * @param fn The work; it receives the held lock (`tookOverFrom` names a stale holder replaced).
 * @param options Waiting, staleness rules, purpose.
 * @returns What `fn` returns.
 * @throws {KitError} `LOCKED` (exit 2) when another holder keeps the lock beyond `waitMs`;
 *   whatever `fn` throws.
 *
 * @example Holders in one process run one at a time
 * ```ts
 * import assert from "node:assert/strict";
 * import { withLock } from "./lock.ts";
 * const dir = await Deno.makeTempDir();
 * let inside = 0, most = 0;
 * await Promise.all([1, 2, 3].map(() => withLock(`${dir}/x.lock`, async () => {
 *   most = Math.max(most, ++inside);
 *   await new Promise((r) => setTimeout(r, 5));
 *   inside--;
 * })));
 * assert.equal(most, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function withLock<T>(
  path: string,
  fn: (lock: LockHandle) => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  await using lock = await acquireLock(path, options);
  return await fn(lock);
}

/**
 * Reads a lock file.
 *
 * @param path The lock file.
 * @returns Its holder, `missing`, `empty` (a released lock of kit 0.1), or `unreadable`.
 * @throws {Deno.errors.PermissionDenied} When the file cannot be read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readLockFile } from "./lock.ts";
 * assert.equal(await readLockFile("/nonexistent.lock"), "missing");
 * ```
 */
export async function readLockFile(
  path: string,
): Promise<LockRecord | "missing" | "empty" | "unreadable"> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "missing";
    throw error;
  }
  if (text.trim() === "") return "empty";
  try {
    const value = JSON.parse(text);
    // kit 0.1's boot lock wrote `since_utc`.
    if (value && value.started_utc === undefined && typeof value.since_utc === "string") {
      value.started_utc = value.since_utc;
      delete value.since_utc;
    }
    const parsed = LockRecordSchema.safeParse(value);
    return parsed.success ? parsed.data : "unreadable";
  } catch {
    return "unreadable";
  }
}

function lockedError(path: string, holder: LockRecord | "empty" | "unreadable"): KitError {
  const who = typeof holder === "string"
    ? "an unreadable lock file"
    : `pid ${holder.pid} on ${holder.host} (${
      holder.purpose ?? "lock"
    }, since ${holder.started_utc})`;
  return new KitError("LOCKED", `Cannot take the lock ${path}: held by ${who}`, {
    path,
    exitCode: 2,
    ...(typeof holder === "string" ? {} : { details: { holder } }),
  });
}

function sameAcquisition(a: LockRecord, b: LockRecord): boolean {
  return a.pid === b.pid && a.host === b.host && a.started_utc === b.started_utc &&
    a.token === b.token;
}

function holdLock(
  path: string,
  record: LockRecord,
  tookOverFrom: LockRecord | undefined,
  staleAfterMs: number,
): LockHandle {
  const held = async () => {
    const current = await readLockFile(path);
    return typeof current !== "string" && sameAcquisition(current, record);
  };
  // Keep the file's age fresh for waiters on other hosts (who cannot probe our PID).
  const touch = setInterval(() => {
    held().then(async (mine) => {
      if (mine) await Deno.utime(path, new Date(), new Date());
    }).catch(() => {});
  }, Math.max(1000, Math.floor(staleAfterMs / 3)));
  Deno.unrefTimer(touch);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    clearInterval(touch);
    if (await held()) await Deno.remove(path).catch(() => {});
  };
  return { path, record, tookOverFrom, held, release, [Symbol.asyncDispose]: release };
}

async function isStale(
  path: string,
  holder: LockRecord | "empty" | "unreadable",
  host: string,
  options: LockOptions,
): Promise<boolean> {
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  if (holder === "empty") return true;
  if (holder === "unreadable") return (await ageOf(path)) > staleAfterMs;
  if (holder.host === host) {
    if (!(options.isAlive ?? pidAlive)(holder.pid)) return true;
    if (!options.heartbeatPath) return false;
  }
  if (options.heartbeatPath && (await readHeartbeatPid(options.heartbeatPath)) === holder.pid) {
    return (await ageOf(options.heartbeatPath)) > staleAfterMs;
  }
  return (await ageOf(path)) > staleAfterMs;
}

/** Milliseconds since a file was modified; 0 when it is gone (just released, not stale). */
async function ageOf(path: string): Promise<number> {
  try {
    const m = (await Deno.stat(path)).mtime;
    return m ? Date.now() - m.getTime() : Infinity;
  } catch {
    return 0;
  }
}

async function readHeartbeatPid(path: string): Promise<number | undefined> {
  try {
    const value = JSON.parse(await Deno.readTextFile(path));
    return typeof value?.pid === "number" ? value.pid : undefined;
  } catch {
    return undefined;
  }
}

/** Creates `path` with `text` only if it does not exist; false when it does. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  // The pid in the name tells a cleaner whether the process that made it still runs.
  const tmp = `${path}.${Deno.pid}-${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(tmp, text);
  try {
    await Deno.link(tmp, path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return false;
    // No hard links here (e.g. FAT storage): fall back to an exclusive create.
    try {
      await Deno.writeTextFile(path, text, { createNew: true });
      return true;
    } catch (inner) {
      if (inner instanceof Deno.errors.AlreadyExists) return false;
      throw inner;
    }
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

/**
 * Moves a stale lock aside, checking that what was moved is the lock judged
 * stale (another taker may have replaced it meanwhile; then it is put back).
 */
async function moveAsideIfUnchanged(
  path: string,
  judged: LockRecord | "empty" | "unreadable",
): Promise<boolean> {
  const aside = `${path}.stale-${Deno.pid}-${crypto.randomUUID()}`;
  try {
    await Deno.rename(path, aside);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true; // someone else removed it
    throw error;
  }
  const moved = await readLockFile(aside);
  const same = typeof judged === "string"
    ? moved === judged
    : typeof moved !== "string" && sameAcquisition(moved, judged);
  if (same) {
    await Deno.remove(aside).catch(() => {});
    return true;
  }
  // A fresh lock was moved by mistake: restore it unless yet another one exists.
  try {
    await Deno.link(aside, path);
  } catch { /* a newer lock is in place; ours was a fresh one taken by someone else */ }
  await Deno.remove(aside).catch(() => {});
  return false;
}
