/**
 * Rotating a ledger: the log and its sidecar chain move together to a new
 * name, crash-safely. The move is journaled first (`<path>.rotating`, written
 * atomically); a crash after that is completed by the next writer or rotation
 * under the lock, so the pair is never split.
 *
 * @module
 */
import { dirname } from "node:path";
import { KitError } from "../errors.ts";
import { writeJsonAtomic } from "../fs/atomic_write.ts";
import { withLock } from "../fs/lock.ts";
import { syncDir } from "../fs/sync_dir.ts";
import type { RotationJournal } from "../../schemas/state.ts";
import { reconcile } from "./_sidecar.ts";
import { exists, finishRotation, rotationJournalOf } from "./_rotation.ts";
import { chainPathOf } from "./sidecar.ts";

/** Options of {@linkcode rotateLedger}. */
export interface RotateOptions {
  /** How long to wait for a writer. @default {15000} */
  lockWaitMs?: number;
  /** Aborts the wait for the lock. */
  signal?: AbortSignal;
}

/** What {@linkcode rotateLedger} did. */
export interface RotateResult {
  /** Whether there was a log to move (a missing log is left missing). */
  rotated: boolean;
  /** The log's old path. */
  from: string;
  /** Its new path. */
  to: string;
  /** Whether a sidecar chain moved with it (to `<to>.chain`). */
  with_chain: boolean;
}

/**
 * Moves a ledger (and its `.chain`, if any) to `to` under the ledger's lock.
 * A sidecar log is first repaired (pending lines chained, torn tails cut) so
 * the rotated pair verifies on its own; a pair too damaged to repair is moved
 * as it is. The next append to `path` starts a fresh log.
 *
 * @param path The ledger (e.g. `audit/metacognition.jsonl`).
 * @param to The new name (e.g. `audit/metacognition.jsonl.1767182400.ingesting`).
 * @param options Lock wait and abort.
 * @returns What moved.
 * @throws {KitError} `LEDGER_ROTATE_TARGET_EXISTS` (exit 2) when `to` or `<to>.chain` exists;
 *   `LOCKED` when a writer keeps the lock.
 *
 * @example Rotate a record log, then start a new one
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendRecords, rotateLedger, verifyLedger } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * await appendRecords(`${dir}/log.jsonl`, [{ n: 1 }, { n: 2 }]);
 * const moved = await rotateLedger(`${dir}/log.jsonl`, `${dir}/log.jsonl.1.ingesting`);
 * assert(moved.rotated && moved.with_chain);
 * assert.equal((await verifyLedger(`${dir}/log.jsonl.1.ingesting`)).chained, 2);
 * await appendRecords(`${dir}/log.jsonl`, [{ n: 3 }]);
 * assert.equal((await verifyLedger(`${dir}/log.jsonl`)).lines, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function rotateLedger(
  path: string,
  to: string,
  options: RotateOptions = {},
): Promise<RotateResult> {
  await Deno.mkdir(dirname(path), { recursive: true });
  return await withLock(`${path}.lock`, async () => {
    await finishRotation(path);
    if (!(await exists(path))) return { rotated: false, from: path, to, with_chain: false };
    if ((await exists(to)) || (await exists(chainPathOf(to)))) {
      throw new KitError(
        "LEDGER_ROTATE_TARGET_EXISTS",
        `Cannot rotate ${path} to ${to}: ${to} (or its .chain) already exists`,
        { path: to, exitCode: 2 },
      );
    }
    const withChain = await exists(chainPathOf(path));
    if (withChain) {
      try {
        await reconcile(path);
      } catch (error) {
        if (!(error instanceof KitError && error.code === "LEDGER_BROKEN")) throw error;
      }
    }
    await Deno.mkdir(dirname(to), { recursive: true });
    const journal: RotationJournal = { from: path, to };
    await writeJsonAtomic(rotationJournalOf(path), journal);
    await syncDir(dirname(path));
    await finishRotation(path);
    return { rotated: true, from: path, to, with_chain: withChain };
  }, {
    purpose: `rotate ${path}`,
    ...(options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
