/**
 * Zod schemas of the watcher operations' inputs (`ingest_delta`,
 * `watch_downloads`).
 *
 * @module
 */
import { z } from "zod";

/** Input of `ingest_delta`. */
export interface IngestDeltaInput {
  /** The delta or bundle to ingest. */
  path: string;
  /** Push the new commit to the LTM remote. */
  push?: boolean | undefined;
  /** Never remove or quarantine the source (CLI only). */
  keep_source?: boolean | undefined;
}

/** Schema of {@linkcode IngestDeltaInput}. */
export const IngestDeltaInputSchema: z.ZodType<IngestDeltaInput> = z.object({
  path: z.string().min(1).describe(
    "The MIPS delta (.mips.json/.mips.md/.mips.txt, MB__*.json|md|txt) or OS bundle (.zip) to ingest; must lie inside the configured roots. A file directly in the watch folder is moved (or quarantined when invalid); any other file is copied.",
  ),
  push: z.boolean().optional().describe(
    "Push the new commit to the LTM remote (pull --rebase and retry once if rejected). Default true.",
  ),
  keep_source: z.boolean().optional().describe(
    "Never remove or quarantine the source, even inside the watch folder. Default false.",
  ),
});

/** Input of `watch_downloads`. */
export interface WatchDownloadsInput {
  /** Folder to watch. */
  dir?: string | undefined;
  /** Process what is there now, push, and return. */
  once?: boolean | undefined;
  /** Milliseconds between loops. */
  interval?: number | undefined;
  /** Ignore files modified less than this many milliseconds ago. */
  settle_ms?: number | undefined;
  /** Equal (size, mtime) samples that make a file stable. */
  stable_samples?: number | undefined;
  /** Milliseconds between stability samples. */
  stable_interval?: number | undefined;
  /** Leave a still-changing file for a later loop after this many milliseconds. */
  stable_timeout?: number | undefined;
  /** First push retry delay in milliseconds. */
  backoff_initial?: number | undefined;
  /** Longest push retry delay in milliseconds. */
  backoff_max?: number | undefined;
  /** The ledger's host field. */
  host_tag?: string | undefined;
  /** Run git pull --rebase at start. */
  pull?: boolean | undefined;
}

const ms = z.number().int().min(0);

/** Schema of {@linkcode WatchDownloadsInput}. */
export const WatchDownloadsInputSchema: z.ZodType<WatchDownloadsInput> = z.object({
  dir: z.string().min(1).optional().describe("Folder to watch. Default: config watchDir."),
  once: z.boolean().optional().describe("Process what is there now, push, and exit."),
  interval: ms.optional().describe("Milliseconds between loops. Default 3000."),
  settle_ms: ms.optional().describe(
    "Ignore files modified less than this many milliseconds ago. Default 1000.",
  ),
  stable_samples: z.number().int().min(1).optional().describe(
    "Equal (size, mtime) samples that make a file stable. Default 2.",
  ),
  stable_interval: ms.optional().describe(
    "Milliseconds between stability samples. Default 1000.",
  ),
  stable_timeout: ms.optional().describe(
    "Leave a still-changing file for a later loop after this many milliseconds. Default 15000.",
  ),
  backoff_initial: ms.optional().describe("First push retry delay in milliseconds. Default 5000."),
  backoff_max: ms.optional().describe("Longest push retry delay in milliseconds. Default 300000."),
  host_tag: z.string().min(1).optional().describe(
    "The ledger's host field. Default: the host name.",
  ),
  pull: z.boolean().optional().describe("Run git pull --rebase at start. Default true."),
});
