/**
 * The boot's view of `lib/bundle` (private): validation summarised for the
 * boot report (with what decides whether the bundle may be extracted at all),
 * and extraction into the boot's staging folder.
 *
 * @module
 */
import type { Config } from "../config.ts";
import { KitError } from "../errors.ts";
import { extractBundle, HOSTILE_CATEGORIES } from "../bundle/extract.ts";
import { validateBundle } from "../bundle/validate.ts";
import type { BootFinding, BootValidation } from "../../schemas/boot.ts";

/** What the boot needs from validation. */
export interface BundleCheck {
  /** The validator accepts the bundle. */
  ok: boolean;
  /** The zip may be extracted: readable, an OS bundle, nothing hostile (unsafe paths, bombs, bad CRC). */
  extractable: boolean;
  /** `A`–`G`, `NOT_A_BUNDLE` or `unknown`. */
  generation: string;
  /** `OS_BUNDLE` or the non-bundle kind. */
  kind: string;
  /** The folder the generation's files sit in, with a trailing slash (`Metablooms_OS/`), or "". */
  root: string;
  /** Validation findings, errors first. */
  findings: BootFinding[];
  /** The summary for the report. */
  validation: BootValidation;
}

const MAX_FINDINGS = 50;

/**
 * Validates a bundle for boot; a bundle the validator cannot even read is a refusal, not a throw.
 *
 * @param path The bundle.
 * @param config Bundle limits.
 * @param signal Cancellation.
 * @returns The summary.
 */
export async function validateForBoot(
  path: string,
  config: Pick<Config, "bundleLimits">,
  signal: AbortSignal | undefined,
): Promise<BundleCheck> {
  try {
    const verdict = await validateBundle(path, {
      limits: config.bundleLimits,
      ...(signal ? { signal } : {}),
    });
    const findings: BootFinding[] = verdict.findings.slice(0, MAX_FINDINGS).map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      ...(f.path === undefined ? {} : { path: f.path }),
    }));
    const hostile = verdict.findings.some((f) =>
      f.severity === "error" && HOSTILE_CATEGORIES.includes(f.category)
    );
    const { generation, kind, root } = verdict.identity;
    return {
      ok: verdict.ok,
      extractable: verdict.readable && !hostile && kind === "OS_BUNDLE",
      generation,
      kind,
      root: root ? `${root}/` : "",
      findings,
      validation: {
        ok: verdict.ok,
        errors: verdict.counts.error,
        warnings: verdict.counts.warning,
        findings,
      },
    };
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    const finding: BootFinding = { code: error.code, severity: "error", message: error.message };
    return {
      ok: false,
      extractable: false,
      generation: "unknown",
      kind: "unknown",
      root: "",
      findings: [finding],
      validation: { ok: false, errors: 1, warnings: 0, findings: [finding] },
    };
  }
}

/**
 * Extracts a bundle into `dest`, refusing only hostile zips (validation, staging and the
 * atomic rename are `extractBundle`'s): the boot runs bundles its validator faults so their
 * own runtime can give its verdict.
 *
 * @param path The bundle.
 * @param dest The folder to create.
 * @param config Bundle limits.
 * @param signal Cancellation.
 * @returns What its verdict found: whether it validates, the generation and its root.
 */
export async function extractForBoot(
  path: string,
  dest: string,
  config: Pick<Config, "bundleLimits">,
  signal: AbortSignal | undefined,
): Promise<{ ok: boolean; generation: string; root: string; errors: string[] }> {
  const result = await extractBundle(path, dest, {
    limits: config.bundleLimits,
    findReceipt: false,
    refuse: "hostile",
    ...(signal ? { signal } : {}),
  });
  const { identity, findings } = result.verdict;
  return {
    ok: result.verdict.ok,
    generation: identity.generation,
    root: identity.root ? `${identity.root}/` : "",
    errors: findings.filter((f) => f.severity === "error").map((f) => f.code),
  };
}
