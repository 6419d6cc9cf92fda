/**
 * The dashboard's page shell: the document every page URL answers (title,
 * navigation, an empty `<main>` the page script fills with the page's
 * server-rendered fragment, the confirmation dialog). It carries no data, so
 * it needs no token: the fragments do.
 *
 * @module
 */
import { esc } from "./views/html.ts";

/** One entry of the navigation bar. */
export interface NavItem {
  /** The page's path. */
  href: string;
  /** Its label. */
  label: string;
}

/** What the shell shows. */
export interface ShellOptions {
  /** The document title (the page's name). */
  title: string;
  /** The navigation bar. */
  nav: readonly NavItem[];
  /** The current nav entry's `href`, marked `aria-current`. */
  current?: string | undefined;
  /** The kit's version, shown in the footer. */
  version: string;
}

/**
 * Renders the shell document of a page.
 *
 * @param options Title, navigation, current entry, version.
 * @returns A complete HTML document.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shellPage } from "./shell.ts";
 * const html = shellPage({ title: "Graph", nav: [{ href: "/graph", label: "Graph" }],
 *   current: "/graph", version: "0.1.0" });
 * assert(html.startsWith("<!doctype html>") && html.includes('aria-current="page"'));
 * ```
 */
export function shellPage(options: ShellOptions): string {
  const nav = options.nav.map((n) =>
    `<li><a href="${esc(n.href)}"${n.href === options.current ? ' aria-current="page"' : ""}>${
      esc(n.label)
    }</a></li>`
  ).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)} · MetaBlooms</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/style.css">
<script type="module" src="/assets/page.js"></script>
</head><body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><span class="brand">MetaBlooms</span><nav aria-label="Pages"><ul>${nav}</ul></nav></header>
<div id="action-result" tabindex="-1" role="status"></div>
<main id="main" tabindex="-1"><p class="loading">Loading…</p></main>
<dialog id="confirm" aria-labelledby="confirm-title"><form method="dialog">
<h2 id="confirm-title">Change the boot slots?</h2>
<p><span class="what"></span>. <span class="detail">This changes which bundle boots next.</span></p>
<p class="actions"><button value="confirm">Yes, do it</button> <button value="cancel" class="secondary" autofocus>Cancel</button></p>
</form></dialog>
<footer class="muted"><p>&nbsp;metablooms ${esc(options.version)}</p></footer>
</body></html>`;
}
