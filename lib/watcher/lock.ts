/**
 * A lock file that works across processes: `{pid, host, started_utc}`,
 * created atomically (a hard link of a fully written temp file, or an
 * exclusive create where links are not supported). A lock is stale when its
 * holder is on this host and its PID is not alive, or when the holder's
 * heartbeat file (or, without one, the lock itself) has not been touched for
 * `staleAfterMs`; a stale lock is taken over.
 *
 * @module
 */
import { hostname } from "node:os";
import process from "node:process";
import { dirname } from "node:path";
import { KitError } from "../errors.ts";
import { type WatcherLock, WatcherLockSchema } from "../../schemas/watcher.ts";
import { type Clock, isoUtc, systemClock } from "./clock.ts";

/** Options of {@linkcode acquireLock}. */
export interface LockOptions {
  /** The holder's heartbeat file, whose age tells a hung holder. */
  heartbeatPath?: string;
  /** Age of the heartbeat (or of the lock without one) after which the lock is stale. @default {60000} */
  staleAfterMs?: number;
  /** Keep trying this long while the lock is held by a live holder. @default {0} */
  waitMs?: number;
  /** Time source for `started_utc` and waiting. @default {systemClock} */
  clock?: Clock;
  /** This process's id. @default {Deno.pid} */
  pid?: number;
  /** This host's name. @default {os.hostname()} */
  host?: string;
  /** Whether a PID is alive on this host. @default {signal 0 probe} */
  isAlive?: (pid: number) => boolean;
}

/** A held lock. */
export interface LockHandle extends AsyncDisposable {
  /** The lock file. */
  path: string;
  /** What it holds. */
  info: WatcherLock;
  /** The stale holder this lock replaced, if any. */
  tookOverFrom?: WatcherLock | undefined;
  /** Removes the lock file if it is still ours. */
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
 * Takes a lock, or throws `LOCK_HELD` naming the live holder.
 *
 * @param path The lock file.
 * @param options Staleness rules, waiting, identity.
 * @returns The held lock (release it, or `await using` it).
 * @throws {KitError} `LOCK_HELD` when a live holder keeps it beyond `waitMs`.
 *
 * @example A second taker is refused until the first releases
 * ```ts
 * import assert from "node:assert/strict";
 * import { acquireLock } from "./lock.ts";
 * const dir = await Deno.makeTempDir();
 * const lock = await acquireLock(`${dir}/w.lock`);
 * const second = await acquireLock(`${dir}/w.lock`).catch((e) => e.code);
 * assert(second === "LOCK_HELD");
 * await lock.release();
 * await (await acquireLock(`${dir}/w.lock`)).release();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<LockHandle> {
  const clock = options.clock ?? systemClock;
  const info: WatcherLock = {
    pid: options.pid ?? Deno.pid,
    host: options.host ?? hostname(),
    started_utc: isoUtc(clock.now()),
  };
  await Deno.mkdir(dirname(path), { recursive: true });
  const deadline = clock.now() + (options.waitMs ?? 0);
  let tookOverFrom: WatcherLock | undefined;
  for (;;) {
    if (await createExclusive(path, JSON.stringify(info) + "\n")) break;
    const holder = await readLockFile(path);
    if (holder === "missing") continue; // released meanwhile: try again
    if (await isStale(path, holder, info.host, options)) {
      if (await moveAsideIfUnchanged(path, holder)) {
        if (holder !== "unreadable") tookOverFrom = holder;
        continue;
      }
    } else if (clock.now() < deadline) {
      await clock.sleep(50);
      continue;
    } else {
      const who = holder === "unreadable"
        ? "an unreadable lock file"
        : `pid ${holder.pid} on ${holder.host} since ${holder.started_utc}`;
      throw new KitError("LOCK_HELD", `Cannot take the lock ${path}: held by ${who}`, {
        path,
        ...(holder === "unreadable" ? {} : { details: { holder } }),
      });
    }
  }
  const release = async () => {
    const current = await readLockFile(path);
    if (
      current !== "missing" && current !== "unreadable" && current.pid === info.pid &&
      current.started_utc === info.started_utc && current.host === info.host
    ) {
      await Deno.remove(path).catch(() => {});
    }
  };
  return { path, info, tookOverFrom, release, [Symbol.asyncDispose]: release };
}

/**
 * Reads a lock file.
 *
 * @param path The lock file.
 * @returns Its holder, `missing`, or `unreadable` (not a lock record).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readLockFile } from "./lock.ts";
 * assert(await readLockFile("/nonexistent.lock") === "missing");
 * ```
 */
export async function readLockFile(path: string): Promise<WatcherLock | "missing" | "unreadable"> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "missing";
    throw error;
  }
  try {
    const parsed = WatcherLockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : "unreadable";
  } catch {
    return "unreadable";
  }
}

async function isStale(
  path: string,
  holder: WatcherLock | "unreadable",
  host: string,
  options: LockOptions,
): Promise<boolean> {
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  const ageOf = async (p: string) => {
    try {
      const m = (await Deno.stat(p)).mtime;
      return m ? Date.now() - m.getTime() : Infinity;
    } catch {
      return 0; // gone since we read it: just released, not stale
    }
  };
  if (holder === "unreadable") return (await ageOf(path)) > staleAfterMs;
  if (holder.host === host && !(options.isAlive ?? pidAlive)(holder.pid)) return true;
  if (options.heartbeatPath) {
    const beat = await readHeartbeatPid(options.heartbeatPath);
    if (beat === holder.pid) return (await ageOf(options.heartbeatPath)) > staleAfterMs;
  }
  return (await ageOf(path)) > staleAfterMs;
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
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
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
  judged: WatcherLock | "unreadable",
): Promise<boolean> {
  const aside = `${path}.stale-${crypto.randomUUID()}`;
  try {
    await Deno.rename(path, aside);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true; // someone else removed it
    throw error;
  }
  const moved = await readLockFile(aside);
  const same = judged === "unreadable"
    ? moved === "unreadable"
    : moved !== "missing" && moved !== "unreadable" && moved.pid === judged.pid &&
      moved.started_utc === judged.started_utc;
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
