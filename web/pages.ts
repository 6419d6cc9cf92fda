/**
 * The dashboard's pages: for each, its path, title and how its fragment is
 * made — by calling the same lib functions as the CLI command and the MCP tool
 * of that view, then one of the pure views of `views/`.
 *
 * @module
 */
import { bootStatus } from "../lib/boot/status.ts";
import { bootHistory, readBootReport } from "../lib/boot/history.ts";
import { validateBundle } from "../lib/bundle/validate.ts";
import { buildMipsGraph } from "../lib/ltm/graph.ts";
import { getMipsDelta } from "../lib/ltm/get.ts";
import { queryMipsIndex } from "../lib/ltm/query.ts";
import type { ServerDeps } from "../mcp/_tool.ts";
import { bootHistoryView, bootReportView, bootStatusView } from "./views/boot.ts";
import { verdictView } from "./views/bundle.ts";
import { graphView } from "./views/graph.ts";
import { esc, section } from "./views/html.ts";
import { deltaView, searchResultsView } from "./views/ltm.ts";

/** What a page's fragment is made from. */
export interface PageContext {
  /** Configuration, store and path confinement (as the MCP tools get them). */
  deps: ServerDeps;
  /** The requested URL (query parameters). */
  url: URL;
  /** The path's last segment for `/delta/<id>` and `/boots/<id>`. */
  param: string;
}

/** One page. */
export interface Page {
  /** Its path (`/delta/` pages match by prefix). */
  path: string;
  /** The document title. */
  title: string;
  /** Shown in the navigation bar. */
  nav: boolean;
  /** Makes the page's HTML fragment. */
  render(ctx: PageContext): Promise<string>;
}

const PAGE_SIZE = 20;

/** Every page, in navigation order. */
export const PAGES: readonly Page[] = [
  {
    path: "/",
    title: "Slots and boots",
    nav: true,
    async render({ deps }) {
      const [status, history] = await Promise.all([
        bootStatus(deps.config),
        bootHistory(deps.config, { limit: 50 }),
      ]);
      const active = status.slots.ACTIVE;
      const report = active
        ? await readBootReport(deps.config, active.boot_id).catch(() => undefined)
        : undefined;
      return `<h1 tabindex="-1">Slots and boots</h1>${
        bootStatusView(status, { readOnly: deps.config.mcp.readOnly })
      }${
        report
          ? section("ACTIVE boot: subsystems and verdicts", bootReportView(report))
          : active
          ? `<p class="muted">The ACTIVE slot's boot report is missing.</p>`
          : ""
      }${section("Boot history", bootHistoryView(history))}`;
    },
  },
  {
    path: "/bundles",
    title: "Bundle validation",
    nav: true,
    async render({ deps, url }) {
      const path = url.searchParams.get("path") ?? "";
      const status = await bootStatus(deps.config);
      const known = Object.entries(status.slots).filter(([, s]) => s?.bundle_exists)
        .map(([slot, s]) =>
          `<li><a href="/bundles?path=${encodeURIComponent(s!.bundle)}">${
            esc(s!.bundle_name)
          }</a> (${slot})</li>`
        ).join("");
      const form =
        `<form class="inline" action="/bundles" data-fragment role="search" aria-label="Validate a bundle"><label>Bundle path (inside the roots) <input type="text" name="path" value="${
          esc(path)
        }" required></label><button type="submit">Validate</button></form>${
          known ? `<p>Bundles in the slots:</p><ul>${known}</ul>` : ""
        }`;
      let result = "";
      if (path !== "") {
        const file = await deps.resolvePath(path);
        const verdict = await validateBundle(file, { limits: deps.config.bundleLimits });
        result = verdictView(verdict);
      }
      return `<h1 tabindex="-1">Bundle validation</h1>${form}<div id="results" tabindex="-1">${result}</div>`;
    },
  },
  {
    path: "/graph",
    title: "Module graph",
    nav: true,
    async render({ deps, url }) {
      const focus = url.searchParams.get("focus") || undefined;
      const graph = await buildMipsGraph(deps.store);
      return `<h1 tabindex="-1">Module graph</h1><form class="inline" action="/graph" data-fragment aria-label="Draw around a module"><label>Draw around module <input type="text" name="focus" value="${
        esc(focus ?? "")
      }" list="modules"></label><button type="submit">Draw</button></form><datalist id="modules">${
        graph.nodes.slice(0, 500).map((n) => `<option value="${esc(n)}"></option>`).join("")
      }</datalist><div class="graph-layout"><div>${
        graphView(graph, { focus })
      }</div><div id="detail" class="detail" tabindex="-1" aria-live="polite"><p class="muted">Select a module to see its delta.</p></div></div>`;
    },
  },
  {
    path: "/search",
    title: "Search",
    nav: true,
    render({ deps, url }) {
      const text = url.searchParams.get("q") ?? "";
      const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
      const form =
        `<form class="inline" action="/search" data-fragment role="search" aria-label="Search the long-term memory"><label>Search the long-term memory <input type="search" name="q" value="${
          esc(text)
        }"></label><button type="submit">Search</button></form>`;
      if (text === "") {
        return Promise.resolve(
          `<h1 tabindex="-1">Search</h1>${form}<div id="results" tabindex="-1"></div>`,
        );
      }
      const result = queryMipsIndex(deps.store, {
        text,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      const more = result.offset + result.results.length < result.total
        ? `<p><a href="/search?q=${encodeURIComponent(text)}&amp;page=${
          page + 1
        }">Next ${PAGE_SIZE}</a></p>`
        : "";
      return Promise.resolve(
        `<h1 tabindex="-1">Search</h1>${form}<div id="results" tabindex="-1">${
          section("Long-term memory", searchResultsView(result, text) + more)
        }</div>`,
      );
    },
  },
  {
    path: "/delta/",
    title: "Delta",
    nav: false,
    render({ deps, param }) {
      return Promise.resolve(deltaView(getMipsDelta(deps.store, param)));
    },
  },
  {
    path: "/boots/",
    title: "Boot report",
    nav: false,
    async render({ deps, param }) {
      const report = await readBootReport(deps.config, param);
      return `<h1 tabindex="-1">Boot ${esc(param)}</h1>${bootReportView(report)}`;
    },
  },
];

/**
 * Finds the page of a path.
 *
 * @param pathname The URL path.
 * @returns The page and the path parameter, or `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findPage } from "./pages.ts";
 * assert.equal(findPage("/delta/MB__X")?.param, "MB__X");
 * assert.equal(findPage("/nope"), undefined);
 * ```
 */
export function findPage(pathname: string): { page: Page; param: string } | undefined {
  for (const page of PAGES) {
    if (page.path.endsWith("/") && page.path !== "/" && pathname.startsWith(page.path)) {
      const param = decodeURIComponent(pathname.slice(page.path.length));
      if (param !== "") return { page, param };
    } else if (pathname === page.path) {
      return { page, param: "" };
    }
  }
  return undefined;
}
