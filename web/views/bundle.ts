/**
 * The view of a bundle's validation verdict: identity, one group per check
 * category (structure, paths, limits, generation, layout, boot, integrity,
 * signature) with its outcome and findings.
 *
 * @module
 */
import type { Finding, Verdict } from "../../schemas/bundle.ts";
import { badge, esc, facts } from "./html.ts";

const TONE = { pass: "ok", warn: "warn", fail: "bad", skipped: "muted" } as const;

/**
 * Renders a validation verdict with its findings grouped by category.
 *
 * @param verdict What `validate_bundle` returns.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verdictView } from "./bundle.ts";
 * const html = verdictView({
 *   ok: false, readable: true, strict: false,
 *   identity: { name: "b.zip", path: "/b.zip", sha256: "0".repeat(64), size: 1, generation: "A" },
 *   checks: { structure: "fail", paths: "pass" },
 *   findings: [{ code: "CRC_MISMATCH", severity: "error", category: "structure", message: "bad" }],
 *   counts: { error: 1, warning: 0, info: 0 }, layout_source: "embedded", limits: {},
 * } as never);
 * assert(html.includes("CRC_MISMATCH") && html.includes('id="cat-structure"'));
 * ```
 */
export function verdictView(verdict: Verdict): string {
  const byCategory = new Map<string, Finding[]>();
  for (const f of verdict.findings) {
    const list = byCategory.get(f.category) ?? [];
    list.push(f);
    byCategory.set(f.category, list);
  }
  const head = `<p>${
    verdict.ok ? badge("valid", "ok") : badge(verdict.readable ? "invalid" : "unreadable", "bad")
  } ${verdict.counts.error} errors, ${verdict.counts.warning} warnings, ${verdict.counts.info} notes${
    verdict.strict ? " (strict)" : ""
  }</p>`;
  const id = verdict.identity;
  const groups = Object.entries(verdict.checks).map(([category, outcome]) => {
    const list = byCategory.get(category) ?? [];
    const items = list.length === 0
      ? `<p class="muted">No findings.</p>`
      : `<ul class="findings">${list.map(findingItem).join("")}</ul>`;
    return `<section class="category" id="cat-${esc(category)}" aria-labelledby="h-${
      esc(category)
    }"><h3 id="h-${esc(category)}">${esc(category)} ${
      badge(outcome, TONE[outcome])
    } <span class="count">${list.length}</span></h3>${items}</section>`;
  }).join("");
  return `<div class="verdict-view">${head}${
    facts([
      ["bundle", id.name],
      ["path", id.path],
      ["version", id.version],
      ["generation", id.generation],
      ["sha256", id.sha256],
      ["size (bytes)", id.size],
    ])
  }${groups}</div>`;
}

function findingItem(f: Finding): string {
  const tone = f.severity === "error" ? "bad" : f.severity === "warning" ? "warn" : "muted";
  return `<li>${badge(f.severity, tone)} <code>${esc(f.code)}</code> ${esc(f.message)}${
    f.path ? ` <span class="path">${esc(f.path)}</span>` : ""
  }</li>`;
}
