/**
 * The few helpers every view uses to write HTML as strings: escaping, and a
 * definition list of key/value facts. Pure functions without Deno or Node
 * APIs, so the same views run on the server (pages) and in the browser (MCP
 * App views).
 *
 * @module
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML content and double- or single-quoted attribute values.
 *
 * @param value Anything; `null` and `undefined` become the empty string.
 * @returns The escaped text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { esc } from "./html.ts";
 * assert.equal(esc(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
 * ```
 */
export function esc(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * A `<dl>` of facts; rows whose value is `undefined` or `null` are left out.
 * Values are escaped.
 *
 * @param rows `[term, value]` pairs.
 * @param className CSS class of the list. @default {"facts"}
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { facts } from "./html.ts";
 * assert.equal(facts([["a", 1], ["b", undefined]]), '<dl class="facts"><dt>a</dt><dd>1</dd></dl>');
 * ```
 */
export function facts(
  rows: ReadonlyArray<readonly [string, unknown]>,
  className = "facts",
): string {
  const items = rows.filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("");
  return `<dl class="${esc(className)}">${items}</dl>`;
}

/**
 * A status badge: text with a colour class (`ok`, `bad`, `warn`, `muted`).
 *
 * @param text What it says.
 * @param tone Its colour class.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { badge } from "./html.ts";
 * assert.equal(badge("BOOT_OK", "ok"), '<span class="badge ok">BOOT_OK</span>');
 * ```
 */
export function badge(text: string, tone: "ok" | "bad" | "warn" | "muted"): string {
  return `<span class="badge ${tone}">${esc(text)}</span>`;
}

/**
 * A page section with a heading.
 *
 * @param title The heading text.
 * @param body The section's HTML.
 * @param level Heading level. @default {2}
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { section } from "./html.ts";
 * assert.equal(section("Slots", "<p>x</p>"), "<section><h2>Slots</h2><p>x</p></section>");
 * ```
 */
export function section(title: string, body: string, level = 2): string {
  return `<section><h${level}>${esc(title)}</h${level}>${body}</section>`;
}

/**
 * Escapes a search snippet, keeping the `[…]` match markers the full-text
 * indexes put around matched words as `<mark>`.
 *
 * @param text The snippet.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { markSnippet } from "./html.ts";
 * assert.equal(markSnippet("a [b] <c>"), "a <mark>b</mark> &lt;c&gt;");
 * ```
 */
export function markSnippet(text: string): string {
  return esc(text).replace(/\[([^\[\]]{1,200})\]/g, "<mark>$1</mark>");
}
