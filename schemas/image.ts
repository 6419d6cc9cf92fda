/**
 * The living image's result objects: objects as read, lists, version history,
 * diffs, undo, and the answer to a message send (with the cycles it ran).
 * Every field is snake_case; slot values are plain JSON.
 *
 * @example An object as `show` returns it
 * ```ts
 * import assert from "node:assert/strict";
 * import { ImageObjectViewSchema } from "./image.ts";
 * const view = ImageObjectViewSchema.parse({
 *   oid: "genesis_obj", version: 1, parents: ["traits_obj"], slots: { name: "genesis" },
 *   methods: [], tx_id: "tx-1", committed_at: "2026-01-10T12:00:00.000Z",
 * });
 * assert.equal(view.parents[0], "traits_obj");
 * ```
 *
 * @module
 */
import { z } from "zod";

/** A JSON value (a slot's content, a method's argument or answer). */
export type JsonValue = null | boolean | number | string | JsonValue[] | {
  [key: string]: JsonValue;
};

/** Schema of {@linkcode JsonValue}. */
export const JsonValueSchema: z.ZodType<JsonValue> = z.json() as z.ZodType<JsonValue>;

/** A method slot's summary: what `show` lists for each method an object holds. */
export interface MethodSummary {
  /** The slot (the selector). */
  selector: string;
  /** SHA-256 of the source text. */
  sha256: string;
  /** The persona that wrote it (null when installed by hand). */
  persona: string | null;
  /** The cycle that wrote it (null when installed by hand). */
  cycle_id: string | null;
  /** Whether the PersistenceGuardian accepted it. */
  verdict_ok: boolean;
}

/** Schema of {@linkcode MethodSummary}. */
export const MethodSummarySchema: z.ZodType<MethodSummary> = z.object({
  selector: z.string(),
  sha256: z.string(),
  persona: z.string().nullable(),
  cycle_id: z.string().nullable(),
  verdict_ok: z.boolean(),
});

/** One object as committed at one version. */
export interface ImageObjectView {
  /** The object id. */
  oid: string;
  /** Its version (1 when created; +1 per committed change). */
  version: number;
  /** Delegation parents, in lookup order. */
  parents: string[];
  /** Every slot, method slots included (as their stored records). */
  slots: Record<string, JsonValue>;
  /** The method slots, summarised. */
  methods: MethodSummary[];
  /** The transaction that committed this version. */
  tx_id: string;
  /** When that transaction committed (ISO 8601). */
  committed_at: string;
}

/** Schema of {@linkcode ImageObjectView}. */
export const ImageObjectViewSchema: z.ZodType<ImageObjectView> = z.object({
  oid: z.string(),
  version: z.number().int().positive(),
  parents: z.array(z.string()),
  slots: z.record(z.string(), JsonValueSchema),
  methods: z.array(MethodSummarySchema),
  tx_id: z.string(),
  committed_at: z.string(),
});

/** One row of the object list. */
export interface ImageObjectRow {
  /** The object id. */
  oid: string;
  /** Current version. */
  version: number;
  /** Delegation parents. */
  parents: string[];
  /** Names of data slots. */
  slot_names: string[];
  /** Names of method slots. */
  method_names: string[];
  /** When the current version was committed. */
  committed_at: string;
}

/** Schema of {@linkcode ImageObjectRow}. */
export const ImageObjectRowSchema: z.ZodType<ImageObjectRow> = z.object({
  oid: z.string(),
  version: z.number().int().positive(),
  parents: z.array(z.string()),
  slot_names: z.array(z.string()),
  method_names: z.array(z.string()),
  committed_at: z.string(),
});

/** Every object of the image. */
export interface ImageObjectList {
  /** Objects by oid. */
  objects: ImageObjectRow[];
  /** How many. */
  total: number;
}

/** Schema of {@linkcode ImageObjectList}. */
export const ImageObjectListSchema: z.ZodType<ImageObjectList> = z.object({
  objects: z.array(ImageObjectRowSchema),
  total: z.number().int().nonnegative(),
});

/** One committed version in an object's history. */
export interface ImageVersionRow {
  /** The version. */
  version: number;
  /** The transaction that committed it. */
  tx_id: string;
  /** What kind of work committed it: `seed`, `commit`, `send`, `cycle`, `undo`. */
  kind: string;
  /** A note (the selector of a send, the version an undo restored, …). */
  note: string | null;
  /** The cycle that committed it, for `cycle` commits. */
  cycle_id: string | null;
  /** When (ISO 8601). */
  committed_at: string;
  /** Slots changed against the previous version (`parents` when the parents changed). */
  changed: string[];
}

/** Schema of {@linkcode ImageVersionRow}. */
export const ImageVersionRowSchema: z.ZodType<ImageVersionRow> = z.object({
  version: z.number().int().positive(),
  tx_id: z.string(),
  kind: z.string(),
  note: z.string().nullable(),
  cycle_id: z.string().nullable(),
  committed_at: z.string(),
  changed: z.array(z.string()),
});

/** An object's history, oldest first. */
export interface ImageHistory {
  /** The object id. */
  oid: string;
  /** Every committed version. */
  versions: ImageVersionRow[];
}

/** Schema of {@linkcode ImageHistory}. */
export const ImageHistorySchema: z.ZodType<ImageHistory> = z.object({
  oid: z.string(),
  versions: z.array(ImageVersionRowSchema),
});

/** One slot that differs between two versions. */
export interface ImageSlotChange {
  /** The slot. */
  slot: string;
  /** `added`, `removed` or `changed` (from the older to the newer version). */
  change: "added" | "removed" | "changed";
  /** The value before (null when added). */
  before: JsonValue;
  /** The value after (null when removed). */
  after: JsonValue;
}

/** Schema of {@linkcode ImageSlotChange}. */
export const ImageSlotChangeSchema: z.ZodType<ImageSlotChange> = z.object({
  slot: z.string(),
  change: z.enum(["added", "removed", "changed"]),
  before: JsonValueSchema,
  after: JsonValueSchema,
});

/** What differs between two versions of one object. */
export interface ImageDiff {
  /** The object id. */
  oid: string;
  /** The older version. */
  from_version: number;
  /** The newer version. */
  to_version: number;
  /** Changed slots, by name. */
  slots: ImageSlotChange[];
  /** The parents before and after, when they changed. */
  parents: { before: string[]; after: string[] } | null;
}

/** Schema of {@linkcode ImageDiff}. */
export const ImageDiffSchema: z.ZodType<ImageDiff> = z.object({
  oid: z.string(),
  from_version: z.number().int().positive(),
  to_version: z.number().int().positive(),
  slots: z.array(ImageSlotChangeSchema),
  parents: z.object({ before: z.array(z.string()), after: z.array(z.string()) }).nullable(),
});

/** What an undo did: a new version equal to an older one. */
export interface ImageUndoResult {
  /** The object id. */
  oid: string;
  /** The version whose content was restored. */
  restored_version: number;
  /** The new version written (the undo is itself a version). */
  new_version: number;
  /** The transaction that committed it. */
  tx_id: string;
  /** What changed from the version before the undo to the new one. */
  diff: ImageDiff;
}

/** Schema of {@linkcode ImageUndoResult}. */
export const ImageUndoResultSchema: z.ZodType<ImageUndoResult> = z.object({
  oid: z.string(),
  restored_version: z.number().int().positive(),
  new_version: z.number().int().positive(),
  tx_id: z.string(),
  diff: ImageDiffSchema,
});

/** A structured error: a code and a message, with an optional location. */
export interface CodedError {
  /** Stable upper-snake-case code. */
  code: string;
  /** What is wrong. */
  message: string;
  /** Where (a JSON pointer, `line:column`, a state name), when known. */
  path?: string | undefined;
}

/** Schema of {@linkcode CodedError}. */
export const CodedErrorSchema: z.ZodType<CodedError> = z.object({
  code: z.string(),
  message: z.string(),
  path: z.string().optional(),
});

/** One cognitive cycle a send ran. */
export interface CycleSummary {
  /** The cycle's id. */
  cycle_id: string;
  /** The cycle this one corrects (null for a first cycle). */
  parent_cycle_id: string | null;
  /** 0 for a first cycle, 1… for corrective cycles. */
  attempt: number;
  /** `unhandled_message` or `self_correction_mandate`. */
  mission_type: string;
  /** The store transaction of the cycle (committed on COMPLETE, aborted on FAILED). */
  transaction_id: string;
  /** `COMPLETE` or `FAILED`. */
  outcome: "COMPLETE" | "FAILED";
  /** The state the cycle failed in (null when complete). */
  failed_state: string | null;
  /** Why it failed (null when complete). */
  error: CodedError | null;
}

/** Schema of {@linkcode CycleSummary}. */
export const CycleSummarySchema: z.ZodType<CycleSummary> = z.object({
  cycle_id: z.string(),
  parent_cycle_id: z.string().nullable(),
  attempt: z.number().int().nonnegative(),
  mission_type: z.string(),
  transaction_id: z.string(),
  outcome: z.enum(["COMPLETE", "FAILED"]),
  failed_state: z.string().nullable(),
  error: CodedErrorSchema.nullable(),
});

/** The answer to a message send. */
export interface SendResult {
  /** The receiver. */
  object: string;
  /** The message. */
  selector: string;
  /** What the method answered (JSON). */
  result: JsonValue;
  /** The object whose slot answered (the receiver or an ancestor). */
  found_in: string;
  /** True when the method was learned by a cognitive cycle during this send. */
  learned: boolean;
  /** Receiver slots the call changed (committed with the call). */
  changed_slots: string[];
  /** The transaction that committed the call (null when nothing changed). */
  tx_id: string | null;
  /** The cycles this send ran (empty when the method was already there). */
  cycles: CycleSummary[];
}

/** Schema of {@linkcode SendResult}. */
export const SendResultSchema: z.ZodType<SendResult> = z.object({
  object: z.string(),
  selector: z.string(),
  result: JsonValueSchema,
  found_in: z.string(),
  learned: z.boolean(),
  changed_slots: z.array(z.string()),
  tx_id: z.string().nullable(),
  cycles: z.array(CycleSummarySchema),
});

/** A guardian's structured verdict: the `validation_result` of `VALIDATION_*` log events. */
export interface GuardianReport {
  /** `PersistenceGuardian`, `DataGuardian` or `SandboxTrial`. */
  guardian: string;
  /** Accepted. */
  ok: boolean;
  /** Every problem found (empty when accepted). */
  errors: CodedError[];
}

/** Schema of {@linkcode GuardianReport}. */
export const GuardianReportSchema: z.ZodType<GuardianReport> = z.object({
  guardian: z.string(),
  ok: z.boolean(),
  errors: z.array(CodedErrorSchema),
});
