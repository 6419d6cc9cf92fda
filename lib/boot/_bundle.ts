/**
 * The boot's view of `lib/bundle`: validation summarised for the boot report,
 * and extraction into the boot's staging folder (which refuses whatever
 * validation refuses).
 *
 * @module
 */
import type { Config } from "../config.ts";
import { KitError } from "../errors.ts";
import { extractBundle } from "../bundle/extract.ts";
import { validateBundle } from "../bundle/validate.ts";
import type { BootFinding, BootValidation } from "../../schemas/boot.ts";

/** What the boot needs from validation. */
export interface BundleCheck {
  /** The validator accepts the bundle. */
  ok: boolean;
  /** `A`, `B`, `C` or `unknown`. */
  generation: string;
  /** Validation findings, errors first. */
  findings: BootFinding[];
  /** The summary for the report. */
  validation: BootValidation;
}

const MAX_FINDINGS = 50;

/** Validates a bundle for boot; a bundle the validator cannot even read is a refusal, not a throw. */
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
    const generation = verdict.identity.generation;
    return {
      ok: verdict.ok,
      generation,
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
      generation: "unknown",
      findings: [finding],
      validation: { ok: false, errors: 1, warnings: 0, findings: [finding] },
    };
  }
}

/**
 * Extracts a bundle into `dest` (validation, staging and atomic rename are
 * `extractBundle`'s); returns the generation its verdict detected.
 */
export async function extractForBoot(
  path: string,
  dest: string,
  config: Pick<Config, "bundleLimits">,
  signal: AbortSignal | undefined,
): Promise<string> {
  const result = await extractBundle(path, dest, {
    limits: config.bundleLimits,
    findReceipt: false,
    ...(signal ? { signal } : {}),
  });
  return result.verdict.identity.generation;
}
