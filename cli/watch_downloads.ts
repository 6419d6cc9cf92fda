/**
 * `metablooms watch`: the downloads watcher. Files MIPS deltas, notes and OS
 * bundles from the downloads folder into the LTM git repo (validated,
 * deduplicated, ledgered, committed and pushed), quarantines invalid ones,
 * and keeps a heartbeat. Logs `<UTC ISO> [OK]|[FAIL]|[SKIP] <msg>` lines to
 * stderr (none with `--json`).
 *
 * @example Process what is in ~/Downloads once, as JSON
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms watch --once --json
 * ```
 *
 * @module
 */
import { type Command, numberFlag, runCommand, stringFlag } from "./_command.ts";
import { onTermination } from "./_signals.ts";
import { openStore } from "../lib/store/open.ts";
import { runWatcher } from "../lib/watcher/watch.ts";
import type { WatchReport } from "../schemas/watcher.ts";

/** `metablooms watch`. */
export const command: Command<WatchReport> = {
  name: "watch",
  script: "watch_downloads.ts",
  summary: "Watch the downloads folder and file deltas and bundles into the LTM git repo",
  usage: "[--dir DIR] [--once] [options]",
  description:
    "Every --interval ms: list the files directly in the watch folder; ignore partial downloads " +
    "(.crdownload .part .partial .download .tmp .temp .opdownload .!ut), lock files (.~lock.*, ~$*), " +
    "empty files and files modified less than --settle-ms ago; keep names the recognizer accepts " +
    "(*.mips.json|md|txt, MB__*.json|md|txt, *__DELTA__*, *.zip); wait until each is stable; then " +
    "ingest it: MIPS files through the parser, zips through the bundle validator, invalid ones to " +
    "<dir>/MB_QUARANTINE/ with a .reason.json; duplicates (sha256 in the ledger) are removed; " +
    "accepted files go to <ltm>/deltas/YYYY-MM/ (bundles to bundles/YYYY-MM/), get a chained line " +
    "in manifests/ledger.ndjson, refresh manifests/recent.json and latest.json, the index, and a " +
    "commit 'ingest: <name>'. Pending commits are pushed every loop with exponential backoff " +
    "(pull --rebase on rejection). One watcher per data directory (lock in <data>/state/).",
  options: {
    dir: {
      type: "string",
      valueName: "DIR",
      description: "Folder to watch (default config watchDir)",
    },
    once: { type: "boolean", description: "Process what is there now, push, and exit" },
    interval: { type: "string", valueName: "MS", description: "Time between loops (default 3000)" },
    "settle-ms": {
      type: "string",
      valueName: "MS",
      description: "Ignore files modified less than this long ago (default 1000)",
    },
    "stable-samples": {
      type: "string",
      valueName: "N",
      description: "Equal (size, mtime) samples that make a file stable (default 2)",
    },
    "stable-interval": {
      type: "string",
      valueName: "MS",
      description: "Time between stability samples (default 1000)",
    },
    "stable-timeout": {
      type: "string",
      valueName: "MS",
      description: "Leave a still-changing file for a later loop after this long (default 15000)",
    },
    "backoff-initial": {
      type: "string",
      valueName: "MS",
      description: "First push retry delay (default 5000)",
    },
    "backoff-max": {
      type: "string",
      valueName: "MS",
      description: "Longest push retry delay (default 300000)",
    },
    "host-tag": {
      type: "string",
      valueName: "TAG",
      description: "The ledger's host field (default the host name)",
    },
    "no-pull": { type: "boolean", description: "Skip the git pull --rebase at start" },
  },
  exitCodes: {
    0: "stopped cleanly; with --once: nothing was quarantined and nothing failed",
    1: "with --once: a file was quarantined or an ingest/push failed",
    2: "usage error, or the watch folder / LTM repository is missing",
    3: "another watcher is already running for this data directory",
  },
  async run(ctx) {
    using stop = onTermination(ctx.signal);
    await using store = await openStore({ sqlite_path: ctx.config.dbPath });
    const dir = stringFlag(ctx, "dir");
    const num = (name: string) => numberFlag(ctx, name);
    const stability = {
      ...(num("stable-samples") === undefined ? {} : { samples: num("stable-samples")! }),
      ...(num("stable-interval") === undefined ? {} : { intervalMs: num("stable-interval")! }),
      ...(num("stable-timeout") === undefined ? {} : { timeoutMs: num("stable-timeout")! }),
    };
    const backoff = {
      ...(num("backoff-initial") === undefined ? {} : { initialMs: num("backoff-initial")! }),
      ...(num("backoff-max") === undefined ? {} : { maxMs: num("backoff-max")! }),
    };
    return await runWatcher(ctx.config, store, {
      ...(dir ? { watchDir: dir } : {}),
      once: ctx.values.once === true,
      ...(num("interval") === undefined ? {} : { intervalMs: num("interval")! }),
      ...(num("settle-ms") === undefined ? {} : { settleMs: num("settle-ms")! }),
      stability,
      backoff,
      ...(stringFlag(ctx, "host-tag") ? { hostTag: stringFlag(ctx, "host-tag")! } : {}),
      pullAtStart: ctx.values["no-pull"] !== true,
      log: ctx.log,
      signal: stop.signal,
    });
  },
  render: renderWatchReport,
  exitCode: (r) => (r.once && (r.quarantined > 0 || r.errors > 0) ? 1 : 0),
};

/**
 * One-paragraph summary of a watcher run.
 *
 * @param r The report.
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderWatchReport } from "./watch_downloads.ts";
 * const text = renderWatchReport({ once: true, started_utc: "a", finished_utc: "b", loops: 1, ingested: 2, duplicates: 0, quarantined: 1, unstable: 0, errors: 0, pending_push: 0, results: [], skipped: [] });
 * assert(text.includes("2 ingested"));
 * ```
 */
export function renderWatchReport(r: WatchReport): string {
  const lines = [
    `Watcher ${
      r.once ? "pass" : "run"
    } ${r.started_utc} → ${r.finished_utc}, ${r.loops} loop(s): ` +
    `${r.ingested} ingested, ${r.duplicates} duplicate(s), ${r.quarantined} quarantined, ` +
    `${r.unstable} unstable, ${r.errors} error(s), ${r.pending_push} commit(s) waiting to be pushed`,
  ];
  for (const x of r.results.slice(-20)) {
    const where = x.status === "ingested"
      ? x.stored_path
      : x.status === "quarantined"
      ? `${x.rejection?.code} → ${x.quarantine?.path}`
      : "";
    lines.push(`  ${x.status.padEnd(11)} ${x.name}${where ? `  ${where}` : ""}`);
  }
  return lines.join("\n");
}

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
