/**
 * The catalogue of validator finding codes: each code's default severity,
 * category, and whether `strict` turns it into an error.
 *
 * @module
 */
import {
  type CheckStatus,
  type Finding,
  FINDING_CATEGORIES,
  type FindingCategory,
  type Severity,
  type Verdict,
} from "../../schemas/bundle.ts";

/** How a finding code behaves. */
export interface FindingRule {
  /** Default severity. */
  severity: Severity;
  /** Check category. */
  category: FindingCategory;
  /** Integrity drift: a warning by default, an error with `strict`. */
  strictError?: boolean;
}

const r = (severity: Severity, category: FindingCategory, strictError = false): FindingRule => ({
  severity,
  category,
  strictError,
});

/** Every code the validator emits. Hostile structure is always an error (DECISIONS.md). */
export const FINDING_RULES: Readonly<Record<string, FindingRule>> = {
  // structure: the file as a zip
  EMPTY_FILE: r("error", "structure"),
  NOT_A_ZIP: r("error", "structure"),
  LFS_POINTER: r("error", "structure"),
  SPLIT_ARCHIVE: r("error", "structure"),
  TRUNCATED: r("error", "structure"),
  CENTRAL_DIRECTORY_CORRUPT: r("error", "structure"),
  LOCAL_HEADER_MISMATCH: r("error", "structure"),
  CRC_MISMATCH: r("error", "structure"),
  SIZE_MISMATCH: r("error", "structure"),
  INFLATE_FAILED: r("error", "structure"),
  ENCRYPTED_ENTRY: r("error", "structure"),
  UNSUPPORTED_METHOD: r("error", "structure"),
  DUPLICATE_NAME: r("error", "structure"),
  ENTRY_OVERLAP: r("error", "structure"),
  PREPENDED_DATA: r("warning", "structure"),
  TRAILING_DATA: r("warning", "structure"),
  ZIP64: r("info", "structure"),
  DATA_DESCRIPTOR: r("info", "structure"),
  ARCHIVE_COMMENT: r("info", "structure"),
  // paths
  UNSAFE_PATH_ABSOLUTE: r("error", "paths"),
  UNSAFE_PATH_TRAVERSAL: r("error", "paths"),
  UNSAFE_PATH_BACKSLASH: r("error", "paths"),
  UNSAFE_PATH_DRIVE: r("error", "paths"),
  UNSAFE_PATH_NUL: r("error", "paths"),
  UNSAFE_PATH_EMPTY: r("error", "paths"),
  ENTRY_NAME_INVALID_ENCODING: r("error", "paths"),
  SYMLINK_ENTRY: r("error", "paths"),
  CASE_COLLISION: r("error", "paths"),
  PATH_CONFLICT: r("error", "paths"),
  // limits (zip bombs)
  BOMB_ENTRY_COUNT: r("error", "limits"),
  BOMB_TOTAL_SIZE: r("error", "limits"),
  BOMB_RATIO: r("error", "limits"),
  DATA_NOT_CHECKED: r("warning", "limits"),
  // generation
  GENERATION: r("info", "generation"),
  WRAPPED_ROOT: r("info", "generation"),
  NOT_A_BUNDLE: r("error", "generation"),
  GEN_A_VALIDATOR_WOULD_FAIL: r("info", "generation"),
  DOUBLE_WRAPPER: r("info", "generation"),
  NESTED_ROOT: r("info", "generation"),
  BRACE_DIRECTORY: r("info", "generation"),
  // layout (Gen-A parity)
  MISSING_BOOT_FILE: r("error", "layout"),
  MISSING_CONTROL_PLANE_FILE: r("error", "layout"),
  MISSING_DIRECTORY: r("error", "layout"),
  MISSING_OPTIONAL_FILE: r("warning", "layout"),
  BUILD_MANIFEST_FROM_BUNDLE: r("info", "layout"),
  BUILD_MANIFEST_INVALID: r("warning", "layout", true),
  BUILD_MANIFEST_WEAKER: r("warning", "layout", true),
  RUNTIME_ARTIFACT: r("warning", "layout"),
  JUNK_ENTRY: r("warning", "layout"),
  // layout of generations D–G and the non-bundle kinds (generations.md)
  REQUIRED_FILE_MISSING: r("error", "layout"),
  REQUIRED_DIRECTORY_MISSING: r("error", "layout"),
  EXPECTED_FILE_MISSING: r("warning", "layout"),
  LEFTOVER_STATE: r("warning", "layout"),
  // boot manifest and contract
  BOOT_MANIFEST_MISSING: r("error", "boot"),
  BOOT_MANIFEST_INVALID: r("error", "boot"),
  BOOT_ENTRYPOINT_MISSING: r("error", "boot"),
  BOOT_ENTRYPOINT_WRONG: r("error", "boot"),
  BOOT_SUCCESS_SIGNAL_MISSING: r("error", "boot"),
  CONTRACT_INVALID: r("warning", "boot", true),
  CONTRACT_HASH_MISMATCH: r("warning", "boot", true),
  CONTRACT_MARKER_NEVER_EMITTED: r("warning", "boot", true),
  CONTRACT_ENTRYPOINT_MISMATCH: r("warning", "boot", true),
  GEN_B_ENTRYPOINT_MISSING: r("error", "boot"),
  GEN_B_RUNNER_MISSING: r("error", "boot"),
  GEN_C_WRAPPER_NAME: r("error", "boot"),
  GEN_C_NOT_WRAPPED: r("error", "boot"),
  GEN_C_MANIFEST_INVALID: r("error", "boot"),
  GEN_C_MEMBER_MISSING: r("warning", "boot"),
  GEN_C_UNEXPECTED_TOP_LEVEL: r("warning", "boot"),
  FILE_INVALID: r("error", "boot"),
  IMPORT_UNRESOLVED: r("warning", "boot"),
  HEADER_FIELD_MISSING: r("error", "boot"),
  NON_RELOCATABLE: r("warning", "boot"),
  ROOT_SEARCH_ORDER: r("info", "boot"),
  DEPENDENCY_GRAPH_MISSING: r("warning", "boot"),
  REGISTRY_KEY_UNREAD: r("info", "boot"),
  // integrity (MEEP, sidecars)
  MEEP_MISSING: r("warning", "integrity", true),
  MEEP_INVALID: r("warning", "integrity", true),
  MEEP_HASH_MISMATCH: r("warning", "integrity", true),
  MEEP_FILE_MISSING: r("warning", "integrity", true),
  MEEP_UNLISTED: r("warning", "integrity", true),
  MEEP_SELF_ENTRY: r("info", "integrity"),
  MEEP_VERIFIED: r("info", "integrity"),
  SIDECAR_MISMATCH: r("warning", "integrity", true),
  SIDECAR_ORPHANED: r("warning", "integrity", true),
  SIDECAR_INVALID: r("warning", "integrity", true),
  SIDECARS_VERIFIED: r("info", "integrity"),
  BUNDLE_SIDECAR_MISMATCH: r("warning", "integrity", true),
  BUNDLE_SIDECAR_INVALID: r("warning", "integrity", true),
  BUNDLE_SIDECAR_VERIFIED: r("info", "integrity"),
  // the generation's own hash claims (registries, freezes, receipts, manifests, self-hashes)
  CLAIMS_VERIFIED: r("info", "integrity"),
  CLAIM_STALE: r("warning", "integrity", true),
  CLAIM_ABSENT: r("warning", "integrity", true),
  REGISTRY_COUNT_MISMATCH: r("warning", "integrity", true),
  REGISTRY_WITHOUT_HASHES: r("warning", "integrity"),
  MANIFEST_LIST_MISMATCH: r("warning", "integrity", true),
  MANIFEST_OMITS_FINAL_RECEIPT: r("info", "integrity"),
  // receipt and signature
  RECEIPT_NOT_FOUND: r("error", "signature"),
  RECEIPT_INVALID: r("warning", "signature", true),
  RECEIPT_SHA256_MISMATCH: r("warning", "signature", true),
  RECEIPT_UNSIGNED: r("info", "signature"),
  RECEIPT_SIGNATURE_VALID: r("info", "signature"),
  RECEIPT_SIGNATURE_INVALID: r("error", "signature"),
};

/**
 * Creates a finding with the code's default severity and category.
 *
 * @param code A code of {@linkcode FINDING_RULES}.
 * @param message What was found, naming the value.
 * @param path The entry or file.
 * @param details Extra facts.
 * @param severity Overrides the default severity.
 * @returns The finding.
 * @throws {RangeError} For an unknown code (a programming mistake).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { finding } from "./findings.ts";
 * assert(finding("CRC_MISMATCH", "bad", "a.txt").severity === "error");
 * ```
 */
export function finding(
  code: string,
  message: string,
  path?: string,
  details?: Record<string, unknown>,
  severity?: Severity,
): Finding {
  const rule = FINDING_RULES[code];
  if (!rule) throw new RangeError(`unknown finding code ${code}`);
  return {
    code,
    severity: severity ?? rule.severity,
    category: rule.category,
    ...(path === undefined ? {} : { path }),
    message,
    ...(details === undefined ? {} : { details }),
  };
}

/**
 * Applies `strict` (integrity-drift warnings become errors), sorts findings
 * (errors first, then by category order and path) and summarises each category.
 *
 * @param findings Raw findings.
 * @param strict Promote drift warnings.
 * @param skipped Categories that were not checked at all.
 * @returns Sorted findings, per-category status and counts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { finding, summarize } from "./findings.ts";
 * const s = summarize([finding("MEEP_HASH_MISMATCH", "stale", "a")], true, []);
 * assert(s.findings[0]?.severity === "error" && s.checks.integrity === "fail");
 * ```
 */
export function summarize(
  findings: Finding[],
  strict: boolean,
  skipped: FindingCategory[],
): Pick<Verdict, "findings" | "checks" | "counts"> {
  const promoted = findings.map((f) =>
    strict && f.severity === "warning" && FINDING_RULES[f.code]?.strictError
      ? { ...f, severity: "error" as const }
      : f
  );
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const order = CATEGORIES.indexOf.bind(CATEGORIES);
  promoted.sort((a, b) =>
    rank[a.severity] - rank[b.severity] || order(a.category) - order(b.category) ||
    compare(a.path ?? "", b.path ?? "") || compare(a.code, b.code)
  );
  const checks = {} as Record<FindingCategory, CheckStatus>;
  for (const category of CATEGORIES) {
    const mine = promoted.filter((f) => f.category === category);
    checks[category] = mine.some((f) => f.severity === "error")
      ? "fail"
      : mine.some((f) => f.severity === "warning")
      ? "warn"
      : skipped.includes(category)
      ? "skipped"
      : "pass";
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of promoted) counts[f.severity]++;
  return { findings: promoted, checks, counts };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Categories in report order. */
export const CATEGORIES: readonly FindingCategory[] = FINDING_CATEGORIES;
