/**
 * The ingest journal `<git dir>/metablooms-ingest.journal`: written (atomically,
 * fsynced) by a commit batch before it places a file or appends a ledger
 * line, removed once the batch is committed. While it exists, the manifests
 * past what it records are a batch's unfinished work, which the repair
 * (`repair.ts`) commits or drops; without it, uncommitted changes are a
 * person's and are left alone.
 *
 * @module
 */
import { join } from "node:path";
import { writeJsonAtomic } from "../fs/atomic_write.ts";
import { LTM_GIT_PATHS } from "../layout.ts";

/** What a batch records before it writes. */
export interface IngestJournal {
  /** The journal's shape. */
  version: 1;
  /** The pid of the writer (for messages). */
  pid: number;
  /** Size in bytes of `manifests/ledger.ndjson` before the batch (0 when missing). */
  ledger_bytes: number;
  /** `manifests/recent.json` before the batch (`null`: missing). */
  recent_prior: string | null;
  /** `manifests/latest.json` before the batch (`null`: missing). */
  latest_prior: string | null;
}

/**
 * The journal's path in a git folder.
 *
 * @param gitDir The LTM repo's git folder.
 * @returns `<gitDir>/metablooms-ingest.journal`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { journalPath } from "./journal.ts";
 * assert.equal(journalPath("/r/.git"), "/r/.git/metablooms-ingest.journal");
 * ```
 */
export function journalPath(gitDir: string): string {
  return join(gitDir, LTM_GIT_PATHS.journal);
}

/**
 * Writes the journal (atomically, fsynced).
 *
 * @param gitDir The git folder.
 * @param journal What the batch records.
 * @returns Resolves once it is durable.
 */
export async function writeIngestJournal(gitDir: string, journal: IngestJournal): Promise<void> {
  await writeJsonAtomic(journalPath(gitDir), journal);
}

/**
 * Reads the journal.
 *
 * @param gitDir The git folder.
 * @returns The journal, `null` when there is none, `"unreadable"` when it is not one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readIngestJournal, removeIngestJournal, writeIngestJournal } from "./journal.ts";
 * const dir = await Deno.makeTempDir();
 * assert.equal(await readIngestJournal(dir), null);
 * await writeIngestJournal(dir, { version: 1, pid: 1, ledger_bytes: 0, recent_prior: null, latest_prior: "{}" });
 * assert.equal((await readIngestJournal(dir) as { latest_prior: string }).latest_prior, "{}");
 * await removeIngestJournal(dir);
 * assert.equal(await readIngestJournal(dir), null);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readIngestJournal(
  gitDir: string,
): Promise<IngestJournal | null | "unreadable"> {
  let text: string;
  try {
    text = await Deno.readTextFile(journalPath(gitDir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  try {
    const v = JSON.parse(text);
    const textOrNull = (x: unknown) => x === null || typeof x === "string";
    if (
      v?.version === 1 && Number.isSafeInteger(v.ledger_bytes) && v.ledger_bytes >= 0 &&
      textOrNull(v.recent_prior) && textOrNull(v.latest_prior)
    ) return v as IngestJournal;
  } catch { /* not JSON */ }
  return "unreadable";
}

/**
 * Removes the journal (the batch is committed, or repaired).
 *
 * @param gitDir The git folder.
 * @returns Resolves once it is gone.
 */
export async function removeIngestJournal(gitDir: string): Promise<void> {
  await Deno.remove(journalPath(gitDir)).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
}
