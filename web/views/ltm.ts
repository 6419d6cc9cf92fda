/**
 * Views of the long-term memory: search results over the LTM index and one
 * delta (header facts, dependencies, dependents, body).
 *
 * @module
 */
import type { MipsDelta, MipsQueryResult } from "../../schemas/ltm.ts";
import { badge, esc, facts, markSnippet, section } from "./html.ts";

/**
 * Renders one page of search results, each linking to its delta.
 *
 * @param result What `query_mips_index` returns.
 * @param text The query text, to say what was searched.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { searchResultsView } from "./ltm.ts";
 * const html = searchResultsView({ total: 0, offset: 0, limit: 20, results: [] }, "widgets");
 * assert(html.includes('data-count="results">0<'));
 * ```
 */
export function searchResultsView(result: MipsQueryResult, text = ""): string {
  const from = result.total === 0 ? 0 : result.offset + 1;
  const to = result.offset + result.results.length;
  const head = `<p class="search-summary"><strong data-count="results">${result.total}</strong> ${
    result.total === 1 ? "delta" : "deltas"
  }${text ? ` match “${esc(text)}”` : ""}${result.total > 0 ? ` — showing ${from}–${to}` : ""}</p>`;
  const items = result.results.map((h) =>
    `<li class="hit"><h3><a href="/delta/${encodeURIComponent(h.module_id)}" data-node="${
      esc(h.module_id)
    }">${esc(h.title ?? h.module_id)}</a></h3><p class="meta"><code>${esc(h.module_id)}</code> ${
      badge(h.posture, h.posture === "ACTIVE" ? "ok" : "muted")
    } ${esc(h.format)} ${esc(h.timestamp_utc ?? "")}</p><p class="snippet">${
      markSnippet(h.snippet)
    }</p></li>`
  ).join("");
  return `${head}<ol class="hits" start="${from}">${items}</ol>`;
}

/**
 * Renders one delta: its facts, what it depends on (and what does not
 * resolve), what depends on it, and its body.
 *
 * @param delta What `get_mips_delta` returns.
 * @returns The HTML.
 *
 * @example
 * ```ts ignore
 * const html = deltaView(getMipsDelta(store, "MB__03_DELTA__BlueWidgets_v1"));
 * ```
 */
export function deltaView(delta: MipsDelta): string {
  const r = delta.record;
  const mod = (m: string) =>
    `<a href="/delta/${encodeURIComponent(m)}" data-node="${esc(m)}">${esc(m)}</a>`;
  const deps = delta.dependencies.length === 0 && delta.dangling.length === 0
    ? `<p class="muted">None.</p>`
    : `<ul>${
      delta.dependencies.map((d) =>
        `<li>${mod(d.module_id)} ${badge(d.kind, "muted")}${d.required ? " required" : ""}</li>`
      ).join("")
    }${
      delta.dangling.map((d) =>
        `<li><code>${esc(d)}</code> ${badge("dangling", "warn")} resolves to no delta</li>`
      ).join("")
    }</ul>`;
  const dependents = delta.dependents.length === 0
    ? `<p class="muted">None.</p>`
    : `<ul>${delta.dependents.map((d) => `<li>${mod(d)}</li>`).join("")}</ul>`;
  const body = delta.body.kind === "json"
    ? `<pre class="body">${esc(clip(JSON.stringify(delta.body.value, null, 2)))}</pre>`
    : delta.body.kind === "text"
    ? `<pre class="body">${esc(clip(delta.body.text))}</pre>`
    : `<p class="muted">No body.</p>`;
  return `<article class="delta" aria-labelledby="delta-title"><h2 id="delta-title">${
    esc(r.title ?? delta.module_id)
  }</h2>${
    facts([
      ["module", delta.module_id],
      ["path", delta.path],
      ["posture", delta.posture],
      ["quarantined because", delta.quarantine_reason],
      ["format", r.format],
      ["version", r.version],
      ["kind", r.kind],
      ["status", r.status],
      ["time (UTC)", r.timestamp_utc],
      ["self-hash", r.hash_status],
      ["description", r.description],
    ])
  }${section(`Depends on (${delta.dependencies.length + delta.dangling.length})`, deps, 3)}${
    section(`Depended on by (${delta.dependents.length})`, dependents, 3)
  }${section("Body", body, 3)}</article>`;
}

function clip(text: string, max = 20_000): string {
  return text.length <= max
    ? text
    : `${text.slice(0, max)}\n… (${text.length - max} more characters)`;
}
