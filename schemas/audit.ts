/**
 * Schemas of the audit capability's results: the meta-analysis report over the
 * cycle log (living-image spec §9), the fine-tuning export (§10) and the
 * learning-loop measure (recall@k of session 1's memory for session 2's
 * questions).
 *
 * @module
 */
import { z } from "zod";

const rate = z.number().min(0).max(1).nullable().describe(
  "complete / (complete + failed); null when no cycle finished.",
);

/** Outcome counts of a group of cycles. */
export interface OutcomeCounts {
  /** Cycles in the group. */
  cycles: number;
  /** Cycles that ended COMPLETE. */
  complete: number;
  /** Cycles that ended FAILED. */
  failed: number;
  /** Cycles without a final outcome in the records read. */
  unfinished: number;
  /** complete / (complete + failed); null when none finished. */
  success_rate: number | null;
}

const outcomeCountsShape = {
  cycles: z.number().int(),
  complete: z.number().int(),
  failed: z.number().int(),
  unfinished: z.number().int(),
  success_rate: rate,
};

/** Schema of {@linkcode OutcomeCounts}. */
export const OutcomeCountsSchema: z.ZodType<OutcomeCounts> = z.object(outcomeCountsShape);

/** Outcome counts of one persona. */
export interface PersonaOutcomes extends OutcomeCounts {
  /** The persona whose artifact decided the cycle (see {@linkcode AuditReport.by_persona}). */
  persona: string;
}

/** Schema of {@linkcode PersonaOutcomes}. */
export const PersonaOutcomesSchema: z.ZodType<PersonaOutcomes> = z.object({
  persona: z.string(),
  ...outcomeCountsShape,
});

/** Outcome counts of one mission type. */
export interface MissionTypeOutcomes extends OutcomeCounts {
  /** `unhandled_message`, `self_correction_mandate`, … (`unknown` when the log does not say). */
  mission_type: string;
}

/** Schema of {@linkcode MissionTypeOutcomes}. */
export const MissionTypeOutcomesSchema: z.ZodType<MissionTypeOutcomes> = z.object({
  mission_type: z.string(),
  ...outcomeCountsShape,
});

/** How many FAILED cycles failed in one state for one cause. */
export interface FailureCell {
  /** The state the cycle was in when it failed. */
  state: string;
  /** The error code (the FINAL_OUTCOME reason, else the last guardian error, else `unknown`). */
  cause: string;
  /** FAILED cycles. */
  count: number;
}

/** Schema of {@linkcode FailureCell}. */
export const FailureCellSchema: z.ZodType<FailureCell> = z.object({
  state: z.string(),
  cause: z.string(),
  count: z.number().int(),
});

/** Retries and self-correction, over missions (a first cycle and its corrective cycles). */
export interface RetryStats {
  /** Missions: chains of a first cycle and the corrective cycles that follow it. */
  missions: number;
  /** Corrective cycles (attempt ≥ 1). */
  corrective_cycles: number;
  /** Mean corrective cycles per mission. */
  mean_retries: number | null;
  /** Most corrective cycles of one mission. */
  max_retries: number;
  /** Missions by their number of retries, ascending. */
  distribution: { retries: number; missions: number }[];
  /** `SELF_CORRECTION_INITIATED` events. */
  corrections_initiated: number;
  /** Missions whose first cycle FAILED and that ran at least one corrective cycle. */
  self_corrected_missions: number;
  /** Of those, missions whose last cycle ended COMPLETE. */
  self_corrected_complete: number;
  /** self_corrected_complete / self_corrected_missions; null when none. */
  self_correction_success_rate: number | null;
  /** Corrective cycles whose parent is not in the records read (counted as missions of their own). */
  orphan_corrective_cycles: number;
}

/** Schema of {@linkcode RetryStats}. */
export const RetryStatsSchema: z.ZodType<RetryStats> = z.object({
  missions: z.number().int(),
  corrective_cycles: z.number().int(),
  mean_retries: z.number().nullable(),
  max_retries: z.number().int(),
  distribution: z.array(z.object({ retries: z.number().int(), missions: z.number().int() })),
  corrections_initiated: z.number().int(),
  self_corrected_missions: z.number().int(),
  self_corrected_complete: z.number().int(),
  self_correction_success_rate: rate,
  orphan_corrective_cycles: z.number().int(),
});

/** Time spent in one PSM state, from the timestamps of consecutive records of a cycle. */
export interface StateLatency {
  /** The state. */
  state: string;
  /** Intervals measured (one per record after a cycle's first). */
  samples: number;
  /** Their sum, in milliseconds. */
  total_ms: number;
  /** Mean interval. */
  mean_ms: number;
  /** Median (nearest rank). */
  p50_ms: number;
  /** 95th percentile (nearest rank). */
  p95_ms: number;
  /** Longest interval. */
  max_ms: number;
}

/** Schema of {@linkcode StateLatency}. */
export const StateLatencySchema: z.ZodType<StateLatency> = z.object({
  state: z.string(),
  samples: z.number().int(),
  total_ms: z.number(),
  mean_ms: z.number(),
  p50_ms: z.number(),
  p95_ms: z.number(),
  max_ms: z.number(),
});

/** One mission, for the slowest-missions list. */
export interface MissionSummary {
  /** The first cycle of the mission. */
  root_cycle_id: string;
  /** Every cycle of the mission, first cycle first. */
  cycle_ids: string[];
  /** The message the mission answers (from `CYCLE_STARTED`), if logged. */
  selector: string | null;
  /** Its receiver, if logged. */
  target_oid: string | null;
  /** The first cycle's mission type. */
  mission_type: string;
  /** The last cycle's outcome (null when unfinished). */
  outcome: "COMPLETE" | "FAILED" | null;
  /** First record's time. */
  started: string;
  /** From the first record of the first cycle to the last record of the last one. */
  duration_ms: number;
}

/** Schema of {@linkcode MissionSummary}. */
export const MissionSummarySchema: z.ZodType<MissionSummary> = z.object({
  root_cycle_id: z.string(),
  cycle_ids: z.array(z.string()),
  selector: z.string().nullable(),
  target_oid: z.string().nullable(),
  mission_type: z.string(),
  outcome: z.enum(["COMPLETE", "FAILED"]).nullable(),
  started: z.string(),
  duration_ms: z.number(),
});

/** Cycles that started within one time bucket. */
export interface TimeBucket {
  /** The bucket's start (ISO 8601 UTC). */
  start: string;
  /** Cycles that ended COMPLETE. */
  complete: number;
  /** Cycles that ended FAILED. */
  failed: number;
  /** Cycles without an outcome. */
  unfinished: number;
}

/** Schema of {@linkcode TimeBucket}. */
export const TimeBucketSchema: z.ZodType<TimeBucket> = z.object({
  start: z.string(),
  complete: z.number().int(),
  failed: z.number().int(),
  unfinished: z.number().int(),
});

/** Where the records came from and what could not be used. */
export interface AuditSource {
  /** `catalog` (the ingested cycle log) or `log` (a log file read directly). */
  kind: "catalog" | "log";
  /** The file read (kind `log`) or the store (kind `catalog`). */
  path: string;
  /** Records read. */
  records: number;
  /** Lines that were not cycle-log records (kind `log`), with the first few named. */
  skipped: number;
  /** The first skipped lines: `line N: why`. */
  skipped_examples: string[];
  /** Records whose timestamp did not parse (counted, left out of latencies and the timeline). */
  bad_timestamps: number;
}

/** Schema of {@linkcode AuditSource}. */
export const AuditSourceSchema: z.ZodType<AuditSource> = z.object({
  kind: z.enum(["catalog", "log"]),
  path: z.string(),
  records: z.number().int(),
  skipped: z.number().int(),
  skipped_examples: z.array(z.string()),
  bad_timestamps: z.number().int(),
});

/** The meta-analysis of the cycle log (living-image spec §9). */
export interface AuditReport {
  /** Where the records came from. */
  source: AuditSource;
  /** The cycles counted: started within [since, until) when those are given. */
  window: { since: string | null; until: string | null; first: string | null; last: string | null };
  /** Every cycle. */
  totals: OutcomeCounts;
  /** Records per event type (the set is open). */
  event_types: Record<string, number>;
  /**
   * Per persona: the persona of a cycle is the one whose artifact decided it — the author of the
   * SYNTHESIZING artifact when the cycle got that far, else of its last artifact, else the last
   * persona named in its records (`unknown` when none is).
   */
  by_persona: PersonaOutcomes[];
  /** Per mission type (from `CYCLE_STARTED`). */
  by_mission_type: MissionTypeOutcomes[];
  /** FAILED cycles by state × cause, most frequent first. */
  failures: FailureCell[];
  /** Retries and self-correction. */
  retries: RetryStats;
  /** Time per PSM state, states in PSM order then others. */
  latency: StateLatency[];
  /** The slowest missions, slowest first. */
  slowest_missions: MissionSummary[];
  /** Cycles over time. */
  timeline: { bucket_ms: number; buckets: TimeBucket[] };
  /** The SVG chart written, when asked (`--svg`). */
  svg_path?: string | undefined;
}

/** Schema of {@linkcode AuditReport}. */
export const AuditReportSchema: z.ZodType<AuditReport> = z.object({
  source: AuditSourceSchema,
  window: z.object({
    since: z.string().nullable(),
    until: z.string().nullable(),
    first: z.string().nullable(),
    last: z.string().nullable(),
  }),
  totals: OutcomeCountsSchema,
  event_types: z.record(z.string(), z.number().int()),
  by_persona: z.array(PersonaOutcomesSchema),
  by_mission_type: z.array(MissionTypeOutcomesSchema),
  failures: z.array(FailureCellSchema),
  retries: RetryStatsSchema,
  latency: z.array(StateLatencySchema),
  slowest_missions: z.array(MissionSummarySchema),
  timeline: z.object({ bucket_ms: z.number().int(), buckets: z.array(TimeBucketSchema) }),
  svg_path: z.string().optional(),
});

/** The two JSONL shapes of the fine-tuning export. */
export type FinetuneFormat = "messages" | "prompt-completion";

/** Schema of {@linkcode FinetuneFormat}. */
export const FinetuneFormatSchema: z.ZodType<FinetuneFormat> = z.enum([
  "messages",
  "prompt-completion",
]);

/** What `export_finetune` wrote. */
export interface FinetuneExport {
  /** The JSONL file (absolute). */
  path: string;
  /** Its shape. */
  format: FinetuneFormat;
  /** Examples written (lines). */
  count: number;
  /** SHA-256 of the file's bytes. */
  sha256: string;
  /** The file's size. */
  bytes: number;
  /** COMPLETE cycles seen (before filters). */
  complete_cycles: number;
  /** COMPLETE cycles left out by the persona / mission-type filters. */
  filtered_out: number;
  /** Examples identical to one already written, left out. */
  duplicates: number;
  /** COMPLETE cycles without a SYNTHESIZING artifact in the records read. */
  missing_artifact: number;
  /** The filters applied. */
  filters: { persona: string | null; mission_type: string | null };
  /** Where the records came from. */
  source: AuditSource;
}

/** Schema of {@linkcode FinetuneExport}. */
export const FinetuneExportSchema: z.ZodType<FinetuneExport> = z.object({
  path: z.string(),
  format: FinetuneFormatSchema,
  count: z.number().int(),
  sha256: z.string(),
  bytes: z.number().int(),
  complete_cycles: z.number().int(),
  filtered_out: z.number().int(),
  duplicates: z.number().int(),
  missing_artifact: z.number().int(),
  filters: z.object({ persona: z.string().nullable(), mission_type: z.string().nullable() }),
  source: AuditSourceSchema,
});

/** One question of the learning check and what session 1's memory returned for it. */
export interface LearningItem {
  /** The question's id (from the file, else its 1-based position). */
  id: string;
  /** The question. */
  question: string;
  /** What counts as a hit: an id, a text, or both (either matches). */
  expected: { id: string | null; text: string | null };
  /** Whether a hit is within the top k. */
  hit: boolean;
  /** 1-based rank of the first hit among the results, null when none. */
  rank: number | null;
  /** The hit's document id (null on a miss). */
  document_id: string | null;
  /** The hit's snippet, or the top result's on a miss (null when nothing came back). */
  snippet: string | null;
  /** Results returned. */
  results: number;
}

/** Schema of {@linkcode LearningItem}. */
export const LearningItemSchema: z.ZodType<LearningItem> = z.object({
  id: z.string(),
  question: z.string(),
  expected: z.object({ id: z.string().nullable(), text: z.string().nullable() }),
  hit: z.boolean(),
  rank: z.number().int().nullable(),
  document_id: z.string().nullable(),
  snippet: z.string().nullable(),
  results: z.number().int(),
});

/** The learning-loop measure. */
export interface LearningCheck {
  /** k of recall@k. */
  k: number;
  /** Questions asked. */
  questions: number;
  /** Questions with a hit in the top k. */
  hits: number;
  /** hits / questions (null with no questions). */
  recall_at_k: number | null;
  /** Mean reciprocal rank over the questions (0 for a miss). */
  mrr: number | null;
  /** What was ingested before asking. */
  ingested: { log_records: number; documents: number; catalog: "fresh" | "configured" };
  /** Which half of the search ran (`bm25`, or `bm25+vector`). */
  search_mode: string;
  /** Per question. */
  items: LearningItem[];
}

/** Schema of {@linkcode LearningCheck}. */
export const LearningCheckSchema: z.ZodType<LearningCheck> = z.object({
  k: z.number().int(),
  questions: z.number().int(),
  hits: z.number().int(),
  recall_at_k: z.number().nullable(),
  mrr: z.number().nullable(),
  ingested: z.object({
    log_records: z.number().int(),
    documents: z.number().int(),
    catalog: z.enum(["fresh", "configured"]),
  }),
  search_mode: z.string(),
  items: z.array(LearningItemSchema),
});
