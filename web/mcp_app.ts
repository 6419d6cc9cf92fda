/**
 * The HTML documents of the MCP App views (`ui://metablooms/<view>.html`):
 * the dashboard's style sheet and the bundled view script inline (a host
 * loads the resource into a sandboxed frame with no network, so nothing is
 * fetched), and the name of the view that draws the tool result.
 *
 * @module
 */
import { VERSION } from "../lib/version.ts";
import { UI_VIEWS } from "../ops/ui.ts";
import { APP_JS } from "./_assets.ts";
import { esc } from "./views/html.ts";
import { STYLE_CSS } from "./views/style.ts";

/** The MCP App views: name → what it draws, for the resource listing. */
export const MCP_APP_VIEWS = {
  graph: {
    uri: UI_VIEWS.graph,
    title: "Module graph",
    description:
      "The MIPS module graph of an ltm_graph result, drawn by layers; click a module for its delta.",
  },
  boot: {
    uri: UI_VIEWS.boot,
    title: "Boot report",
    description:
      "Slots (boot_status) or one boot (boot_image): the 10-subsystem table and the kit-vs-original verdicts.",
  },
  audit: {
    uri: UI_VIEWS.audit,
    title: "Audit report",
    description:
      "An audit_report result: cycles over time and the success rate per persona, with the totals.",
  },
} as const;

/** The name of an MCP App view. */
export type McpAppView = keyof typeof MCP_APP_VIEWS;

/**
 * The HTML document of one MCP App view.
 *
 * @param view Which view.
 * @returns A complete HTML5 document (`text/html;profile=mcp-app`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mcpAppHtml } from "./mcp_app.ts";
 * const html = mcpAppHtml("graph");
 * assert(html.includes('data-view="graph"') && html.includes("ui/initialize"));
 * ```
 */
export function mcpAppHtml(view: McpAppView): string {
  return `<!doctype html>
<html lang="en" data-view="${esc(view)}" data-version="${esc(VERSION)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(MCP_APP_VIEWS[view].title)} · MetaBlooms</title>
<style>${STYLE_CSS}</style></head>
<body><main id="app" class="app"><p class="loading">Waiting for the tool result…</p></main>
<script type="module">${APP_JS}</script></body></html>`;
}
