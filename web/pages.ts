/**
 * The dashboard's pages: for each, its path, title and how its fragment is
 * made — by running operations of the registry (the same ones the CLI
 * commands and the MCP tools are), then one of the pure views of `views/`.
 *
 * @module
 */
import { z } from "zod";
import { findOperation } from "../ops/registry.ts";
import type { AnyOperation } from "../ops/operation.ts";
import { runOperation } from "../ops/run.ts";
import type { OpContext } from "../ops/context.ts";
import type { BootHistory, BootReport, BootStatus } from "../schemas/boot.ts";
import type { Verdict } from "../schemas/bundle.ts";
import type { MipsDelta, MipsGraph, MipsQueryResult } from "../schemas/ltm.ts";
import type { ImageHistory, ImageObjectList, ImageObjectView } from "../schemas/image.ts";
import { diffStates } from "../lib/image/history.ts";
import { bootHistoryView, bootReportView, bootStatusView } from "./views/boot.ts";
import { verdictView } from "./views/bundle.ts";
import { graphView } from "./views/graph.ts";
import { esc, section } from "./views/html.ts";
import { deltaView, searchResultsView } from "./views/ltm.ts";
import { diffView, historyView, objectListView, objectView } from "./views/image.ts";
import { memoryHitsView } from "./views/memory.ts";
import { auditView } from "./views/audit.ts";
import { auditChartSvg } from "../lib/audit/chart_svg.ts";
import type { AuditReport } from "../schemas/audit.ts";
import type { SearchMemoryResult } from "../schemas/catalog.ts";

/** What a page's fragment is made from. */
export interface PageContext {
  /** The web door's context of this request (configuration, store, root-confined paths). */
  ctx: OpContext;
  /** The requested URL (query parameters). */
  url: URL;
  /** The path's last segment for `/delta/<id>`, `/boots/<id>` and `/objects/<oid>`. */
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
  render(page: PageContext): Promise<string>;
}

const PAGE_SIZE = 20;

/** One filter of an operation's input, as a form field. */
export interface FormFilter {
  /** The input field. */
  name: string;
  /** The values an enum field takes (a `<select>`); absent for a text field. */
  options?: readonly string[];
  /** The field's description (the form field's hint). */
  description?: string | undefined;
}

/**
 * The filters an operation's input offers — its text and enum fields
 * (`search_memory`: cycle, persona, event type, outcome, source, time, kind,
 * match) — read from its input schema, so the form offers what the operation does.
 *
 * @param op The operation.
 * @param skip Fields the page fills itself.
 * @returns One form field per filter, in the schema's order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findOperation } from "../ops/registry.ts";
 * import { formFilters } from "./pages.ts";
 * const filters = formFilters(findOperation("verify_ledger")!, ["path"]);
 * assert.deepEqual(filters.map((f) => [f.name, f.options]), [["kind", ["event", "ingest"]]]);
 * ```
 */
export function formFilters(op: AnyOperation, skip: readonly string[]): FormFilter[] {
  if (!(op.input instanceof z.ZodObject)) return [];
  const out: FormFilter[] = [];
  for (const [name, field] of Object.entries(op.input.shape as Record<string, z.ZodType>)) {
    if (skip.includes(name)) continue;
    const inner = field instanceof z.ZodOptional ? field.unwrap() as z.ZodType : field;
    if (inner instanceof z.ZodEnum) {
      out.push({ name, options: inner.options.map(String), description: field.description });
    } else if (inner instanceof z.ZodString) out.push({ name, description: field.description });
  }
  return out;
}

/** The memory half of the search page: its form, and one page of hits when asked. */
async function memorySearch(ctx: OpContext, url: URL): Promise<string> {
  const title = `<h2>Memory</h2>`;
  const op = findOperation("search_memory")!;
  const text = url.searchParams.get("mq") ?? "";
  const page = Math.max(1, Number(url.searchParams.get("mpage")) || 1);
  const input: Record<string, unknown> = { text, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const fields = formFilters(op, ["text", "limit", "offset"]).map((f) => {
    const value = url.searchParams.get(f.name) ?? "";
    const label = esc(f.name.replaceAll("_", " "));
    const hint = f.description ? ` title="${esc(f.description)}"` : "";
    if (f.options) {
      if (f.options.includes(value)) input[f.name] = value;
      return `<label${hint}>${label} <select name="${
        esc(f.name)
      }"><option value="">(default)</option>${
        f.options.map((o) => `<option${o === value ? " selected" : ""}>${esc(o)}</option>`).join("")
      }</select></label>`;
    }
    if (value !== "") input[f.name] = value;
    return `<label${hint}>${label} <input type="text" name="${esc(f.name)}" value="${
      esc(value)
    }"></label>`;
  });
  const form =
    `<form class="inline" action="/search" data-fragment role="search" aria-label="Search the memory"><label>Search the memory <input type="search" name="mq" value="${
      esc(text)
    }"></label>${fields.join("")}<button type="submit">Search memory</button></form>`;
  if (text === "") return `${title}${form}<div id="memory-results" tabindex="-1"></div>`;
  const result = await run<SearchMemoryResult>(ctx, "search_memory", input);
  const next = new URLSearchParams(url.searchParams);
  next.set("mpage", String(page + 1));
  const more = result.has_more
    ? `<p><a href="/search?${esc(next.toString())}">Next ${PAGE_SIZE}</a></p>`
    : "";
  return `${title}${form}<div id="memory-results" tabindex="-1">${
    memoryHitsView(result)
  }${more}</div>`;
}

/** A positive whole number from a query parameter, or `undefined`. */
function positive(value: string | null): number | undefined {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Runs an operation of the registry by name, as every door does. */
function run<R>(ctx: OpContext, name: string, input: Record<string, unknown>): Promise<R> {
  const op = findOperation(name);
  if (!op) throw new TypeError(`No operation named ${name}`);
  return runOperation(op, input, ctx) as Promise<R>;
}

/** Every page, in navigation order. */
export const PAGES: readonly Page[] = [
  {
    path: "/",
    title: "Slots and boots",
    nav: true,
    async render({ ctx }) {
      const [status, history] = await Promise.all([
        run<BootStatus>(ctx, "boot_status", {}),
        run<BootHistory>(ctx, "boot_history", { limit: 50 }),
      ]);
      const active = status.slots.ACTIVE;
      const report = active
        ? await run<BootReport>(ctx, "get_boot_report", { boot_id: active.boot_id })
          .catch(() => undefined)
        : undefined;
      return `<h1 tabindex="-1">Slots and boots</h1>${
        bootStatusView(status, { readOnly: ctx.config.mcp.readOnly })
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
    async render({ ctx, url }) {
      const path = url.searchParams.get("path") ?? "";
      const status = await run<BootStatus>(ctx, "boot_status", {});
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
        result = verdictView(await run<Verdict>(ctx, "validate_bundle", { path }));
      }
      return `<h1 tabindex="-1">Bundle validation</h1>${form}<div id="results" tabindex="-1">${result}</div>`;
    },
  },
  {
    path: "/graph",
    title: "Module graph",
    nav: true,
    async render({ ctx, url }) {
      const focus = url.searchParams.get("focus") || undefined;
      const graph = await run<MipsGraph>(ctx, "ltm_graph", {});
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
    async render({ ctx, url }) {
      const text = url.searchParams.get("q") ?? "";
      const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
      const form =
        `<form class="inline" action="/search" data-fragment role="search" aria-label="Search the long-term memory"><label>Search the long-term memory <input type="search" name="q" value="${
          esc(text)
        }"></label><button type="submit">Search</button></form>`;
      let ltm = "";
      if (text !== "") {
        const result = await run<MipsQueryResult>(ctx, "query_mips_index", {
          text,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        });
        const more = result.offset + result.results.length < result.total
          ? `<p><a href="/search?q=${encodeURIComponent(text)}&amp;page=${
            page + 1
          }">Next ${PAGE_SIZE}</a></p>`
          : "";
        ltm = searchResultsView(result, text) + more;
      }
      return `<h1 tabindex="-1">Search</h1><div class="search-columns"><div><h2>Long-term memory</h2>${form}<div id="results" tabindex="-1">${ltm}</div></div><div>${await memorySearch(
        ctx,
        url,
      )}</div></div>`;
    },
  },
  {
    path: "/objects",
    title: "Living image",
    nav: true,
    async render({ ctx, url }) {
      const prefix = url.searchParams.get("prefix") ?? "";
      const list = await run<ImageObjectList>(ctx, "image_objects", prefix ? { prefix } : {});
      return `<h1 tabindex="-1">Living image</h1><form class="inline" action="/objects" data-fragment role="search" aria-label="Filter the objects"><label>Objects whose id starts with <input type="search" name="prefix" value="${
        esc(prefix)
      }"></label><button type="submit">Filter</button></form><div id="results" tabindex="-1">${
        objectListView(list)
      }</div>`;
    },
  },
  {
    path: "/objects/",
    title: "Living-image object",
    nav: false,
    async render({ ctx, url, param }) {
      const version = positive(url.searchParams.get("version"));
      const from = positive(url.searchParams.get("from"));
      const to = positive(url.searchParams.get("to"));
      const [history, shown] = await Promise.all([
        run<ImageHistory>(ctx, "image_history", { object: param }),
        run<ImageObjectView>(ctx, "image_get", { object: param, version }),
      ]);
      const current = history.versions.at(-1)?.version ?? shown.version;
      const options = { current, readOnly: ctx.config.mcp.readOnly };
      let diff = "";
      if (from !== undefined) {
        // Two image_get results, compared by the image's own diff.
        const [older, newer] = await Promise.all([
          run<ImageObjectView>(ctx, "image_get", { object: param, version: from }),
          run<ImageObjectView>(ctx, "image_get", { object: param, version: to ?? current }),
        ]);
        diff = section(
          `Diff: version ${older.version} → ${newer.version}`,
          diffView(diffStates(param, older, newer)),
        );
      }
      return `<p><a href="/objects">All objects</a></p>${
        objectView(shown, { ...options, lead: `<div id="results" tabindex="-1">${diff}</div>` })
      }${section("Version history", historyView(history, options))}`;
    },
  },
  {
    path: "/audit",
    title: "Audit",
    nav: true,
    async render({ ctx }) {
      const report = await run<AuditReport>(ctx, "audit_report", {});
      return `<h1 tabindex="-1">Audit</h1>${auditView(report, auditChartSvg(report))}`;
    },
  },
  {
    path: "/delta/",
    title: "Delta",
    nav: false,
    async render({ ctx, param }) {
      return deltaView(await run<MipsDelta>(ctx, "get_mips_delta", { id: param }));
    },
  },
  {
    path: "/boots/",
    title: "Boot report",
    nav: false,
    async render({ ctx, param }) {
      const report = await run<BootReport>(ctx, "get_boot_report", { boot_id: param });
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
