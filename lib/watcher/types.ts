/**
 * Types the watcher's pipeline steps share (kept apart so that the steps do
 * not import each other's modules for their types).
 *
 * @module
 */
import type { GitOptions } from "../git/run.ts";
import type { Store } from "../store/store.ts";
import type { IngestLedger } from "./ledger.ts";

/** Refreshes the LTM index after the repo changed. */
export type Reindexer = (
  store: Store,
  ltmDir: string,
  options: { signal?: AbortSignal | undefined },
) => Promise<unknown>;

/** Git settings of the pipeline. */
export interface IngestGitOptions extends GitOptions {
  /** Author used when the repo has no `user.name`/`user.email`. @default {DEFAULT_IDENTITY} */
  identity?: { name: string; email: string };
}

/**
 * A cache the watcher keeps between files so the ledger is not re-read for
 * every file; it is re-read whenever the ledger file's size or mtime changed
 * (after a pull, or another writer).
 */
export interface IngestState {
  /** The cached ledger. */
  ledger?: IngestLedger;
  /** `size:mtime` of the ledger file when cached. */
  key?: string;
}
