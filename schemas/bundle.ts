/**
 * Zod schemas of the OS-bundle file formats (build manifest, boot manifest,
 * boot contract, MEEP inventory, build receipt) and of the result objects of
 * `lib/bundle/` (verdict, inspection, build and extract results).
 *
 * @module
 */
import { z } from "zod";

/** One file entry of a `build_manifest.json` list. */
export interface BuildManifestFile {
  /** Path relative to the bundle root. */
  path: string;
  /** Whether a missing file fails validation. */
  required: boolean;
  /** Free-form category (`boot`, `control_plane`, …). */
  category?: string | undefined;
  /** Why the file is needed (shown in findings). */
  purpose?: string | undefined;
}

/** One directory entry of `build_manifest.json` `required_directories`. */
export interface BuildManifestDirectory {
  /** Directory relative to the bundle root (no trailing slash). */
  path: string;
  /** Whether a missing or empty directory fails validation. @default {true} */
  required?: boolean | undefined;
  /** Why the directory is needed. */
  purpose?: string | undefined;
}

/** `scripts/build_manifest.json`: the Gen-A layout the validator checks. */
export interface BuildManifest {
  /** Format version ("1.0"). */
  build_manifest_version: string;
  /** What the manifest is for. */
  purpose?: string | undefined;
  /** Date of the last change. */
  last_updated?: string | undefined;
  /** Root boot files. */
  required_boot_files: BuildManifestFile[];
  /** Control-plane files. */
  required_control_plane_files: BuildManifestFile[];
  /** Directories that must exist and be non-empty (strings or objects with `path`). */
  required_directories: Array<string | BuildManifestDirectory>;
  /** Textual boot rules (informational; `required_subsystems` is reported, not enforced). */
  boot_validation_rules?: Record<string, unknown> | undefined;
}

const BuildManifestFileSchema = z.object({
  path: z.string().min(1),
  required: z.boolean(),
  category: z.string().optional(),
  purpose: z.string().optional(),
});

/** Schema of {@linkcode BuildManifest} (unknown keys are kept). */
export const BuildManifestSchema: z.ZodType<BuildManifest> = z.looseObject({
  build_manifest_version: z.string(),
  purpose: z.string().optional(),
  last_updated: z.string().optional(),
  required_boot_files: z.array(BuildManifestFileSchema),
  required_control_plane_files: z.array(BuildManifestFileSchema),
  required_directories: z.array(
    z.union([
      z.string().min(1),
      z.object({
        path: z.string().min(1),
        required: z.boolean().optional(),
        purpose: z.string().optional(),
      }),
    ]),
  ),
  boot_validation_rules: z.record(z.string(), z.unknown()).optional(),
});

/** How bad a finding is: `error` fails the verdict, `warning` and `info` do not. */
export type Severity = "error" | "warning" | "info";

/** One thing the validator noticed. */
export interface Finding {
  /** Stable UPPER_SNAKE code (e.g. `CRC_MISMATCH`, `MISSING_BOOT_FILE`). */
  code: string;
  /** `error` fails the verdict. */
  severity: Severity;
  /** Which check produced it. */
  category: FindingCategory;
  /** The entry or file it is about. */
  path?: string | undefined;
  /** What was found, naming the value. */
  message: string;
  /** Extra JSON-able facts (sizes, hashes, oids). */
  details?: Record<string, unknown> | undefined;
}

/** The checks a verdict reports on, in report order. */
export const FINDING_CATEGORIES: readonly [
  "structure",
  "paths",
  "limits",
  "generation",
  "layout",
  "boot",
  "integrity",
  "signature",
] = ["structure", "paths", "limits", "generation", "layout", "boot", "integrity", "signature"];

/** One of {@linkcode FINDING_CATEGORIES}. */
export type FindingCategory = typeof FINDING_CATEGORIES[number];

/** Outcome of one check category. */
export type CheckStatus = "pass" | "warn" | "fail" | "skipped";

/** The generations a verdict can name (bundle.md §1, generations.md §1, §7). */
export const GENERATIONS: readonly [
  "A",
  "B",
  "C",
  "D",
  "E",
  "F",
  "G",
  "NOT_A_BUNDLE",
  "unknown",
] = ["A", "B", "C", "D", "E", "F", "G", "NOT_A_BUNDLE", "unknown"];

/**
 * Bundle generations A–G (bundle.md §1, generations.md §1); `NOT_A_BUNDLE` for
 * a zip of a named non-bundle kind (generations.md §7); `unknown` otherwise.
 */
export type Generation = typeof GENERATIONS[number];

/** What a zip is: an OS bundle, one of the four non-bundle kinds of generations.md §7, or unknown. */
export const BUNDLE_KINDS: readonly [
  "OS_BUNDLE",
  "OS_DELTA",
  "ENGINE_EXPORT",
  "RECEIPT_PACK",
  "TOOL_PACK",
  "unknown",
] = ["OS_BUNDLE", "OS_DELTA", "ENGINE_EXPORT", "RECEIPT_PACK", "TOOL_PACK", "unknown"];

/** One of {@linkcode BUNDLE_KINDS}. */
export type BundleKind = typeof BUNDLE_KINDS[number];

/** How one integrity claim fared against the bundle's bytes. */
export type ClaimStatus = "verified" | "stale" | "absent";

/** One hash (or listing) claim a bundle makes about one of its files. */
export interface ClaimItem {
  /** The key as the claim writes it (relative path, basename, or `/mnt/data/…` path). */
  key: string;
  /** The entry it resolved to (absent when no entry matches). */
  path?: string | undefined;
  /** `verified` (hash and size match, or listed and present), `stale` (differs) or `absent`. */
  status: ClaimStatus;
  /** The claimed SHA-256 (absent for listing-only claims). */
  expected?: string | undefined;
  /** The entry's SHA-256, when stale. */
  actual?: string | undefined;
}

/** The claims of one source (a registry, freeze, receipt, manifest, or the self-hashes). */
export interface ClaimSource {
  /** Entry holding the claims (`Metablooms_OS/ENGINE_REGISTRY.json`). */
  source: string;
  /** Which claims: the field and what it promises (`engines[] sha256 and bytes`). */
  what: string;
  /** `strict`: drift is a warning (an error with `strict`); `info`: drift is expected (superseded stage receipts). */
  weight: "strict" | "info";
  /** Claims that match. */
  verified: number;
  /** Claims whose file differs. */
  stale: number;
  /** Claims whose file is not in the bundle. */
  absent: number;
  /** Every claim. */
  items: ClaimItem[];
}

/** Schema of {@linkcode ClaimItem}. */
export const ClaimItemSchema: z.ZodType<ClaimItem> = z.object({
  key: z.string(),
  path: z.string().optional(),
  status: z.enum(["verified", "stale", "absent"]),
  expected: z.string().optional(),
  actual: z.string().optional(),
});

/** Schema of {@linkcode ClaimSource}. */
export const ClaimSourceSchema: z.ZodType<ClaimSource> = z.object({
  source: z.string(),
  what: z.string(),
  weight: z.enum(["strict", "info"]),
  verified: z.number().int().min(0),
  stale: z.number().int().min(0),
  absent: z.number().int().min(0),
  items: z.array(ClaimItemSchema),
});

/** Who the bundle is. */
export interface BundleIdentity {
  /** File name. */
  name: string;
  /** Absolute path. */
  path: string;
  /** Version, from VERSION_MANIFEST.json, the receipt or the file name, when known. */
  version?: string | undefined;
  /** SHA-256 of the whole file. */
  sha256: string;
  /** Size in bytes. */
  size: number;
  /** Detected generation (A–G), `NOT_A_BUNDLE` for a named non-bundle kind, or `unknown`. */
  generation: Generation;
  /** `OS_BUNDLE`, the non-bundle kind (`OS_DELTA`, `ENGINE_EXPORT`, `RECEIPT_PACK`, `TOOL_PACK`), or `unknown`. */
  kind: BundleKind;
  /** Single top folder all entries share (`Metablooms_OS`), when wrapped. */
  root?: string | undefined;
  /** Number of central-directory entries (0 when unreadable). */
  entry_count: number;
}

/** Zip-bomb limits. */
export interface BundleLimits {
  /** Largest total uncompressed size. */
  max_total_bytes: number;
  /** Most entries. */
  max_entries: number;
  /** Largest compression ratio of one entry. */
  max_ratio: number;
}

/** The validator's answer about one bundle. */
export interface Verdict {
  /** True when no finding is an error. */
  ok: boolean;
  /** False when the file could not be read as a zip at all (exit code 2). */
  readable: boolean;
  /** Whether integrity drift counted as errors. */
  strict: boolean;
  /** Who the bundle is. */
  identity: BundleIdentity;
  /** Per-category outcome. */
  checks: Record<FindingCategory, CheckStatus>;
  /** Everything noticed, errors first. */
  findings: Finding[];
  /** Findings per severity. */
  counts: { error: number; warning: number; info: number };
  /** Where the Gen-A layout came from (`embedded`, `bundle:<entry>`, or a file path). */
  layout_source: string;
  /** The limits applied. */
  limits: BundleLimits;
  /** The integrity claims the bundle carries (registries, freezes, receipts, manifests, self-hashes), each checked. */
  claims: ClaimSource[];
}

const SeveritySchema = z.enum(["error", "warning", "info"]);
const CategorySchema = z.enum(FINDING_CATEGORIES);
const CheckStatusSchema = z.enum(["pass", "warn", "fail", "skipped"]);

/** Schema of {@linkcode Finding}. */
export const FindingSchema: z.ZodType<Finding> = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  severity: SeveritySchema,
  category: CategorySchema,
  path: z.string().optional(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** Schema of {@linkcode BundleIdentity}. */
export const BundleIdentitySchema: z.ZodType<BundleIdentity> = z.object({
  name: z.string(),
  path: z.string(),
  version: z.string().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  generation: z.enum(GENERATIONS),
  kind: z.enum(BUNDLE_KINDS),
  root: z.string().optional(),
  entry_count: z.number().int().min(0),
});

/** Schema of {@linkcode BundleLimits}. */
export const BundleLimitsSchema: z.ZodType<BundleLimits> = z.object({
  max_total_bytes: z.number().int().positive(),
  max_entries: z.number().int().positive(),
  max_ratio: z.number().positive(),
});

/** Schema of {@linkcode Verdict} (a `z.object` at runtime: usable as an MCP output schema). */
export const VerdictSchema: z.ZodType<Verdict> = z.object({
  ok: z.boolean(),
  readable: z.boolean(),
  strict: z.boolean(),
  identity: BundleIdentitySchema,
  checks: z.object({
    structure: CheckStatusSchema,
    paths: CheckStatusSchema,
    limits: CheckStatusSchema,
    generation: CheckStatusSchema,
    layout: CheckStatusSchema,
    boot: CheckStatusSchema,
    integrity: CheckStatusSchema,
    signature: CheckStatusSchema,
  }),
  findings: z.array(FindingSchema),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  layout_source: z.string(),
  limits: BundleLimitsSchema,
  claims: z.array(ClaimSourceSchema),
});

/** `MEEP_Manifest.json` (MEEP-1.0 export inventory). */
export interface MeepManifest {
  /** Always "MetaBlooms". */
  export_authority: string;
  /** "MEEP-1.0". */
  export_standard: string;
  /** Export date (YYYY-MM-DD). */
  date?: string | undefined;
  /** What the export was made from. */
  base_source?: string | undefined;
  /** Counts; `files` = inventory length. */
  counts?: { files?: number | undefined } | undefined;
  /** One entry per file: path relative to the OS root and hex SHA-256 of its bytes. */
  inventory: Array<{ path: string; sha256: string }>;
}

/** Schema of {@linkcode MeepManifest} (unknown keys kept: `eligibility`, `gates`, …). */
export const MeepManifestSchema: z.ZodType<MeepManifest> = z.looseObject({
  export_authority: z.string(),
  export_standard: z.string(),
  date: z.string().optional(),
  base_source: z.string().optional(),
  counts: z.looseObject({ files: z.number().int().optional() }).optional(),
  inventory: z.array(z.looseObject({ path: z.string().min(1), sha256: z.string() })),
});

/** `boot_contract.json` (Gen A). */
export interface BootContract {
  /** e.g. "MB-SB-1". */
  contract_id?: string | undefined;
  /** Boot id. */
  boot_id?: string | undefined;
  /** The launcher file ("BOOT_METABLOOMS.py"). */
  boot_filename?: string | undefined;
  /** Expected SHA-256 of the launcher. */
  boot_sha256?: string | undefined;
  /** The entry the launcher must run ("RUN_METABLOOMS.py"). */
  required_full_entrypoint?: string | undefined;
  /** Lines the boot must print. */
  required_success_markers?: string[] | undefined;
  /** Creation time. */
  created_at?: string | undefined;
}

/** Schema of {@linkcode BootContract}. */
export const BootContractSchema: z.ZodType<BootContract> = z.looseObject({
  contract_id: z.string().optional(),
  boot_id: z.string().optional(),
  boot_filename: z.string().optional(),
  boot_sha256: z.string().optional(),
  required_full_entrypoint: z.string().optional(),
  required_success_markers: z.array(z.string()).optional(),
  created_at: z.string().optional(),
});

/** An Ed25519 signature over a receipt (canonical JSON of the receipt without `signature`). */
export interface ReceiptSignature {
  /** "Ed25519". */
  algorithm: "Ed25519";
  /** Public key, base64url (the JWK `x`). */
  public_key: string;
  /** First 16 hex digits of SHA-256 of the public key bytes. */
  key_id: string;
  /** Signature, base64url. */
  value: string;
}

/** `BUILD_RECEIPT_<version>.json`, written next to the bundle. */
export interface BuildReceipt {
  /** `MetaBlooms_OS_<version>_<YYYYMMDD>`. */
  build_id: string;
  /** When the build finished. */
  timestamp_utc: string;
  /** Version built. */
  version: string;
  /** Bundle file name. */
  bundle_filename: string;
  /** SHA-256 of the bundle. */
  bundle_sha256: string;
  /** Bundle size in bytes. */
  bundle_size_bytes: number;
  /** PASSED when the built bundle validated. */
  validation_status: "PASSED" | "FAILED";
  /** The kit does not run the bundle at build time: `NOT_RUN` (the boot capability does). */
  boot_test_status: "PASSED" | "FAILED" | "NOT_RUN";
  /** Warning messages of the validation. */
  warnings: string[];
  /** Error messages of the validation. */
  errors: string[];
  /** validation passed. */
  ready_for_distribution: boolean;
  /** Changelog lines. */
  changelog: string[];
  /** Detected generation of the bundle. */
  generation: Generation;
  /** SHA-256 of the bundle's MEEP_Manifest.json. */
  meep_sha256: string;
  /** Files in the bundle. */
  file_count: number;
  /** Signature, when a key was given. */
  signature?: ReceiptSignature | undefined;
}

/** Schema of {@linkcode BuildReceipt}. */
export const BuildReceiptSchema: z.ZodType<BuildReceipt> = z.looseObject({
  build_id: z.string(),
  timestamp_utc: z.string(),
  version: z.string(),
  bundle_filename: z.string(),
  bundle_sha256: z.string(),
  bundle_size_bytes: z.number().int().min(0),
  validation_status: z.enum(["PASSED", "FAILED"]),
  boot_test_status: z.enum(["PASSED", "FAILED", "NOT_RUN"]),
  warnings: z.array(z.string()),
  errors: z.array(z.string()),
  ready_for_distribution: z.boolean(),
  changelog: z.array(z.string()),
  generation: z.enum(GENERATIONS),
  meep_sha256: z.string(),
  file_count: z.number().int().min(0),
  signature: z.object({
    algorithm: z.literal("Ed25519"),
    public_key: z.string(),
    key_id: z.string(),
    value: z.string(),
  }).optional(),
});

/** One entry as {@linkcode Inspection} lists it. */
export interface InspectedEntry {
  /** Entry name. */
  name: string;
  /** Uncompressed size. */
  size: number;
  /** Compressed size. */
  compressed_size: number;
  /** `store`, `deflate`, or `method-<n>`. */
  method: string;
  /** CRC-32, 8 hex digits. */
  crc32: string;
  /** Modification time (ISO-8601), null when invalid. */
  mtime: string | null;
  /** Directory entry. */
  is_directory: boolean;
  /** Unix symlink entry. */
  is_symlink: boolean;
  /** Encrypted entry. */
  encrypted: boolean;
}

/** Content of one entry read from inside the zip. */
export interface EntryContent {
  /** Entry name. */
  name: string;
  /** Full uncompressed size. */
  size: number;
  /** Bytes returned. */
  bytes: number;
  /** True when the content was cut at `maxBytes`. */
  truncated: boolean;
  /** `utf-8` text or `base64` for binary content. */
  encoding: "utf-8" | "base64";
  /** The content. */
  content: string;
}

/** Summary of a MEEP inventory. */
export interface MeepSummary {
  /** Entry holding the manifest. */
  path: string;
  /** export_standard. */
  standard: string;
  /** Date, when given. */
  date?: string | undefined;
  /** Inventory length. */
  listed: number;
  /** Listed paths absent from the zip. */
  missing: number;
  /** Zip files not listed (excluding the manifest). */
  unlisted: number;
}

/** What {@linkcode Inspection} shows of a bundle. */
export interface Inspection {
  /** File name. */
  name: string;
  /** Absolute path. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Detected generation. */
  generation: Generation;
  /** Wrapper folder, when wrapped. */
  root?: string | undefined;
  /** Archive comment. */
  comment: string;
  /** Zip64 records present. */
  zip64: boolean;
  /** Number of entries. */
  entry_count: number;
  /** Total uncompressed size. */
  total_size: number;
  /** Every entry, in central-directory order. */
  entries: InspectedEntry[];
  /** Parsed manifests found in the bundle (boot_manifest, boot_manifest_v1, build_manifest, boot_contract, version_manifest). */
  manifests: Record<string, unknown>;
  /** MEEP summary, when the bundle has one. */
  meep?: MeepSummary | undefined;
  /** The requested entry's content. */
  content?: EntryContent | undefined;
}

/** Schema of {@linkcode Inspection}. */
export const InspectionSchema: z.ZodType<Inspection> = z.object({
  name: z.string(),
  path: z.string(),
  size: z.number().int().min(0),
  generation: z.enum(GENERATIONS),
  root: z.string().optional(),
  comment: z.string(),
  zip64: z.boolean(),
  entry_count: z.number().int().min(0),
  total_size: z.number().min(0),
  entries: z.array(z.object({
    name: z.string(),
    size: z.number().min(0),
    compressed_size: z.number().min(0),
    method: z.string(),
    crc32: z.string(),
    mtime: z.string().nullable(),
    is_directory: z.boolean(),
    is_symlink: z.boolean(),
    encrypted: z.boolean(),
  })),
  manifests: z.record(z.string(), z.unknown()),
  meep: z.object({
    path: z.string(),
    standard: z.string(),
    date: z.string().optional(),
    listed: z.number().int(),
    missing: z.number().int(),
    unlisted: z.number().int(),
  }).optional(),
  content: z.object({
    name: z.string(),
    size: z.number().min(0),
    bytes: z.number().int().min(0),
    truncated: z.boolean(),
    encoding: z.enum(["utf-8", "base64"]),
    content: z.string(),
  }).optional(),
});

/** What {@linkcode BuildResult} reports. */
export interface BuildResult {
  /** The written bundle. */
  bundle_path: string;
  /** Its SHA-256. */
  sha256: string;
  /** Its size. */
  size: number;
  /** Files in it. */
  file_count: number;
  /** The receipt written next to it. */
  receipt_path: string;
  /** The `<zip>.sha256` sidecar. */
  sidecar_path: string;
  /** Whether the receipt is signed. */
  signed: boolean;
  /** The validation of the built bundle. */
  verdict: Verdict;
}

/** Schema of {@linkcode BuildResult}. */
export const BuildResultSchema: z.ZodType<BuildResult> = z.object({
  bundle_path: z.string(),
  sha256: z.string(),
  size: z.number().int().min(0),
  file_count: z.number().int().min(0),
  receipt_path: z.string(),
  sidecar_path: z.string(),
  signed: z.boolean(),
  verdict: VerdictSchema,
});

/** What {@linkcode ExtractResult} reports. */
export interface ExtractResult {
  /** The promoted folder. */
  dest: string;
  /** Files written. */
  files: number;
  /** Bytes written. */
  bytes: number;
  /** The validation that allowed the extraction. */
  verdict: Verdict;
}

/** Schema of {@linkcode ExtractResult}. */
export const ExtractResultSchema: z.ZodType<ExtractResult> = z.object({
  dest: z.string(),
  files: z.number().int().min(0),
  bytes: z.number().int().min(0),
  verdict: VerdictSchema,
});

/** A generated Ed25519 signing key. */
export interface SigningKeyInfo {
  /** The private JWK file written. */
  path: string;
  /** Public key, base64url. */
  public_key: string;
  /** Key id (16 hex). */
  key_id: string;
}

/** Schema of {@linkcode SigningKeyInfo}. */
export const SigningKeyInfoSchema: z.ZodType<SigningKeyInfo> = z.object({
  path: z.string(),
  public_key: z.string(),
  key_id: z.string(),
});
