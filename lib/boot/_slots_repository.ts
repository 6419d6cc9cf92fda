/**
 * The slots' repository: what the slot operations need from wherever slot
 * state lives, and nothing more. Today's implementation
 * ({@linkcode fileSlotsRepository}) keeps it in files under the data directory
 * (`slots/state.json` + `slots/journal.json`, crash-safe, see `_slots_store.ts`)
 * under the slots' cross-process lock; a database-backed one would implement
 * the same interface with a transaction instead of the journal.
 *
 * @module
 */
import { withLock } from "../fs/lock.ts";
import type { AuditRef, RecoveryNote, SlotsState } from "../../schemas/boot.ts";
import { bootPaths } from "./_paths.ts";
import {
  commitState,
  type Journal,
  readJournal,
  readState,
  recoverPending,
  storeBundle,
} from "./_slots_store.ts";

/** A slot change that was interrupted and not yet settled. */
export interface PendingSlotChange {
  op: string;
  to_seq: number;
  pid: number;
  started_utc: string;
}

/** Options of {@linkcode SlotsRepository.change}. */
export interface SlotsChangeOptions {
  /** How long to wait for another process's change. @default {15000} */
  timeoutMs?: number | undefined;
  /** Aborts the wait. */
  signal?: AbortSignal | undefined;
}

/** Where slot state lives. */
export interface SlotsRepository {
  /** Where, for messages (the state file). */
  readonly location: string;
  /** The current state, without waiting for a change in progress (empty when never staged). */
  read(): Promise<SlotsState>;
  /** The change a crash interrupted, if any (settled by the next {@linkcode change}). */
  pending(): Promise<PendingSlotChange | undefined>;
  /**
   * Runs `fn` as the only change in progress (across processes), after settling
   * an interrupted one; `fn` gets the state and what was settled.
   */
  change<T>(
    purpose: string,
    options: SlotsChangeOptions,
    fn: (state: SlotsState, recovered: RecoveryNote[]) => Promise<T>,
  ): Promise<T>;
  /** Inside a change: keeps a copy of a bundle, returning where it is kept. */
  storeBundle(source: string, sha256: string): Promise<string>;
  /** Inside a change: commits `next` (its `seq`, `op`, `updated_utc` are set) and audits it. */
  commit(
    current: SlotsState,
    next: SlotsState,
    op: string,
    audit?: Journal["audit"],
  ): Promise<{ state: SlotsState; audit?: AuditRef | undefined }>;
}

/**
 * The file-backed slots repository of a data directory.
 *
 * @param dataDir The data directory.
 * @returns The repository.
 */
export function fileSlotsRepository(dataDir: string): SlotsRepository {
  const paths = bootPaths({ dataDir });
  return {
    location: paths.state,
    read: () => readState(paths),
    async pending() {
      const journal = await readJournal(paths);
      return journal && {
        op: journal.op,
        to_seq: journal.to_seq,
        pid: journal.pid,
        started_utc: journal.started_utc,
      };
    },
    change(purpose, options, fn) {
      return withLock(paths.lock, async () => {
        const recovered = await recoverPending(paths);
        return await fn(await readState(paths), recovered);
      }, {
        purpose,
        ...(options.timeoutMs === undefined ? {} : { waitMs: options.timeoutMs }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },
    storeBundle: (source, sha256) => storeBundle(paths, source, sha256),
    commit: (current, next, op, audit) => commitState(paths, current, next, op, audit),
  };
}
