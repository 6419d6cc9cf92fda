/**
 * Zod schemas of the boot capability: the artifacts a boot writes (boot.md
 * §4), the boot report (strict, compat and `--exec` verdicts, subsystem
 * table), the slots state file and the results of status, promote and rollback.
 *
 * @module
 */
import { z } from "zod";

const detail = z.record(z.string(), z.unknown());

/** A subsystem's activation status (`INACTIVE` is declared by the original but never set). */
export type SubsystemStatus = "ACTIVE" | "ERROR" | "INACTIVE";

/** One activation record, as the original registry writes it. */
export interface SubsystemRecord {
  /** Subsystem name. */
  name: string;
  /** `ACTIVE` or `ERROR`. */
  status: SubsystemStatus;
  /** `{file, status, kind}` when active; `{error, file|path, exc?}` on error; test report for the SMC. */
  detail: Record<string, unknown>;
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  timestamp_utc: string;
}

/** Schema of {@linkcode SubsystemRecord}. */
export const SubsystemRecordSchema: z.ZodType<SubsystemRecord> = z.object({
  name: z.string(),
  status: z.enum(["ACTIVE", "ERROR", "INACTIVE"]),
  detail,
  timestamp_utc: z.string(),
});

/** `activation_status_<sid>.json`: records keyed by subsystem name (keys sorted). */
export type ActivationStatusArtifact = Record<string, SubsystemRecord>;

/** Schema of {@linkcode ActivationStatusArtifact}. */
export const ActivationStatusArtifactSchema: z.ZodType<ActivationStatusArtifact> = z.record(
  z.string(),
  SubsystemRecordSchema,
);

/** `smoke_<sid>.json`. */
export interface SmokeArtifact {
  /** `YYYYMMDDTHHMMSSZ`. */
  session_id: string;
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  timestamp_utc: string;
  /** Always `boot_smoke_test`. */
  task: string;
  /** Always `success` (written only on success). */
  result: string;
  /** Sorted top-level keys of `BOOT_STATE.json` (`[]` when not an object). */
  boot_state_keys: string[];
  /** `control_plane/state_hub/activation_status_<sid>.json`. */
  activation_artifact: string;
}

/** Schema of {@linkcode SmokeArtifact}. */
export const SmokeArtifactSchema: z.ZodType<SmokeArtifact> = z.object({
  session_id: z.string(),
  timestamp_utc: z.string(),
  task: z.string(),
  result: z.string(),
  boot_state_keys: z.array(z.string()),
  activation_artifact: z.string(),
});

/** `chat_capture_<sid>.json`: the mandatory chat capture placeholder. */
export interface ChatCaptureArtifact {
  /** `MB_MANDATORY_CHAT_CAPTURE_v1`. */
  schema: string;
  /** Always true. */
  mandatory_chat_capture: boolean;
  /** The session id. */
  session_id: string;
  /** Unix seconds. */
  captured_at_unix: number;
  /** Why no transcript is attached. */
  note: string;
  /** `{invocation: "RUN_METABLOOMS"}`. */
  context: Record<string, unknown>;
}

/** Schema of {@linkcode ChatCaptureArtifact}. */
export const ChatCaptureArtifactSchema: z.ZodType<ChatCaptureArtifact> = z.object({
  schema: z.string(),
  mandatory_chat_capture: z.boolean(),
  session_id: z.string(),
  captured_at_unix: z.number().int(),
  note: z.string(),
  context: detail,
});

/** A fact the boot reports beside its verdict (contract drift, list disagreement, …). */
export interface BootFinding {
  /** Stable upper-snake code. */
  code: string;
  /** `error` findings caused the refusal; `warning`/`info` did not. */
  severity: "error" | "warning" | "info";
  /** What was found, naming the file and the values. */
  message: string;
  /** Bundle-relative path, when about one file. */
  path?: string | undefined;
}

/** Schema of {@linkcode BootFinding}. */
export const BootFindingSchema: z.ZodType<BootFinding> = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  path: z.string().optional(),
});

/** One row of the subsystem table of a boot report. */
export interface SubsystemRow {
  /** Subsystem name. */
  name: string;
  /** 1-based activation order. */
  order: number;
  /** Enforced by the kit's gate. */
  required: boolean;
  /** The kit's (strict) status. */
  status: SubsystemStatus;
  /** What the original would have recorded; `NOT_REACHED` when it crashed before, `NOT_RUN` when activation did not run. */
  compat_status: SubsystemStatus | "NOT_REACHED" | "NOT_RUN";
  /** Error code of the strict record (`MISSING_REQUIRED_FILE`, `TESTS_FAILED`, …). */
  error?: string | undefined;
  /** Bundle-relative anchor file the record is about. */
  file?: string | undefined;
  /** The original reports ACTIVE where the kit reports ERROR. */
  masked: boolean;
  /** The strict record's detail. */
  detail: Record<string, unknown>;
}

/** Schema of {@linkcode SubsystemRow}. */
export const SubsystemRowSchema: z.ZodType<SubsystemRow> = z.object({
  name: z.string(),
  order: z.number().int(),
  required: z.boolean(),
  status: z.enum(["ACTIVE", "ERROR", "INACTIVE"]),
  compat_status: z.enum(["ACTIVE", "ERROR", "INACTIVE", "NOT_REACHED", "NOT_RUN"]),
  error: z.string().optional(),
  file: z.string().optional(),
  masked: z.boolean(),
  detail,
});

/** A failure the original hides and the kit reports. */
export interface MaskedFailure {
  /** Subsystem (or `LAUNCHER` for entry resolution and signal checks). */
  subsystem: string;
  /** The strict error code. */
  error: string;
  /** How the original hides it. */
  how: string;
}

/** Schema of {@linkcode MaskedFailure}. */
export const MaskedFailureSchema: z.ZodType<MaskedFailure> = z.object({
  subsystem: z.string(),
  error: z.string(),
  how: z.string(),
});

/** A boot verdict: `BOOT_OK`, or `BOOT_FAILED` with a code and a reason. */
export interface BootVerdict {
  /** True iff `signal` is `BOOT_OK`. */
  ok: boolean;
  /** `BOOT_OK` or `BOOT_FAILED`. */
  signal: "BOOT_OK" | "BOOT_FAILED";
  /** The `BOOT_FAILED` code (absent on success). */
  code?: string | undefined;
  /** One sentence: why. */
  reason: string;
  /** The lines the boot prints (`BOOT_OK`, …, or `BOOT_FAILED: CODE` and a detail line). */
  lines: string[];
}

const verdictShape = {
  ok: z.boolean(),
  signal: z.enum(["BOOT_OK", "BOOT_FAILED"]),
  code: z.string().optional(),
  reason: z.string(),
  lines: z.array(z.string()),
};

/** Schema of {@linkcode BootVerdict}. */
export const BootVerdictSchema: z.ZodType<BootVerdict> = z.object(verdictShape);

/** What the original launcher + runtime would have said about the same bundle. */
export interface CompatVerdict extends BootVerdict {
  /** False when the kit could not tell (the bundle was not extracted, or its entry is not `RUN_METABLOOMS.py`). */
  evaluated: boolean;
  /** Launcher exit code the original would end with. */
  exit_code?: number | undefined;
  /** Failures the original masks. */
  masked: MaskedFailure[];
  /** The compat verdict differs from the kit's (ok or code). */
  differs: boolean;
  /**
   * Where it comes from: `runtime` (the bundle's own code was run), `simulation` (the kit's
   * model of the original, {@linkcode TreeBoot} only) or `none` (not evaluated).
   */
  source?: "runtime" | "simulation" | "none" | undefined;
}

/** Schema of {@linkcode CompatVerdict}. */
export const CompatVerdictSchema: z.ZodType<CompatVerdict> = z.object({
  ...verdictShape,
  evaluated: z.boolean(),
  exit_code: z.number().int().optional(),
  masked: z.array(MaskedFailureSchema),
  differs: z.boolean(),
  source: z.enum(["runtime", "simulation", "none"]).optional(),
});

/** One program of a generation's launch, run and judged by its real success signals. */
export interface ExecStep {
  /** Step name (`entry`, `launcher`, `boot_gate`, `run_py`, `integration_validation`, …). */
  name: string;
  /** The command line. */
  command: string[];
  /** Working folder, relative to the scratch tree ("" = its top). */
  cwd: string;
  /** What success looks like for this generation. */
  success_signal: string;
  /** The step's verdict. */
  ok: boolean;
  /** Failure code (absent on success). */
  code?: string | undefined;
  /** Why, quoting the output. */
  reason: string;
  /** Exit code, `null` when killed or not started. */
  exit_code: number | null;
  /** The exit code says the opposite of the real signals (exit 0 on failure). */
  exit_code_misleading: boolean;
  /** Killed at the deadline. */
  timed_out: boolean;
  /** Wall time in milliseconds. */
  duration_ms: number;
  /** Last lines of merged stdout+stderr. */
  output_tail: string[];
}

/** Schema of {@linkcode ExecStep}. */
export const ExecStepSchema: z.ZodType<ExecStep> = z.object({
  name: z.string(),
  command: z.array(z.string()),
  cwd: z.string(),
  success_signal: z.string(),
  ok: z.boolean(),
  code: z.string().optional(),
  reason: z.string(),
  exit_code: z.number().int().nullable(),
  exit_code_misleading: z.boolean(),
  timed_out: z.boolean(),
  duration_ms: z.number(),
  output_tail: z.array(z.string()),
});

/** Whether the bundle's own runtime was run, and if not, why (a coded status, never a guess). */
export interface RuntimeStatus {
  /** `ran`, or `not_run`. */
  status: "ran" | "not_run";
  /**
   * Why it did not run: `INTERPRETER_MISSING` (no python3), `EXEC_DISABLED` (asked not to),
   * `NO_LAUNCHER` (the bundle has none the kit can start), `NOT_EXTRACTED` (refused earlier).
   */
  code?: string | undefined;
  /** One sentence. */
  reason: string;
}

/** Schema of {@linkcode RuntimeStatus}. */
export const RuntimeStatusSchema: z.ZodType<RuntimeStatus> = z.object({
  status: z.enum(["ran", "not_run"]),
  code: z.string().optional(),
  reason: z.string(),
});

/** The verdict of really running the bundle's own entrypoint (`--exec`). */
export interface ExecVerdict extends BootVerdict {
  /** The generation whose launch convention was used (`A`, `B`, `C`). */
  generation: string;
  /** Bundle-relative entry that was run. */
  entry?: string | undefined;
  /** The command line (interpreter, script, arguments). */
  command: string[];
  /** Scratch copy of the tree the entry ran in. */
  scratch_dir?: string | undefined;
  /** How the network was cut: `unshare` (no network namespace) or `env_only` (proxies cleared only). */
  network: "unshare" | "env_only" | "not_run";
  /** Exit code, `null` when killed or not run. */
  exit_code: number | null;
  /** Killed at the deadline. */
  timed_out: boolean;
  /** Wall time in milliseconds. */
  duration_ms: number;
  /** The success signal looked for. */
  success_signal: string;
  /** The signal is a whole line of the output (the kit's rule). */
  signal_line: boolean;
  /** The signal is a substring of the output (the original launcher's rule). */
  signal_substring: boolean;
  /** `BOOT_FAILED: …` lines the entry printed. */
  failed_lines: string[];
  /** Last lines of merged stdout+stderr. */
  output_tail: string[];
  /** Agrees with the kit's verdict (same ok, same code when both fail). */
  agrees_with_kit?: boolean | undefined;
  /** Agrees with the compat verdict. */
  agrees_with_compat?: boolean | undefined;
  /** Every program of the generation's launch, in order (the verdict above is the first failure, else the last). */
  steps?: ExecStep[] | undefined;
  /** Some step's exit code says the opposite of its real success signals. */
  exit_code_misleading?: boolean | undefined;
}

/** Schema of {@linkcode ExecVerdict}. */
export const ExecVerdictSchema: z.ZodType<ExecVerdict> = z.object({
  ...verdictShape,
  generation: z.string(),
  entry: z.string().optional(),
  command: z.array(z.string()),
  scratch_dir: z.string().optional(),
  network: z.enum(["unshare", "env_only", "not_run"]),
  exit_code: z.number().int().nullable(),
  timed_out: z.boolean(),
  duration_ms: z.number(),
  success_signal: z.string(),
  signal_line: z.boolean(),
  signal_substring: z.boolean(),
  failed_lines: z.array(z.string()),
  output_tail: z.array(z.string()),
  agrees_with_kit: z.boolean().optional(),
  agrees_with_compat: z.boolean().optional(),
  steps: z.array(ExecStepSchema).optional(),
  exit_code_misleading: z.boolean().optional(),
});

/** One required-subsystems list found in the bundle, compared with the enforced one. */
export interface RequiredList {
  /** Where the list is (`control_plane/boot_activator.py REQUIRED`, `scripts/build_manifest.json`, …). */
  source: string;
  /** Names listed. */
  names: string[];
  /** Enforced names this list lacks. */
  missing: string[];
  /** Names this list has that the kit does not enforce. */
  extra: string[];
  /** Whether the original enforces this list. */
  enforced_by_original: boolean;
}

/** Schema of {@linkcode RequiredList}. */
export const RequiredListSchema: z.ZodType<RequiredList> = z.object({
  source: z.string(),
  names: z.array(z.string()),
  missing: z.array(z.string()),
  extra: z.array(z.string()),
  enforced_by_original: z.boolean(),
});

/** Which subsystems each verdict requires, and the other lists the bundle carries. */
export interface RequiredReport {
  /** Enforced by the kit (all ten). */
  enforced: string[];
  /** Enforced by the original (the bundle's `boot_activator.py REQUIRED` when readable). */
  compat_enforced: string[];
  /** Every list found, with its differences from `enforced`. */
  lists: RequiredList[];
}

/** Schema of {@linkcode RequiredReport}. */
export const RequiredReportSchema: z.ZodType<RequiredReport> = z.object({
  enforced: z.array(z.string()),
  compat_enforced: z.array(z.string()),
  lists: z.array(RequiredListSchema),
});

/** Files a boot wrote (absolute paths). */
export interface BootArtifacts {
  /** The boot's folder (`<dataDir>/boots/<boot_id>`). */
  dir: string;
  /** `control_plane/state_hub/activation_status_<sid>.json`. */
  activation_status?: string | undefined;
  /** `control_plane/state_hub/smoke_<sid>.json`. */
  smoke?: string | undefined;
  /** `control_plane/state_hub/chat_capture_<sid>.json`. */
  chat_capture?: string | undefined;
  /** `ledgers/chat_health.ndjson`. */
  chat_health?: string | undefined;
}

/** Schema of {@linkcode BootArtifacts}. */
export const BootArtifactsSchema: z.ZodType<BootArtifacts> = z.object({
  dir: z.string(),
  activation_status: z.string().optional(),
  smoke: z.string().optional(),
  chat_capture: z.string().optional(),
  chat_health: z.string().optional(),
});

/** The simulated boot of one extracted tree (no validation, no slots). */
export interface TreeBoot {
  /** `YYYYMMDDTHHMMSSZ`. */
  session_id: string;
  /** Bundle-relative entry the kit resolved (strict rule), when any. */
  entry?: string | undefined;
  /** `success_signal` of the boot manifest (default `BOOT_OK`). */
  success_signal: string;
  /** The kit's verdict. */
  strict: BootVerdict;
  /** The original's verdict. */
  compat: CompatVerdict;
  /** The ten subsystems (empty when activation did not run). */
  subsystems: SubsystemRow[];
  /** Required lists. */
  required: RequiredReport;
  /** Manifest, contract and list findings. */
  findings: BootFinding[];
  /** Artifacts written (only on a strict success, and only with an output folder). */
  artifacts?: BootArtifacts | undefined;
}

/** Schema of {@linkcode TreeBoot}. */
export const TreeBootSchema: z.ZodType<TreeBoot> = z.object({
  session_id: z.string(),
  entry: z.string().optional(),
  success_signal: z.string(),
  strict: BootVerdictSchema,
  compat: CompatVerdictSchema,
  subsystems: z.array(SubsystemRowSchema),
  required: RequiredReportSchema,
  findings: z.array(BootFindingSchema),
  artifacts: BootArtifactsSchema.optional(),
});

/** The slot names. */
export type SlotName = "ACTIVE" | "ROLLBACK" | "CANDIDATE";

/** Schema of {@linkcode SlotName}. */
export const SlotNameSchema: z.ZodType<SlotName> = z.enum(["ACTIVE", "ROLLBACK", "CANDIDATE"]);

/** A bundle held in a slot (`slots/state.json` and the `slots/<SLOT>.json` views). */
export interface SlotEntry {
  /** `<dataDir>/bundles/<sha256>.zip`. */
  bundle_path: string;
  /** SHA-256 of the bundle. */
  bundle_sha256: string;
  /** File name the bundle was booted from. */
  bundle_name: string;
  /** Bundle generation (`A`, `B`, `C`). */
  generation: string;
  /** When the bundle entered this slot. */
  promoted_utc: string;
  /** When it was booted (the receipt's time). */
  booted_utc: string;
  /** Boot id of the receipt. */
  boot_id: string;
  /** Path of the boot report that admitted it (`<dataDir>/boots/<boot_id>/boot_report.json`). */
  receipt: string;
  /** Status of each subsystem at that boot. */
  subsystems: Array<{ name: string; status: SubsystemStatus }>;
}

/** Schema of {@linkcode SlotEntry}. */
export const SlotEntrySchema: z.ZodType<SlotEntry> = z.object({
  bundle_path: z.string(),
  bundle_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bundle_name: z.string(),
  generation: z.string(),
  promoted_utc: z.string(),
  booted_utc: z.string(),
  boot_id: z.string(),
  receipt: z.string(),
  subsystems: z.array(
    z.object({ name: z.string(), status: z.enum(["ACTIVE", "ERROR", "INACTIVE"]) }),
  ),
});

/** The last boot that failed. */
export interface LastFailure {
  /** Its boot id. */
  boot_id: string;
  /** Bundle path as given. */
  bundle: string;
  /** Bundle hash, when readable. */
  sha256?: string | undefined;
  /** The `BOOT_FAILED` code. */
  code: string;
  /** Why. */
  reason: string;
  /** When. */
  at_utc: string;
  /** Its boot report. */
  receipt?: string | undefined;
}

/** Schema of {@linkcode LastFailure}. */
export const LastFailureSchema: z.ZodType<LastFailure> = z.object({
  boot_id: z.string(),
  bundle: z.string(),
  sha256: z.string().optional(),
  code: z.string(),
  reason: z.string(),
  at_utc: z.string(),
  receipt: z.string().optional(),
});

/** `slots/state.json`: the single, atomically replaced pointer file. */
export interface SlotsState {
  /** `metablooms.slots/v1`. */
  schema: "metablooms.slots/v1";
  /** Increases by one with every committed change. */
  seq: number;
  /** Time of the last change. */
  updated_utc: string;
  /** The operation that produced this state. */
  op: string;
  /** Slot contents. */
  slots: {
    ACTIVE?: SlotEntry | undefined;
    ROLLBACK?: SlotEntry | undefined;
    CANDIDATE?: SlotEntry | undefined;
  };
  /** The last failed boot. */
  last_failure?: LastFailure | undefined;
}

/** Schema of {@linkcode SlotsState}. */
export const SlotsStateSchema: z.ZodType<SlotsState> = z.object({
  schema: z.literal("metablooms.slots/v1"),
  seq: z.number().int().min(0),
  updated_utc: z.string(),
  op: z.string(),
  slots: z.object({
    ACTIVE: SlotEntrySchema.optional(),
    ROLLBACK: SlotEntrySchema.optional(),
    CANDIDATE: SlotEntrySchema.optional(),
  }),
  last_failure: LastFailureSchema.optional(),
});

/** What a boot did to the slots. */
export interface BootSlotAction {
  /** `staged` (now CANDIDATE), `promoted` (now ACTIVE), or `none`. */
  action: "staged" | "promoted" | "none";
  /** Why (e.g. "boot failed: not staged", "--no-stage"). */
  note: string;
  /** State sequence number after the change. */
  seq?: number | undefined;
}

/** Schema of {@linkcode BootSlotAction}. */
export const BootSlotActionSchema: z.ZodType<BootSlotAction> = z.object({
  action: z.enum(["staged", "promoted", "none"]),
  note: z.string(),
  seq: z.number().int().optional(),
});

/** A reference to an appended audit event. */
export interface AuditRef {
  /** `evt_000001`, … */
  event_id: string;
  /** The event's chain hash. */
  sha256: string;
  /** The log file. */
  path: string;
}

/** Schema of {@linkcode AuditRef}. */
export const AuditRefSchema: z.ZodType<AuditRef> = z.object({
  event_id: z.string(),
  sha256: z.string(),
  path: z.string(),
});

/** The bundle a boot report is about. */
export interface BootBundleInfo {
  /** Path as resolved. */
  path: string;
  /** File name. */
  name: string;
  /** SHA-256 (absent when unreadable). */
  sha256?: string | undefined;
  /** Size in bytes. */
  bytes?: number | undefined;
  /** Generation detected by the validator (`A`–`G`, `NOT_A_BUNDLE`, `unknown`). */
  generation?: string | undefined;
  /** `OS_BUNDLE`, or the non-bundle kind (`OS_DELTA`, …). */
  kind?: string | undefined;
  /** The folder the generation's files sit in (`Metablooms_OS`), when wrapped. */
  root?: string | undefined;
}

/** Schema of {@linkcode BootBundleInfo}. */
export const BootBundleInfoSchema: z.ZodType<BootBundleInfo> = z.object({
  path: z.string(),
  name: z.string(),
  sha256: z.string().optional(),
  bytes: z.number().int().optional(),
  generation: z.string().optional(),
  kind: z.string().optional(),
  root: z.string().optional(),
});

/** The validator's part of a boot report. */
export interface BootValidation {
  /** The validator accepted the bundle. */
  ok: boolean;
  /** Error findings. */
  errors: number;
  /** Warning findings. */
  warnings: number;
  /** Its findings (errors first, at most 50). */
  findings: BootFinding[];
}

/** Schema of {@linkcode BootValidation}. */
export const BootValidationSchema: z.ZodType<BootValidation> = z.object({
  ok: z.boolean(),
  errors: z.number().int(),
  warnings: z.number().int(),
  findings: z.array(BootFindingSchema),
});

/** Everything `bootImage` found: the result of `metablooms boot` and of the `boot_image` tool. */
export interface BootReport {
  /** `metablooms.boot_report/v1`. */
  schema: "metablooms.boot_report/v1";
  /** Unique id of this boot (`boot_<sid>_<sha12>_<rand>`). */
  boot_id: string;
  /** `YYYYMMDDTHHMMSSZ` of the artifacts. */
  session_id: string;
  /** Start time. */
  started_utc: string;
  /** End time. */
  finished_utc: string;
  /** The bundle. */
  bundle: BootBundleInfo;
  /** The final verdict: the kit's, and the `--exec` one too when requested (fail closed). */
  ok: boolean;
  /** `BOOT_OK` or `BOOT_FAILED`. */
  signal: "BOOT_OK" | "BOOT_FAILED";
  /** The `BOOT_FAILED` code. */
  code?: string | undefined;
  /** Why. */
  reason: string;
  /** Lines the kit prints. */
  lines: string[];
  /** The kit's verdict (its simulation and checks on top of the runtime's outcome, fail closed). */
  strict: BootVerdict;
  /** What the original would have said. */
  compat: CompatVerdict;
  /** The bundle's own launcher, really run (whenever python3 is present, unless `exec: false`). */
  exec?: ExecVerdict | undefined;
  /** Whether the bundle's own runtime ran, or the coded reason it did not. */
  runtime?: RuntimeStatus | undefined;
  /** Validator summary (absent when the bundle was not found). */
  validation?: BootValidation | undefined;
  /** Subsystem table. */
  subsystems: SubsystemRow[];
  /** Required-subsystem lists. */
  required: RequiredReport;
  /** Boot findings (manifest, contract, lists, exec notes). */
  findings: BootFinding[];
  /** Artifacts written (on success). */
  artifacts?: BootArtifacts | undefined;
  /** This report on disk. */
  receipt?: string | undefined;
  /** What happened to the slots. */
  slot: BootSlotAction;
  /** The audit event of this boot. */
  audit?: AuditRef | undefined;
}

/** Schema of {@linkcode BootReport}. */
export const BootReportSchema: z.ZodType<BootReport> = z.object({
  schema: z.literal("metablooms.boot_report/v1"),
  boot_id: z.string(),
  session_id: z.string(),
  started_utc: z.string(),
  finished_utc: z.string(),
  bundle: BootBundleInfoSchema,
  ...verdictShape,
  strict: BootVerdictSchema,
  compat: CompatVerdictSchema,
  exec: ExecVerdictSchema.optional(),
  runtime: RuntimeStatusSchema.optional(),
  validation: BootValidationSchema.optional(),
  subsystems: z.array(SubsystemRowSchema),
  required: RequiredReportSchema,
  findings: z.array(BootFindingSchema),
  artifacts: BootArtifactsSchema.optional(),
  receipt: z.string().optional(),
  slot: BootSlotActionSchema,
  audit: AuditRefSchema.optional(),
});

/** One slot as `bootStatus` reports it. */
export interface SlotStatus {
  /** Bundle file in the store. */
  bundle: string;
  /** Original file name. */
  bundle_name: string;
  /** Recorded SHA-256. */
  sha256: string;
  /** Generation. */
  generation: string;
  /** Boot time of its receipt. */
  booted_utc: string;
  /** When it entered the slot. */
  promoted_utc: string;
  /** Boot id of its receipt. */
  boot_id: string;
  /** Receipt path. */
  receipt: string;
  /** The bundle file exists. */
  bundle_exists: boolean;
  /** The receipt file exists. */
  receipt_exists: boolean;
  /** The file's hash equals `sha256` (only with `verify`). */
  sha256_ok?: boolean | undefined;
  /** A fresh boot of the stored bundle (only with `verify`). */
  verify?: BootVerdict | undefined;
  /** Subsystem statuses at its boot. */
  subsystems: Array<{ name: string; status: SubsystemStatus }>;
}

/** Schema of {@linkcode SlotStatus}. */
export const SlotStatusSchema: z.ZodType<SlotStatus> = z.object({
  bundle: z.string(),
  bundle_name: z.string(),
  sha256: z.string(),
  generation: z.string(),
  booted_utc: z.string(),
  promoted_utc: z.string(),
  boot_id: z.string(),
  receipt: z.string(),
  bundle_exists: z.boolean(),
  receipt_exists: z.boolean(),
  sha256_ok: z.boolean().optional(),
  verify: BootVerdictSchema.optional(),
  subsystems: z.array(
    z.object({ name: z.string(), status: z.enum(["ACTIVE", "ERROR", "INACTIVE"]) }),
  ),
});

/** An unfinished slot change found in the journal. */
export interface PendingChange {
  /** `stage`, `promote`, `rollback`, `record_failure`. */
  op: string;
  /** State sequence number it would produce. */
  to_seq: number;
  /** Process that started it. */
  pid: number;
  /** When. */
  started_utc: string;
  /** Whether `state.json` already holds its result (committed, tail unfinished). */
  committed: boolean;
}

/** Schema of {@linkcode PendingChange}. */
export const PendingChangeSchema: z.ZodType<PendingChange> = z.object({
  op: z.string(),
  to_seq: z.number().int(),
  pid: z.number().int(),
  started_utc: z.string(),
  committed: z.boolean(),
});

/** The result of `bootStatus`: the `status` command and the `boot_status` tool. */
export interface BootStatus {
  /** The data directory. */
  data_dir: string;
  /** State sequence number (0 when nothing was ever staged). */
  seq: number;
  /** Last change. */
  updated_utc?: string | undefined;
  /** The three slots (absent slots are empty). */
  slots: {
    ACTIVE?: SlotStatus | undefined;
    ROLLBACK?: SlotStatus | undefined;
    CANDIDATE?: SlotStatus | undefined;
  };
  /** The last failed boot. */
  last_failure?: LastFailure | undefined;
  /** The slot a boot would use now: ACTIVE, or ROLLBACK when ACTIVE fails its check (with `verify`). */
  bootable?: "ACTIVE" | "ROLLBACK" | null | undefined;
  /** An unfinished change (a crash mid-way); the next promote/rollback/boot completes or discards it. */
  pending?: PendingChange | undefined;
  /** Problems found (missing bundle files, hash mismatch, unreadable state). */
  problems: string[];
}

/** Schema of {@linkcode BootStatus}. */
export const BootStatusSchema: z.ZodType<BootStatus> = z.object({
  data_dir: z.string(),
  seq: z.number().int(),
  updated_utc: z.string().optional(),
  slots: z.object({
    ACTIVE: SlotStatusSchema.optional(),
    ROLLBACK: SlotStatusSchema.optional(),
    CANDIDATE: SlotStatusSchema.optional(),
  }),
  last_failure: LastFailureSchema.optional(),
  bootable: z.enum(["ACTIVE", "ROLLBACK"]).nullable().optional(),
  pending: PendingChangeSchema.optional(),
  problems: z.array(z.string()),
});

/** Short description of a slot's bundle in a change result. */
export interface SlotRef {
  /** Bundle file name. */
  bundle_name: string;
  /** SHA-256. */
  sha256: string;
  /** Boot id of its receipt. */
  boot_id: string;
}

/** Schema of {@linkcode SlotRef}. */
export const SlotRefSchema: z.ZodType<SlotRef> = z.object({
  bundle_name: z.string(),
  sha256: z.string(),
  boot_id: z.string(),
});

/** What a recovery did with an unfinished change. */
export interface RecoveryNote {
  /** The change's operation. */
  op: string;
  /** `completed` (it had committed; its tail was finished) or `discarded` (it had not). */
  outcome: "completed" | "discarded";
  /** The state sequence number it targeted. */
  to_seq: number;
}

/** Schema of {@linkcode RecoveryNote}. */
export const RecoveryNoteSchema: z.ZodType<RecoveryNote> = z.object({
  op: z.string(),
  outcome: z.enum(["completed", "discarded"]),
  to_seq: z.number().int(),
});

/** The result of `promoteSlot` / `rollbackSlot`. */
export interface SlotChange {
  /** `promote` or `rollback`. */
  op: "promote" | "rollback";
  /** State sequence number after the change. */
  seq: number;
  /** Slots before. */
  before: {
    ACTIVE?: SlotRef | undefined;
    ROLLBACK?: SlotRef | undefined;
    CANDIDATE?: SlotRef | undefined;
  };
  /** Slots after. */
  after: {
    ACTIVE?: SlotRef | undefined;
    ROLLBACK?: SlotRef | undefined;
    CANDIDATE?: SlotRef | undefined;
  };
  /** Unfinished changes found and settled first. */
  recovered: RecoveryNote[];
  /** The audit event. */
  audit?: AuditRef | undefined;
}

const slotRefs = z.object({
  ACTIVE: SlotRefSchema.optional(),
  ROLLBACK: SlotRefSchema.optional(),
  CANDIDATE: SlotRefSchema.optional(),
});

/** Schema of {@linkcode SlotChange}. */
export const SlotChangeSchema: z.ZodType<SlotChange> = z.object({
  op: z.enum(["promote", "rollback"]),
  seq: z.number().int(),
  before: slotRefs,
  after: slotRefs,
  recovered: z.array(RecoveryNoteSchema),
  audit: AuditRefSchema.optional(),
});

/** One boot or slot event of the boot history (the audit log without its chain hashes). */
export interface BootHistoryEvent {
  /** `evt_000001`, … */
  event_id: string;
  /** ISO time, UTC, seconds. */
  ts_utc: string;
  /** `BOOT_OK`, `BOOT_FAILED`, `SLOT_STAGE`, `SLOT_PROMOTE`, `SLOT_ROLLBACK`, … */
  event_type: string;
  /** The boot this event is about, when it names one. */
  boot_id?: string | undefined;
  /** Facts of the event, as logged. */
  payload: Record<string, unknown>;
}

/** Schema of {@linkcode BootHistoryEvent}. */
export const BootHistoryEventSchema: z.ZodType<BootHistoryEvent> = z.object({
  event_id: z.string(),
  ts_utc: z.string(),
  event_type: z.string(),
  boot_id: z.string().optional(),
  payload: detail,
});

/** The newest boot and slot events of a data directory, with the log's chain verdict. */
export interface BootHistory {
  /** The audit log file. */
  path: string;
  /** Events in the log. */
  total: number;
  /** Every line parses and the hash chain holds. */
  chain_ok: boolean;
  /** What breaks the chain, by line number. */
  problems: string[];
  /** The newest events, newest first. */
  events: BootHistoryEvent[];
}

/** Schema of {@linkcode BootHistory}. */
export const BootHistorySchema: z.ZodType<BootHistory> = z.object({
  path: z.string(),
  total: z.number().int(),
  chain_ok: z.boolean(),
  problems: z.array(z.string()),
  events: z.array(BootHistoryEventSchema),
});
