/**
 * What one watcher run keeps between loops: the report, the log (with
 * "announce once" for repeated skips and failures), the error window and the
 * heartbeat (rewritten every loop and kept fresh during long steps).
 *
 * @module
 */
import { join } from "node:path";
import { type Clock, isoUtc } from "../clock.ts";
import { toKitError } from "../errors.ts";
import { VERSION } from "../version.ts";
import type {
  IngestResult,
  LastIngest,
  WatcherHeartbeat,
  WatchReport,
  WatchSkip,
} from "../../schemas/watcher.ts";
import { writeHeartbeat } from "./heartbeat.ts";
import { formatLogLine, type LogLevel } from "./log.ts";
import { type Candidate, QUARANTINE_DIR } from "./scan.ts";

/** The state of one watcher run. */
export class WatchSession {
  readonly report: WatchReport;
  /** Commits waiting for a push. */
  pending = 0;
  readonly #clock: Clock;
  readonly #sink: ((line: string) => void) | undefined;
  readonly #errorTimes: number[] = [];
  readonly #announced = new Map<string, string>();
  readonly #beat: { path: string; host: string; watchDir: string };
  #lastIngest: LastIngest | undefined;
  #lastBeat: WatcherHeartbeat | undefined;
  #inflight: Promise<void> = Promise.resolve();
  #keepAlive: ReturnType<typeof setInterval> | undefined;

  constructor(
    clock: Clock,
    log: ((line: string) => void) | undefined,
    once: boolean,
    beat: { path: string; host: string; watchDir: string },
  ) {
    this.#clock = clock;
    this.#sink = log;
    this.#beat = beat;
    this.report = {
      once,
      started_utc: isoUtc(clock.now()),
      finished_utc: "",
      loops: 0,
      ingested: 0,
      duplicates: 0,
      quarantined: 0,
      unstable: 0,
      errors: 0,
      pending_push: 0,
      results: [],
      skipped: [],
    };
  }

  /** Writes a log line `<UTC ISO> [LEVEL] message`. */
  log(level: LogLevel, message: string): void {
    this.#sink?.(formatLogLine(this.#clock.now(), level, message));
  }

  /** Counts an error (report and the last hour's window) and logs it. */
  fail(message: string): void {
    this.#countError();
    this.log("FAIL", message);
  }

  #countError(): void {
    this.report.errors++;
    this.#errorTimes.push(this.#clock.now());
  }

  /** Records an ingest result: counts, the last ingest, a log line. */
  ingested(name: string, result: IngestResult): void {
    const report = this.report;
    if (result.status === "ingested") report.ingested++;
    else if (result.status === "duplicate") report.duplicates++;
    else report.quarantined++;
    report.results.push(result);
    if (report.results.length > 100) report.results.shift();
    this.#announced.delete(name);
    if (result.status === "ingested") {
      this.#lastIngest = {
        path: result.stored_path!,
        sha256: result.sha256,
        ts: result.ledger_line!.ts,
      };
      const renamed = result.renamed ? " (name taken: suffixed)" : "";
      const hash = result.hash_status ? ` ${result.hash_status}` : "";
      this.log(
        "OK",
        `Ingested ${name} → ${result.stored_path}${renamed} sha=${
          result.sha256.slice(0, 12)
        }${hash}`,
      );
    } else if (result.status === "duplicate") {
      this.log("OK", `Duplicate sha=${result.sha256} — skip ${name}`);
    } else {
      this.log(
        "FAIL",
        `Quarantined ${name}: ${result.rejection?.code} ${result.rejection?.reason}`,
      );
    }
  }

  /** Records a failed ingest (logged once per file, size, mtime and code). Returns its skip. */
  ingestFailed(candidate: Candidate, error: unknown): WatchSkip {
    const e = toKitError(error);
    this.#countError();
    const signature = `${candidate.size}:${candidate.mtimeMs}:${e.code}`;
    if (this.#announced.get(candidate.name) !== signature) {
      this.#announced.set(candidate.name, signature);
      this.log("FAIL", `${candidate.name}: ${e.code}: ${e.message} (will retry)`);
    }
    return { name: candidate.name, reason: "failed", detail: e.code };
  }

  /** Logs each skip once, forgets files that are gone, keeps the loop's skips in the report. */
  skipped(skipped: WatchSkip[]): void {
    for (const s of skipped) {
      if (s.reason === "failed") continue;
      const signature = `${s.reason}:${s.detail ?? ""}`;
      if (this.#announced.get(s.name) === signature) continue;
      this.#announced.set(s.name, signature);
      this.log("SKIP", `${s.reason}: ${s.name}`);
    }
    const present = new Set(skipped.map((s) => s.name));
    for (const name of [...this.#announced.keys()]) {
      if (!present.has(name)) this.#announced.delete(name);
    }
    this.report.skipped = skipped;
  }

  /** Rewrites the heartbeat file. */
  async beat(): Promise<void> {
    const now = this.#clock.now();
    while (this.#errorTimes.length && this.#errorTimes[0]! < now - 3_600_000) {
      this.#errorTimes.shift();
    }
    const heartbeat: WatcherHeartbeat = {
      host: this.#beat.host,
      pid: Deno.pid,
      version: VERSION,
      started_utc: this.report.started_utc,
      last_loop_utc: isoUtc(now),
      ...(this.#lastIngest ? { last_ingest: this.#lastIngest } : {}),
      pending_push: this.pending,
      quarantined: await countQuarantined(this.#beat.watchDir),
      errors_last_hour: this.#errorTimes.length,
    };
    this.#lastBeat = heartbeat;
    await writeHeartbeat(this.#beat.path, heartbeat);
  }

  /**
   * Keeps the heartbeat file fresh during long steps (a push, a stability wait)
   * by rewriting the last heartbeat as is, so a second instance does not take a
   * live watcher's lock for a stale one; `last_loop_utc` still tells the last loop.
   */
  keepAlive(intervalMs: number): void {
    this.#keepAlive = setInterval(() => {
      const last = this.#lastBeat;
      if (last) {
        this.#inflight = this.#inflight.then(() => writeHeartbeat(this.#beat.path, last))
          .catch(() => {});
      }
    }, intervalMs);
  }

  /** Stops the keep-alive and completes the report. */
  async finish(): Promise<WatchReport> {
    clearInterval(this.#keepAlive);
    await this.#inflight;
    this.report.pending_push = this.pending;
    this.report.finished_utc = isoUtc(this.#clock.now());
    return this.report;
  }
}

async function countQuarantined(watchDir: string): Promise<number> {
  let n = 0;
  try {
    for await (const e of Deno.readDir(join(watchDir, QUARANTINE_DIR))) {
      if (e.isFile && !e.name.endsWith(".reason.json")) n++;
    }
  } catch { /* no quarantine yet */ }
  return n;
}
