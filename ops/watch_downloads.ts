/**
 * `watch_downloads` (`metablooms watch`): watch the downloads folder and file
 * deltas and bundles into the LTM git repo. A CLI command only: it runs until
 * stopped.
 *
 * @module
 */
import { runWatcher } from "../lib/watcher/watch.ts";
import { type WatchReport, WatchReportSchema } from "../schemas/watcher.ts";
import { type WatchDownloadsInput, WatchDownloadsInputSchema } from "../schemas/watcher_input.ts";
import type { Operation } from "./operation.ts";

/** `watch_downloads`. */
export const watchDownloadsOp: Operation<WatchDownloadsInput, WatchReport> = {
  name: "watch_downloads",
  title: "Watch the downloads folder",
  description:
    "Watches the downloads folder and ingests every stable delta, note or bundle into the LTM git repository (see ingest_delta), pushing pending commits with backoff; with once, processes what is there now and returns.",
  input: WatchDownloadsInputSchema,
  output: WatchReportSchema,
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async run(input, ctx) {
    const opt = <K extends string, V>(key: K, value: V | undefined) =>
      (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
    return await runWatcher(ctx.config, await ctx.store(), {
      ...(input.dir === undefined ? {} : { watchDir: await ctx.resolvePath(input.dir) }),
      once: input.once ?? false,
      ...opt("intervalMs", input.interval),
      ...opt("settleMs", input.settle_ms),
      stability: {
        ...opt("samples", input.stable_samples),
        ...opt("intervalMs", input.stable_interval),
        ...opt("timeoutMs", input.stable_timeout),
      },
      backoff: {
        ...opt("initialMs", input.backoff_initial),
        ...opt("maxMs", input.backoff_max),
      },
      ...opt("hostTag", input.host_tag),
      pullAtStart: input.pull ?? true,
      log: (line) => ctx.log(line),
      signal: ctx.signal,
    });
  },
  render: renderWatchReport,
  exitCode: (r) => (r.once && (r.quarantined > 0 || r.errors > 0) ? 1 : 0),
  mcp: false,
  cli: {
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
    untilStopped: true,
    flags: {
      dir: { valueName: "DIR" },
      interval: { valueName: "MS" },
      settle_ms: { valueName: "MS" },
      stable_interval: { valueName: "MS" },
      stable_timeout: { valueName: "MS" },
      backoff_initial: { valueName: "MS" },
      backoff_max: { valueName: "MS" },
      host_tag: { valueName: "TAG" },
      pull: { negate: true, description: "Skip the git pull --rebase at start" },
    },
    exitCodes: {
      0: "stopped cleanly; with --once: nothing was quarantined and nothing failed",
      1: "with --once: a file was quarantined or an ingest/push failed",
      2: "usage error, or the watch folder / LTM repository is missing",
      3: "another watcher is already running for this data directory",
    },
  },
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
