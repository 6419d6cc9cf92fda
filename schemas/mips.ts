/**
 * Schemas of the MIPS capability: the normalised record every delta file
 * parses into (whatever its header format), its body, and self-hash verdicts.
 *
 * @module
 */
import { z } from "zod";

/** Every header format of mips.md §1, plus `text` (no header), `binary` and `invalid`. */
export const MIPS_FORMATS = [
  "J-mips",
  "J-mips_header",
  "J-MIPS",
  "J-MIPS_HEADER",
  "J-header",
  "J-meta",
  "J-flat",
  "M-yaml",
  "M-mips1",
  "M-front",
  "M-html",
  "T-jsontext",
  "text",
  "binary",
  "invalid",
] as const;

/** A header format label (mips.md §1). */
export type MipsFormat = typeof MIPS_FORMATS[number];

/** Schema of {@linkcode MipsFormat}. */
export const MipsFormatSchema: z.ZodType<MipsFormat> = z.enum(MIPS_FORMATS);

/** Outcome of self-hash verification. */
export type HashStatus = "VERIFIED" | "MISMATCH" | "UNVERIFIABLE" | "ABSENT";

/** Schema of {@linkcode HashStatus}. */
export const HashStatusSchema: z.ZodType<HashStatus> = z.enum([
  "VERIFIED",
  "MISMATCH",
  "UNVERIFIABLE",
  "ABSENT",
]);

/**
 * The self-hash recipes of mips.md §3 (`R1`–`R11`), plus `DP1`: DeltaPack v1's
 * `hash_sha256` (document minus the hash, Python default separators, sorted keys; bundle.md §6).
 */
export const HASH_RECIPES = [
  "R1",
  "R2",
  "R3",
  "R4",
  "R5",
  "R6",
  "R7",
  "R8",
  "R9",
  "R10",
  "R11",
  "DP1",
] as const;

/** A self-hash recipe id. */
export type HashRecipe = typeof HASH_RECIPES[number];

/** Schema of {@linkcode HashRecipe}. */
export const HashRecipeSchema: z.ZodType<HashRecipe> = z.enum(HASH_RECIPES);

/** A self-hash verdict. */
export interface HashVerdict {
  /** VERIFIED, MISMATCH (a digest no recipe reproduces), UNVERIFIABLE (no digest or no recipe for the format), ABSENT. */
  status: HashStatus;
  /** Human label: `VERIFIED(R2)`, `MISMATCH`, …. */
  label: string;
  /** The recipe that reproduced the declared hash. */
  recipe?: HashRecipe | undefined;
  /** `ascii` (Python's ensure_ascii) or `utf8` (raw); for text recipes always `utf8`. */
  encoding?: "ascii" | "utf8" | undefined;
  /** Where the hash was declared, as a dotted path (`mips.sha256_body`, `sha256`). */
  field?: string | undefined;
  /** The declared value. */
  declared?: string | undefined;
  /** Why the verdict is not VERIFIED, when that needs saying. */
  note?: string | undefined;
}

/** Schema of {@linkcode HashVerdict}. */
export const HashVerdictSchema: z.ZodType<HashVerdict> = z.object({
  status: HashStatusSchema,
  label: z.string(),
  recipe: HashRecipeSchema.optional(),
  encoding: z.enum(["ascii", "utf8"]).optional(),
  field: z.string().optional(),
  declared: z.string().optional(),
  note: z.string().optional(),
});

/** How a timestamp had to be interpreted. */
export type TimestampFlagValue = "naive" | "date_only" | "local_ct";

/** Which field a module id came from (mips.md §4 [kit] derivation order). */
export type IdSource = "artifact_id" | "delta_id" | "meta.id" | "os_id" | "id" | "filename";

/** One delta file, normalised, whatever its header format. */
export interface MipsRecord {
  /** The path as given to the parser (relative to the LTM folder inside the index). */
  path: string;
  /** The file's base name. */
  filename: string;
  /** Header format label. */
  format: MipsFormat;
  /** Sub-shape: body key (`body`, `content`, `inline`, …), `string` header, J-flat `delta-led`/`mips_version-led`/`os-led`/`probe`. */
  shape?: string | undefined;
  /** Module id: header `artifact_id` ∥ `delta_id` ∥ `meta.id` ∥ `os_id` ∥ file stem (the index makes it unique). */
  module_id: string;
  /** Which field gave the module id. */
  id_source: IdSource;
  /** Header `artifact_id`, when declared. */
  artifact_id?: string | undefined;
  /** Declared version (always a string: `1.0` stays `1.0`). */
  version?: string | undefined;
  /** Declared kind (`kind`, `delta_kind`, `type`, `artifact_type`). */
  kind?: string | undefined;
  /** Timestamp normalised to UTC ISO 8601. */
  timestamp_utc?: string | undefined;
  /** The timestamp as written. */
  timestamp_raw?: string | undefined;
  /** The field it came from (`timestamp_utc`, `ts`, `timestamp_local_ct`, …). */
  timestamp_field?: string | undefined;
  /** `naive` (no zone, taken as UTC), `date_only`, or `local_ct` (US Central). */
  timestamp_flag?: TimestampFlagValue | undefined;
  /** Declared content type. */
  content_type?: string | undefined;
  /** Councils named in the header. */
  councils: string[];
  /** Declared parent bundle (non-empty). */
  parent_bundle?: string | undefined;
  /** Declared `links`, as written (object, array or null). */
  links: unknown;
  /** References this delta supersedes (`links.supersedes`, `supersedes`). */
  supersedes: string[];
  /** Declared dependencies (`depends_on`, `dependencies`). */
  depends_on: string[];
  /** Declared status (`ACTIVE`, `PROMOTED`, `STAGED`, …). */
  status?: string | undefined;
  /** Title (`title`, `delta_name`, `name`). */
  title?: string | undefined;
  /** Description (`description`, `purpose`, `intent`, `summary`). */
  description?: string | undefined;
  /** A watcher probe (`MIPS_HEADER: "smoke"`, `{"selftest": true}`): posture QUARANTINED. */
  probe: boolean;
  /** Self-hash verdict status. */
  hash_status: HashStatus;
  /** The recipe that verified. */
  hash_recipe?: HashRecipe | undefined;
  /** The serialisation that verified. */
  hash_encoding?: "ascii" | "utf8" | undefined;
  /** Where the hash was declared (`mips.sha256`). */
  hash_field?: string | undefined;
  /** The declared hash. */
  declared_hash?: string | undefined;
  /** SHA-256 of the file's raw bytes. */
  sha256: string;
  /** Size in bytes. */
  bytes: number;
  /** Why the file could not be parsed (format `invalid`). */
  problem?: string | undefined;
  /** Things worth knowing that did not stop parsing. */
  warnings: string[];
}

/** Schema of {@linkcode MipsRecord}. */
export const MipsRecordSchema: z.ZodType<MipsRecord> = z.object({
  path: z.string(),
  filename: z.string(),
  format: MipsFormatSchema,
  shape: z.string().optional(),
  module_id: z.string(),
  id_source: z.enum(["artifact_id", "delta_id", "meta.id", "os_id", "id", "filename"]),
  artifact_id: z.string().optional(),
  version: z.string().optional(),
  kind: z.string().optional(),
  timestamp_utc: z.string().optional(),
  timestamp_raw: z.string().optional(),
  timestamp_field: z.string().optional(),
  timestamp_flag: z.enum(["naive", "date_only", "local_ct"]).optional(),
  content_type: z.string().optional(),
  councils: z.array(z.string()),
  parent_bundle: z.string().optional(),
  links: z.unknown(),
  supersedes: z.array(z.string()),
  depends_on: z.array(z.string()),
  status: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  probe: z.boolean(),
  hash_status: HashStatusSchema,
  hash_recipe: HashRecipeSchema.optional(),
  hash_encoding: z.enum(["ascii", "utf8"]).optional(),
  hash_field: z.string().optional(),
  declared_hash: z.string().optional(),
  sha256: z.string(),
  bytes: z.number().int().nonnegative(),
  problem: z.string().optional(),
  warnings: z.array(z.string()),
});

/** A delta's body: parsed JSON, text, or nothing. */
export type MipsBody =
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "none" };

/** Schema of {@linkcode MipsBody}. */
export const MipsBodySchema: z.ZodType<MipsBody> = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("json"), value: z.unknown() }),
  z.object({ kind: z.literal("text"), text: z.string() }),
  z.object({ kind: z.literal("none") }),
]);

/** What {@linkcode MipsRecord} parsing returns: record, raw header, body. */
export interface MipsParseResult {
  /** The normalised record. */
  record: MipsRecord;
  /** The header as written (object, bare string, or null when there is none). */
  header: unknown;
  /** The body. */
  body: MipsBody;
}

/** Schema of {@linkcode MipsParseResult}. */
export const MipsParseResultSchema: z.ZodType<MipsParseResult> = z.object({
  record: MipsRecordSchema,
  header: z.unknown(),
  body: MipsBodySchema,
});
