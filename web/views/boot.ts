/**
 * Views of the boot capability: the slots (ACTIVE / ROLLBACK / CANDIDATE),
 * one boot report with the ten-subsystem table and the kit-vs-original
 * verdicts, and the boot history. Pure: result object in, HTML out.
 *
 * @module
 */
import type {
  BootHistory,
  BootReport,
  BootStatus,
  BootVerdict,
  SlotStatus,
  SubsystemRow,
} from "../../schemas/boot.ts";
import { badge, esc, facts, section } from "./html.ts";

const SLOTS = ["ACTIVE", "ROLLBACK", "CANDIDATE"] as const;

/** Which state-changing actions a page may offer. */
export interface BootActions {
  /** The server refuses state changes: show no action buttons. */
  readOnly: boolean;
}

/**
 * The slots page: each slot's bundle and subsystems, the last failure, and
 * promote / rollback buttons (asking for confirmation) unless read-only.
 *
 * @param status What `boot_status` returns.
 * @param actions Whether actions are offered. @default {{ readOnly: true }}
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootStatusView } from "./boot.ts";
 * const html = bootStatusView({ data_dir: "/d", seq: 0, slots: {}, problems: [] });
 * assert(html.includes("ACTIVE") && html.includes("empty"));
 * ```
 */
export function bootStatusView(
  status: BootStatus,
  actions: BootActions = { readOnly: true },
): string {
  const cards = SLOTS.map((name) => slotCard(name, status.slots[name])).join("");
  const failure = status.last_failure
    ? `<p class="callout bad">Last failed boot: <a href="/boots/${
      encodeURIComponent(status.last_failure.boot_id)
    }">${esc(status.last_failure.code)}</a> — ${esc(status.last_failure.reason)} (${
      esc(status.last_failure.at_utc)
    })</p>`
    : "";
  const problems = status.problems.length === 0
    ? ""
    : `<ul class="problems">${status.problems.map((p) => `<li>${esc(p)}</li>`).join("")}</ul>`;
  const pending = status.pending
    ? `<p class="callout warn">An unfinished slot change (${
      esc(JSON.stringify(status.pending))
    }) will be completed or discarded by the next promote, rollback or boot.</p>`
    : "";
  const buttons = actions.readOnly
    ? `<p class="muted">Read-only server: slot changes are off.</p>`
    : `<div class="actions">${
      status.slots.CANDIDATE ? actionButton("promote_slot", "Promote CANDIDATE to ACTIVE") : ""
    }${status.slots.ROLLBACK ? actionButton("rollback_slot", "Roll back to ROLLBACK") : ""}</div>`;
  return `<div class="slots">${cards}</div>${failure}${pending}${problems}${buttons}`;
}

function actionButton(action: string, label: string): string {
  return `<button type="button" class="action" data-action="${esc(action)}">${esc(label)}</button>`;
}

function slotCard(name: string, slot: SlotStatus | undefined): string {
  if (!slot) {
    return `<article class="slot empty" aria-label="${name} slot"><h3>${name}</h3><p class="muted">empty</p></article>`;
  }
  const errors = slot.subsystems.filter((s) => s.status !== "ACTIVE").length;
  const files = slot.bundle_exists && slot.receipt_exists
    ? ""
    : `<p class="callout bad">${slot.bundle_exists ? "" : "bundle file missing. "}${
      slot.receipt_exists ? "" : "receipt missing."
    }</p>`;
  return `<article class="slot" aria-label="${name} slot"><h3>${name}</h3>${
    facts([
      ["bundle", slot.bundle_name],
      ["generation", slot.generation],
      ["sha256", slot.sha256.slice(0, 16) + "…"],
      ["booted", slot.booted_utc],
      ["in slot since", slot.promoted_utc],
      ["boot", slot.boot_id],
    ])
  }<p>${
    errors === 0
      ? badge(`${slot.subsystems.length} subsystems ACTIVE`, "ok")
      : badge(`${errors} of ${slot.subsystems.length} subsystems not ACTIVE`, "bad")
  }</p>${files}<p><a href="/boots/${
    encodeURIComponent(slot.boot_id)
  }">Boot report</a></p></article>`;
}

function verdictCell(title: string, v: BootVerdict | undefined, note?: string): string {
  if (!v) {
    return `<div class="verdict"><h3>${esc(title)}</h3><p class="muted">${
      esc(note ?? "not run")
    }</p></div>`;
  }
  return `<div class="verdict"><h3>${esc(title)}</h3><p>${
    badge(v.ok ? v.signal : `${v.signal}: ${v.code ?? ""}`, v.ok ? "ok" : "bad")
  }</p><p>${esc(v.reason)}</p></div>`;
}

/**
 * One boot report: the kit's verdict beside what the original would have said
 * (and the real `--exec` run, if any), the ten-subsystem table with the
 * subsystems the original masks, and the findings.
 *
 * @param report What `boot_image` returns (and the receipt it writes).
 * @returns The HTML.
 *
 * @example
 * ```ts ignore
 * const html = bootReportView(await readBootReport(config, bootId));
 * ```
 */
export function bootReportView(report: BootReport): string {
  const compat = report.compat.evaluated
    ? verdictCell("Original (compat)", report.compat)
    : verdictCell("Original (compat)", undefined, "not evaluated: the kit refused the bundle");
  const masked = report.compat.masked.length === 0
    ? ""
    : `<p class="callout warn">The original hides ${report.compat.masked.length} failure(s): ${
      report.compat.masked.map((m) => `${esc(m.subsystem)} ${esc(m.error)} (${esc(m.how)})`).join(
        "; ",
      )
    }</p>`;
  const verdicts = `<div class="verdicts">${verdictCell("Kit (strict)", report.strict)}${compat}${
    report.exec ? verdictCell("--exec (real run)", report.exec) : ""
  }</div>${masked}`;
  const findings = report.findings.length === 0
    ? `<p class="muted">No findings.</p>`
    : `<ul class="findings">${
      report.findings.map((f) =>
        `<li>${
          badge(
            f.severity,
            f.severity === "error" ? "bad" : f.severity === "warning" ? "warn" : "muted",
          )
        } <code>${esc(f.code)}</code> ${esc(f.message)}</li>`
      ).join("")
    }</ul>`;
  return `<div class="boot-report">${
    facts([
      ["boot", report.boot_id],
      ["bundle", report.bundle.name],
      ["generation", report.bundle.generation],
      ["started", report.started_utc],
      ["finished", report.finished_utc],
      ["slot", report.slot.action],
    ])
  }${verdicts}${section("Subsystems", subsystemTable(report.subsystems), 3)}${
    section("Findings", findings, 3)
  }</div>`;
}

/**
 * The subsystem table: order, name, required, the kit's status, the original's
 * status, and the error; rows the original masks are marked.
 *
 * @param rows The report's subsystem rows.
 * @returns A `<table>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { subsystemTable } from "./boot.ts";
 * const html = subsystemTable([{ name: "CHM", order: 1, required: true, status: "ERROR",
 *   compat_status: "ACTIVE", masked: true, error: "MISSING_REQUIRED_FILE", detail: {} }]);
 * assert(html.includes("masked") && html.includes("MISSING_REQUIRED_FILE"));
 * ```
 */
export function subsystemTable(rows: readonly SubsystemRow[]): string {
  const body = rows.map((r) =>
    `<tr${r.masked ? ' class="masked"' : ""}><td>${r.order}</td><th scope="row">${
      esc(r.name)
    }</th><td>${r.required ? "yes" : "no"}</td><td>${statusBadge(r.status)}</td><td>${
      statusBadge(r.compat_status)
    }${r.masked ? " " + badge("masked", "warn") : ""}</td><td>${esc(r.error ?? "")}</td><td>${
      esc(r.file ?? "")
    }</td></tr>`
  ).join("");
  return `<table class="subsystems"><caption>${rows.length} subsystems</caption><thead><tr><th scope="col">#</th><th scope="col">subsystem</th><th scope="col">required</th><th scope="col">kit</th><th scope="col">original</th><th scope="col">error</th><th scope="col">file</th></tr></thead><tbody>${body}</tbody></table>`;
}

function statusBadge(status: string): string {
  return badge(status, status === "ACTIVE" ? "ok" : status === "ERROR" ? "bad" : "muted");
}

/**
 * The boot history: boots and slot changes, newest first, with the audit
 * chain's verdict.
 *
 * @param history What `bootHistory()` returns.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootHistoryView } from "./boot.ts";
 * const html = bootHistoryView({ path: "/a", total: 0, chain_ok: true, problems: [], events: [] });
 * assert(html.includes("No boots yet"));
 * ```
 */
export function bootHistoryView(history: BootHistory): string {
  if (history.total === 0) return `<p class="muted">No boots yet.</p>`;
  const chain = history.chain_ok
    ? `<p>${badge("audit chain intact", "ok")} ${history.total} events</p>`
    : `<p>${badge("audit chain broken", "bad")} ${esc(history.problems.join("; "))}</p>`;
  const rows = history.events.map((e) => {
    const p = e.payload;
    const tone = e.event_type === "BOOT_OK"
      ? "ok"
      : e.event_type === "BOOT_FAILED"
      ? "bad"
      : "muted";
    const kit = e.event_type.startsWith("BOOT_") ? String(p.code ?? "BOOT_OK") : "";
    return `<tr><td>${esc(e.ts_utc)}</td><td>${badge(e.event_type, tone)}</td><td>${
      esc(p.bundle ?? p.bundle_name ?? "")
    }</td><td>${esc(kit)}</td><td>${esc(p.compat ?? "")}</td><td>${esc(p.exec ?? "")}</td><td>${
      e.boot_id ? `<a href="/boots/${encodeURIComponent(e.boot_id)}">${esc(e.boot_id)}</a>` : ""
    }</td></tr>`;
  }).join("");
  return `${chain}<table class="history"><caption>newest ${history.events.length} of ${history.total} events</caption><thead><tr><th scope="col">time (UTC)</th><th scope="col">event</th><th scope="col">bundle</th><th scope="col">kit</th><th scope="col">original</th><th scope="col">--exec</th><th scope="col">boot</th></tr></thead><tbody>${rows}</tbody></table>`;
}
