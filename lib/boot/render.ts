/**
 * Short text renderings of boot results, shared by the CLI and the MCP tools
 * (so both doors show the same words).
 *
 * @module
 */
import type {
  BootHistory,
  BootReport,
  BootStatus,
  SlotChange,
  SlotRef,
} from "../../schemas/boot.ts";

const verdictWord = (v: { ok: boolean; code?: string | undefined }) =>
  v.ok ? "BOOT_OK" : `BOOT_FAILED: ${v.code ?? "?"}`;

/**
 * Renders a boot report: verdict, reason, the three verdicts, subsystem table, findings, slot.
 *
 * @param report The report.
 * @returns Multi-line text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderBootReport } from "./render.ts";
 * import { bootImage } from "./boot_image.ts";
 * const dataDir = await Deno.makeTempDir();
 * const text = renderBootReport(await bootImage({ dataDir } as never, `${dataDir}/none.zip`));
 * assert(text.startsWith("BOOT_FAILED: BUNDLE_NOT_FOUND"));
 * await Deno.remove(dataDir, { recursive: true });
 * ```
 */
export function renderBootReport(report: BootReport): string {
  const b = report.bundle;
  const out = [
    `${verdictWord(report)}  ${b.name}${b.generation ? ` (Gen ${b.generation})` : ""}${
      b.sha256 ? ` sha256 ${b.sha256.slice(0, 12)}…` : ""
    }`,
    report.reason,
    "",
    `kit (strict): ${verdictWord(report.strict)}`,
    `own runtime (compat): ${
      report.compat.evaluated ? verdictWord(report.compat) : "not evaluated"
    }${report.compat.differs ? "  <- differs" : ""}${
      report.compat.masked.length
        ? `; masks ${report.compat.masked.map((m) => `${m.subsystem} ${m.error}`).join(", ")}`
        : ""
    }`,
  ];
  if (!report.compat.evaluated) out.push(`  (${report.compat.reason})`);
  if (report.runtime?.status === "not_run") {
    out.push(`runtime not run: ${report.runtime.code}: ${report.runtime.reason}`);
  }
  if (report.exec) {
    const e = report.exec;
    for (const step of e.steps ?? []) {
      out.push(
        `  ${step.name}: ${step.ok ? "ok" : `${step.code}`} [network ${e.network}, exit ${
          step.exit_code ?? "-"
        }${step.exit_code_misleading ? " (misleading)" : ""}, ${step.duration_ms} ms]`,
      );
      if (!step.ok) out.push(`    ${step.reason}`);
    }
    if (!e.steps?.length && !e.ok) out.push(`  exec: ${verdictWord(e)}: ${e.reason}`);
    if (e.agrees_with_kit === false) out.push("  <- the runtime disagrees with the kit");
  }
  if (report.subsystems.length) {
    out.push("", "  #  SUBSYSTEM                 KIT     ORIGINAL     ANCHOR");
    for (const s of report.subsystems) {
      out.push(
        `  ${String(s.order).padStart(2)} ${s.name.padEnd(25)} ${s.status.padEnd(7)} ${
          s.compat_status.padEnd(12)
        } ${s.file ?? ""}${s.error ? `  ${s.error}` : ""}${s.masked ? "  (masked)" : ""}`,
      );
    }
  }
  const shown = report.findings.filter((f) => f.severity !== "info");
  if (report.validation && !report.validation.ok) {
    out.push("", "Validation:");
    for (const f of report.validation.findings.filter((f) => f.severity === "error").slice(0, 10)) {
      out.push(`  error ${f.code}: ${f.message}`);
    }
  }
  if (shown.length) {
    out.push("", "Findings:");
    for (const f of shown) out.push(`  ${f.severity} ${f.code}: ${f.message}`);
  }
  out.push("", `Slots: ${report.slot.action}: ${report.slot.note}`);
  if (report.receipt) out.push(`Receipt: ${report.receipt}`);
  return out.join("\n");
}

/**
 * Renders slot status.
 *
 * @param status The status.
 * @returns Multi-line text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderBootStatus } from "./render.ts";
 * assert(renderBootStatus({ data_dir: "/d", seq: 0, slots: {}, bootable: null, problems: [] }).includes("ACTIVE     (empty)"));
 * ```
 */
export function renderBootStatus(status: BootStatus): string {
  const out = [`Slots in ${status.data_dir} (state seq ${status.seq}):`];
  for (const name of ["ACTIVE", "ROLLBACK", "CANDIDATE"] as const) {
    const s = status.slots[name];
    if (!s) {
      out.push(`  ${name.padEnd(10)} (empty)`);
      continue;
    }
    const active = s.subsystems.filter((x) => x.status === "ACTIVE").length;
    const checks = [
      s.bundle_exists ? "" : "BUNDLE MISSING",
      s.sha256_ok === false ? "HASH MISMATCH" : "",
      s.receipt_exists ? "" : "receipt missing",
      s.verify ? (s.verify.ok ? "verified BOOT_OK" : `verify BOOT_FAILED: ${s.verify.code}`) : "",
    ].filter(Boolean).join(", ");
    out.push(
      `  ${name.padEnd(10)} ${s.bundle_name} (Gen ${s.generation}, sha256 ${
        s.sha256.slice(0, 12)
      }…) ` +
        `booted ${s.booted_utc}, ${active}/${s.subsystems.length} subsystems ACTIVE${
          checks ? ` — ${checks}` : ""
        }`,
    );
  }
  out.push(`Bootable: ${status.bootable ?? "none"}`);
  if (status.last_failure) {
    const f = status.last_failure;
    out.push(`Last failure: ${f.code} at ${f.at_utc} (${f.bundle}): ${f.reason}`);
  }
  if (status.pending) {
    out.push(
      `Pending: ${status.pending.op} by pid ${status.pending.pid} was interrupted ` +
        `(${
          status.pending.committed ? "committed; tail unfinished" : "not committed"
        }); the next change settles it`,
    );
  }
  for (const p of status.problems) out.push(`Problem: ${p}`);
  return out.join("\n");
}

/**
 * Renders a promote or rollback.
 *
 * @param change The change.
 * @returns Multi-line text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSlotChange } from "./render.ts";
 * const ref = { bundle_name: "a.zip", sha256: "0".repeat(64), boot_id: "b" };
 * assert(renderSlotChange({ op: "rollback", seq: 2, before: { ROLLBACK: ref }, after: { ACTIVE: ref }, recovered: [] }).includes("a.zip"));
 * ```
 */
export function renderSlotChange(change: SlotChange): string {
  const ref = (r: SlotRef | undefined) =>
    r ? `${r.bundle_name} (${r.sha256.slice(0, 12)}…)` : "(empty)";
  const out = [
    `${change.op === "promote" ? "Promoted" : "Rolled back"} (state seq ${change.seq}):`,
  ];
  for (const name of ["ACTIVE", "ROLLBACK", "CANDIDATE"] as const) {
    out.push(`  ${name.padEnd(10)} ${ref(change.before[name])} -> ${ref(change.after[name])}`);
  }
  for (const r of change.recovered) {
    out.push(`Recovered an interrupted ${r.op} (seq ${r.to_seq}): ${r.outcome}`);
  }
  if (change.audit) out.push(`Audit: ${change.audit.event_id} in ${change.audit.path}`);
  return out.join("\n");
}

/**
 * Renders the boot history: one line per event, newest first, and the audit chain's verdict.
 *
 * @param history The history.
 * @returns Multi-line text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderBootHistory } from "./render.ts";
 * const text = renderBootHistory({ path: "/a", total: 1, chain_ok: true, problems: [], events: [
 *   { event_id: "evt_000001", ts_utc: "2026-01-10T12:00:00Z", event_type: "BOOT_OK", boot_id: "b1",
 *     payload: { bundle: "os.zip" } }] });
 * assert(text.includes("2026-01-10T12:00:00Z  BOOT_OK") && text.includes("chain intact"));
 * ```
 */
export function renderBootHistory(history: BootHistory): string {
  if (history.total === 0) return `No boots yet (${history.path}).`;
  const lines = history.events.map((e) => {
    const p = e.payload;
    const facts = [
      typeof p.bundle === "string" ? p.bundle : undefined,
      e.event_type.startsWith("BOOT_") ? `kit ${p.code ?? "BOOT_OK"}` : undefined,
      typeof p.compat === "string" ? `original ${p.compat}` : undefined,
      typeof p.exec === "string" ? `exec ${p.exec}` : undefined,
      e.boot_id,
    ].filter((x) => x !== undefined);
    return `${e.ts_utc}  ${e.event_type.padEnd(14)} ${facts.join("  ")}`;
  });
  const chain = history.chain_ok
    ? `audit chain intact (${history.total} events)`
    : `AUDIT CHAIN BROKEN: ${history.problems.join("; ")}`;
  return [`Boot history, newest ${history.events.length} of ${history.total}: ${chain}`, ...lines]
    .join("\n");
}
