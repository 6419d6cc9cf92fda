/**
 * The meta-analysis of the cycle log (living-image spec §9): one pass over the
 * records, grouped by cycle, then by mission (a first cycle and the corrective
 * cycles that follow it through `parent_cycle_id`). Pure over an async
 * iterable of records in log order, so the catalog, a log file or a test's
 * array can feed it.
 *
 * What the log gives, and where: the mission type, selector, attempt and
 * parent come from `CYCLE_STARTED`'s payload; a failure's state and cause
 * from `FINAL_OUTCOME`'s `reason` (else the `STATE_TRANSITION` to FAILED and
 * the last `VALIDATION_FAILURE`); time in a state from the timestamps of
 * consecutive records of the same cycle (the interval before a record is
 * spent in that record's `current_state`). The kit writes whole seconds, so
 * latencies are whole seconds too.
 *
 * @module
 */
import { isoUtc } from "../clock.ts";
import { KitError } from "../errors.ts";
import { PSM_STATES } from "../../schemas/cycle_log.ts";
import type { CycleLogRecord } from "../../schemas/cycle_log.ts";
import type {
  AuditReport,
  AuditSource,
  FailureCell,
  MissionSummary,
  OutcomeCounts,
  RetryStats,
  StateLatency,
  TimeBucket,
} from "../../schemas/audit.ts";

/** Options of {@linkcode buildAuditReport}. */
export interface AuditReportOptions {
  /** Count only cycles whose first record is at or after this time (ISO 8601). */
  since?: string | undefined;
  /** Count only cycles whose first record is before this time (ISO 8601). */
  until?: string | undefined;
  /** Length of the slowest-missions list. @default {10} */
  top?: number | undefined;
  /** Timeline bucket length; by default the shortest of 1 min … 30 days giving ≤ 60 buckets. */
  bucket_ms?: number | undefined;
  /** Where the records come from (copied into the report; `records`/`bad_timestamps` are counted here). */
  source?: Partial<AuditSource> | undefined;
  /** Stops the pass. */
  signal?: AbortSignal | undefined;
}

/** What one pass keeps of a cycle. */
interface CycleFacts {
  id: string;
  first_ms: number;
  first: string;
  last_ms: number;
  prev_ms: number;
  mission_type: string | null;
  selector: string | null;
  target_oid: string | null;
  attempt: number | null;
  parent: string | null;
  synth_persona: string | null;
  artifact_persona: string | null;
  named_persona: string | null;
  outcome: "COMPLETE" | "FAILED" | null;
  reason_state: string | null;
  reason_code: string | null;
  failed_from: string | null;
  last_guardian_code: string | null;
}

const NO_PAYLOAD: Record<string, unknown> = Object.freeze({});
const BUCKETS_MS = [1, 5, 15, 60, 360, 1440, 10080, 43200].map((m) => m * 60_000);
const MAX_BUCKETS = 60;
const MAX_EXPLICIT_BUCKETS = 2000;

/**
 * Builds the report from records in log order.
 *
 * @param records The cycle-log records, oldest first.
 * @param options Window, list length, bucket, source facts.
 * @returns The report.
 * @throws {KitError} `AUDIT_TOO_MANY_BUCKETS` (exit 2) when `bucket_ms` makes more than 2,000 buckets.
 *
 * @example Two records of one cycle: 3 s in DECOMPOSING, then COMPLETE
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildAuditReport } from "./report.ts";
 * const base = { cycle_id: "c-1", transaction_id: "tx-1", mission_brief_hash: "0".repeat(64),
 *   transition_to: null, active_persona: null, llm_prompt: null, llm_response_raw: null,
 *   artifact_oid: null, validation_result: null, final_outcome: null };
 * async function* log() {
 *   yield { ...base, timestamp: "2026-01-10T12:00:00Z", event_type: "CYCLE_STARTED", current_state: "IDLE",
 *     validation_result: { mission_type: "unhandled_message", selector: "greet", attempt: 0, parent_cycle_id: null } };
 *   yield { ...base, timestamp: "2026-01-10T12:00:03Z", event_type: "FINAL_OUTCOME", current_state: "DECOMPOSING",
 *     final_outcome: "COMPLETE" as const };
 * }
 * const report = await buildAuditReport(log());
 * assert.equal(report.totals.success_rate, 1);
 * assert.deepEqual(report.latency.map((l) => [l.state, l.total_ms]), [["DECOMPOSING", 3000]]);
 * assert.equal(report.by_mission_type[0]?.mission_type, "unhandled_message");
 * ```
 */
export async function buildAuditReport(
  records: AsyncIterable<CycleLogRecord>,
  options: AuditReportOptions = {},
): Promise<AuditReport> {
  const pass = new RecordPass();
  for await (const r of records) {
    pass.add(r);
    if ((pass.count & 0x3ff) === 0) options.signal?.throwIfAborted();
  }
  const { cycles, eventTypes, intervals, corrections, count, badTimestamps } = pass;
  const since = options.since ? Date.parse(options.since) : -Infinity;
  const until = options.until ? Date.parse(options.until) : Infinity;
  const kept = [...cycles.values()].filter((c) =>
    (since === -Infinity && until === Infinity) || (c.first_ms >= since && c.first_ms < until)
  );
  const timed = kept.filter((c) => !Number.isNaN(c.first_ms));
  const first = timed.reduce((a, c) => Math.min(a, c.first_ms), Infinity);
  const last = timed.reduce((a, c) => Math.max(a, c.last_ms), -Infinity);
  const missions = missionsOf(kept, cycles);
  return {
    source: {
      kind: options.source?.kind ?? "log",
      path: options.source?.path ?? "",
      records: count,
      skipped: options.source?.skipped ?? 0,
      skipped_examples: options.source?.skipped_examples ?? [],
      bad_timestamps: badTimestamps,
    },
    window: {
      since: options.since ?? null,
      until: options.until ?? null,
      first: Number.isFinite(first) ? isoUtc(first) : null,
      last: Number.isFinite(last) ? isoUtc(last) : null,
    },
    totals: counts(kept),
    event_types: Object.fromEntries([...eventTypes].sort(([a], [b]) => a.localeCompare(b))),
    by_persona: grouped(kept, personaOf).map(([persona, c]) => ({ persona, ...counts(c) })),
    by_mission_type: grouped(kept, (c) => c.mission_type ?? "unknown").map(([mission_type, c]) => ({
      mission_type,
      ...counts(c),
    })),
    failures: failureCells(kept),
    retries: retryStats(missions, kept, corrections),
    latency: latencies(intervals),
    slowest_missions: slowest(missions, options.top ?? 10),
    timeline: timeline(timed, first, last, options.bucket_ms),
  };
}

/**
 * The one pass over the records, one record at a time. A synchronous method (not the body of
 * the `for await` loop) so the engine optimises it: the loop itself only hands records over.
 */
class RecordPass {
  readonly cycles = new Map<string, CycleFacts>();
  readonly eventTypes = new Map<string, number>();
  readonly intervals = new Map<string, number[]>();
  corrections = 0;
  count = 0;
  badTimestamps = 0;

  add(r: CycleLogRecord): void {
    this.count++;
    this.eventTypes.set(r.event_type, (this.eventTypes.get(r.event_type) ?? 0) + 1);
    const ms = Date.parse(r.timestamp);
    const timed = !Number.isNaN(ms);
    if (!timed) this.badTimestamps++;
    let c = this.cycles.get(r.cycle_id);
    if (!c) {
      c = newCycle(r.cycle_id, ms, r.timestamp);
      this.cycles.set(r.cycle_id, c);
    } else if (timed) {
      if (!Number.isNaN(c.prev_ms)) {
        push(this.intervals, r.current_state, Math.max(0, ms - c.prev_ms));
      }
      if (Number.isNaN(c.first_ms)) {
        c.first_ms = ms;
        c.first = r.timestamp;
      }
    }
    if (timed) {
      c.prev_ms = ms;
      c.last_ms = Number.isNaN(c.last_ms) ? ms : Math.max(ms, c.last_ms);
    }
    observe(c, r);
    if (r.event_type === "SELF_CORRECTION_INITIATED") this.corrections++;
  }
}

function newCycle(id: string, ms: number, ts: string): CycleFacts {
  return {
    id,
    first_ms: ms,
    first: ts,
    last_ms: ms,
    prev_ms: ms,
    mission_type: null,
    selector: null,
    target_oid: null,
    attempt: null,
    parent: null,
    synth_persona: null,
    artifact_persona: null,
    named_persona: null,
    outcome: null,
    reason_state: null,
    reason_code: null,
    failed_from: null,
    last_guardian_code: null,
  };
}

/** Takes from one record what the report needs of its cycle. */
function observe(c: CycleFacts, r: CycleLogRecord): void {
  const payload = r.validation_result ?? NO_PAYLOAD;
  if (r.active_persona) c.named_persona = r.active_persona;
  switch (r.event_type) {
    case "CYCLE_STARTED":
      c.mission_type = str(payload.mission_type) ?? c.mission_type;
      c.selector = str(payload.selector) ?? c.selector;
      c.target_oid = str(payload.target_oid) ?? c.target_oid;
      c.attempt = typeof payload.attempt === "number" ? payload.attempt : c.attempt;
      c.parent = str(payload.parent_cycle_id) ?? c.parent;
      break;
    case "ARTIFACT_GENERATED":
      if (r.active_persona) {
        c.artifact_persona = r.active_persona;
        if (r.current_state === "SYNTHESIZING") c.synth_persona = r.active_persona;
      }
      break;
    case "VALIDATION_FAILURE": {
      const errors = payload.errors;
      const code = Array.isArray(errors) ? str((errors[0] as Record<string, unknown>)?.code) : null;
      c.last_guardian_code = code ?? str(payload.code) ?? c.last_guardian_code;
      break;
    }
    case "STATE_TRANSITION":
      if (r.transition_to === "FAILED") c.failed_from = r.current_state;
      break;
  }
  if (r.final_outcome) {
    c.outcome = r.final_outcome;
    const reason = payload.reason;
    if (reason && typeof reason === "object") {
      const o = reason as Record<string, unknown>;
      c.reason_state = str(o.state) ?? c.reason_state;
      c.reason_code = str(o.code) ?? c.reason_code;
    } else if (typeof reason === "string") {
      c.reason_code = reason;
    }
  }
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function personaOf(c: CycleFacts): string {
  return c.synth_persona ?? c.artifact_persona ?? c.named_persona ?? "unknown";
}

function counts(cycles: CycleFacts[]): OutcomeCounts {
  let complete = 0;
  let failed = 0;
  for (const c of cycles) {
    if (c.outcome === "COMPLETE") complete++;
    else if (c.outcome === "FAILED") failed++;
  }
  return {
    cycles: cycles.length,
    complete,
    failed,
    unfinished: cycles.length - complete - failed,
    success_rate: complete + failed ? complete / (complete + failed) : null,
  };
}

/** Groups by key, largest group first, then by key. */
function grouped(
  cycles: CycleFacts[],
  key: (c: CycleFacts) => string,
): [string, CycleFacts[]][] {
  const groups = new Map<string, CycleFacts[]>();
  for (const c of cycles) {
    const k = key(c);
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  return [...groups].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b));
}

function failureCells(cycles: CycleFacts[]): FailureCell[] {
  const cells = new Map<string, FailureCell>();
  for (const c of cycles) {
    if (c.outcome !== "FAILED") continue;
    const state = c.reason_state ?? c.failed_from ?? "unknown";
    const cause = c.reason_code ?? c.last_guardian_code ?? "unknown";
    const key = `${state}\u0000${cause}`;
    const cell = cells.get(key);
    if (cell) cell.count++;
    else cells.set(key, { state, cause, count: 1 });
  }
  return [...cells.values()].sort((a, b) =>
    b.count - a.count || stateRank(a.state) - stateRank(b.state) || a.cause.localeCompare(b.cause)
  );
}

function stateRank(state: string): number {
  const i = (PSM_STATES as readonly string[]).indexOf(state);
  return i < 0 ? PSM_STATES.length : i;
}

/** A first cycle and its corrective cycles, in order. */
type Mission = CycleFacts[];

/** Chains cycles by parent: a cycle whose parent is not among `all` starts a mission of its own. */
function missionsOf(kept: CycleFacts[], all: Map<string, CycleFacts>): Mission[] {
  const byRoot = new Map<string, Mission>();
  for (const c of kept) {
    const root = rootOf(c, all);
    const m = byRoot.get(root.id);
    if (m) m.push(c);
    else byRoot.set(root.id, [c]);
  }
  for (const m of byRoot.values()) {
    m.sort((a, b) => (a.attempt ?? 0) - (b.attempt ?? 0) || a.first_ms - b.first_ms);
  }
  return [...byRoot.values()];
}

function rootOf(c: CycleFacts, all: Map<string, CycleFacts>): CycleFacts {
  const seen = new Set<string>([c.id]);
  let at = c;
  while (at.parent) {
    const up = all.get(at.parent);
    if (!up || seen.has(up.id)) break;
    seen.add(up.id);
    at = up;
  }
  return at;
}

function retryStats(missions: Mission[], kept: CycleFacts[], corrections: number): RetryStats {
  const dist = new Map<number, number>();
  let total = 0;
  let max = 0;
  let corrected = 0;
  let correctedComplete = 0;
  for (const m of missions) {
    const retries = m.length - 1;
    total += retries;
    max = Math.max(max, retries);
    dist.set(retries, (dist.get(retries) ?? 0) + 1);
    if (retries > 0 && m[0]!.outcome === "FAILED") {
      corrected++;
      if (m.at(-1)!.outcome === "COMPLETE") correctedComplete++;
    }
  }
  const corrective = kept.filter((c) => (c.attempt ?? 0) > 0 || c.parent !== null);
  const ids = new Set(kept.map((c) => c.id));
  return {
    missions: missions.length,
    corrective_cycles: corrective.length,
    mean_retries: missions.length ? total / missions.length : null,
    max_retries: max,
    distribution: [...dist].sort(([a], [b]) => a - b).map(([retries, missions]) => ({
      retries,
      missions,
    })),
    corrections_initiated: corrections,
    self_corrected_missions: corrected,
    self_corrected_complete: correctedComplete,
    self_correction_success_rate: corrected ? correctedComplete / corrected : null,
    orphan_corrective_cycles: corrective.filter((c) => c.parent === null || !ids.has(c.parent))
      .length,
  };
}

function latencies(intervals: Map<string, number[]>): StateLatency[] {
  return [...intervals].sort(([a], [b]) => stateRank(a) - stateRank(b) || a.localeCompare(b))
    .map(([state, values]) => {
      const sorted = Float64Array.from(values).sort();
      const total = values.reduce((a, b) => a + b, 0);
      return {
        state,
        samples: values.length,
        total_ms: total,
        mean_ms: Math.round(total / values.length),
        p50_ms: nearestRank(sorted, 0.5),
        p95_ms: nearestRank(sorted, 0.95),
        max_ms: sorted[sorted.length - 1]!,
      };
    });
}

function nearestRank(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

function slowest(missions: Mission[], top: number): MissionSummary[] {
  return missions
    .filter((m) => !Number.isNaN(m[0]!.first_ms))
    .map((m) => {
      const root = m[0]!;
      const start = Math.min(...m.map((c) => c.first_ms).filter((v) => !Number.isNaN(v)));
      const end = Math.max(...m.map((c) => c.last_ms).filter((v) => !Number.isNaN(v)));
      return {
        root_cycle_id: root.id,
        cycle_ids: m.map((c) => c.id),
        selector: root.selector ?? m.find((c) => c.selector)?.selector ?? null,
        target_oid: root.target_oid ?? m.find((c) => c.target_oid)?.target_oid ?? null,
        mission_type: root.mission_type ?? "unknown",
        outcome: m.at(-1)!.outcome,
        started: isoUtc(start),
        duration_ms: end - start,
      };
    })
    .sort((a, b) => b.duration_ms - a.duration_ms || a.started.localeCompare(b.started))
    .slice(0, top);
}

function timeline(
  timed: CycleFacts[],
  first: number,
  last: number,
  bucketMs: number | undefined,
): { bucket_ms: number; buckets: TimeBucket[] } {
  if (!timed.length) return { bucket_ms: bucketMs ?? BUCKETS_MS[0]!, buckets: [] };
  const span = last - first;
  const size = bucketMs ??
    BUCKETS_MS.find((b) => Math.floor(last / b) - Math.floor(first / b) < MAX_BUCKETS) ??
    Math.ceil((span + 1) / MAX_BUCKETS);
  const start = Math.floor(first / size) * size;
  const n = Math.floor((last - start) / size) + 1;
  if (n > MAX_EXPLICIT_BUCKETS) {
    throw new KitError(
      "AUDIT_TOO_MANY_BUCKETS",
      `A ${size / 60_000}-minute bucket over ${
        Math.ceil(span / 60_000)
      } minutes of cycles makes ${n} buckets (at most ${MAX_EXPLICIT_BUCKETS}); choose a longer bucket or a narrower since/until`,
      { exitCode: 2 },
    );
  }
  const buckets: TimeBucket[] = Array.from({ length: n }, (_, i) => ({
    start: isoUtc(start + i * size),
    complete: 0,
    failed: 0,
    unfinished: 0,
  }));
  for (const c of timed) {
    const b = buckets[Math.floor((c.first_ms - start) / size)]!;
    if (c.outcome === "COMPLETE") b.complete++;
    else if (c.outcome === "FAILED") b.failed++;
    else b.unfinished++;
  }
  return { bucket_ms: size, buckets };
}
