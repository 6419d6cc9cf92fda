/**
 * Boot step "record" (private): the report on disk, the audit event, and the
 * slots — a bundle that boots OK becomes CANDIDATE (or ACTIVE), a failure is
 * remembered as the last failure.
 *
 * @module
 */
import { join } from "node:path";
import type { Config } from "../config.ts";
import { writeJsonAtomic } from "../fs/atomic_write.ts";
import type { BootReport } from "../../schemas/boot.ts";
import { appendAuditEvent } from "./audit.ts";
import { recordBootFailure, stageBundle } from "./slots.ts";
import type { BootPaths } from "./_paths.ts";
import { messageOf } from "./_py.ts";

/** How to record a boot. */
export interface RecordOptions {
  /** Stage a bundle that booted OK. */
  stage: boolean;
  /** Make it ACTIVE at once. */
  promote: boolean;
  /** Clock of the audit event. */
  now: () => Date;
}

/**
 * Writes the report (twice: before and after the slots change, so it names the slot action),
 * appends the audit event and updates the slots.
 *
 * @param config The configuration.
 * @param paths The data directory's boot paths.
 * @param report The finished report (changed in place: receipt, audit, slot).
 * @param options Staging and clock.
 * @returns Resolves when recorded.
 */
export async function recordBoot(
  config: Pick<Config, "dataDir">,
  paths: BootPaths,
  report: BootReport,
  options: RecordOptions,
): Promise<void> {
  const bootDir = join(paths.boots, report.boot_id);
  report.receipt = join(bootDir, "boot_report.json");
  await Deno.mkdir(bootDir, { recursive: true });
  await writeJsonAtomic(report.receipt, report);
  report.audit = await appendAuditEvent(paths.audit, report.ok ? "BOOT_OK" : "BOOT_FAILED", {
    boot_id: report.boot_id,
    bundle: report.bundle.name,
    sha256: report.bundle.sha256 ?? null,
    generation: report.bundle.generation ?? null,
    kind: report.bundle.kind ?? null,
    code: report.code ?? null,
    reason: report.reason,
    compat: report.compat.evaluated ? (report.compat.code ?? "BOOT_OK") : null,
    exec: report.exec ? (report.exec.code ?? "BOOT_OK") : null,
    runtime: report.runtime?.status ?? null,
    receipt: report.receipt,
  }, options.now());
  if (report.ok && options.stage) {
    report.slot = await stageBundle(config, report, { promote: options.promote });
  } else {
    report.slot = {
      action: "none",
      note: report.ok ? "not staged (stage: false)" : "boot failed: slots unchanged",
    };
    if (!report.ok) {
      // Best effort: a failed boot is already in its receipt and the audit log.
      await recordBootFailure(config, {
        boot_id: report.boot_id,
        bundle: report.bundle.path,
        ...(report.bundle.sha256 ? { sha256: report.bundle.sha256 } : {}),
        code: report.code ?? "BOOT_FAILED",
        reason: report.reason,
        at_utc: report.finished_utc,
        receipt: report.receipt,
      }).catch((error) => {
        report.findings.push({
          code: "LAST_FAILURE_NOT_RECORDED",
          severity: "warning",
          message: `the slots state could not record this failure: ${messageOf(error)}`,
        });
      });
    }
  }
  await writeJsonAtomic(report.receipt, report);
}
