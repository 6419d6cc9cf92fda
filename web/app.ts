/**
 * The web door: a read-mostly dashboard served by `metablooms serve` beside
 * `/mcp`, behind the same Host/Origin guards (applied by `mcp/http.ts` to
 * every path) and the same bearer token. A page URL answers a shell without
 * data; its script asks for the page's fragment (header
 * `x-metablooms-fragment: 1`), which needs the token when the server has one.
 * State-changing actions are `POST /actions/<name>` with `{"confirm": true}`
 * (and the operation's `input`, e.g. `image_undo`'s object and version),
 * refused with `READ_ONLY` on a read-only server. Every asset is served from
 * the package; responses carry a strict Content-Security-Policy.
 *
 * @module
 */
import { KitError, toKitError } from "../lib/errors.ts";
import { VERSION } from "../lib/version.ts";
import { callContext, type OpContext } from "../ops/context.ts";
import { findOperation } from "../ops/registry.ts";
import { runOperation } from "../ops/run.ts";
import { bearerAuth, bodyLimit, compose, type Handler } from "../mcp/http_guards.ts";
import { PAGE_JS } from "./_assets.ts";
import { findPage, PAGES } from "./pages.ts";
import { shellPage } from "./shell.ts";
import { esc } from "./views/html.ts";
import { STYLE_CSS } from "./views/style.ts";

/** The request header that asks for a page's fragment instead of its shell. */
export const FRAGMENT_HEADER = "x-metablooms-fragment";

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const ASSETS: Record<string, { type: string; body: string }> = {
  "/assets/page.js": { type: "text/javascript; charset=utf-8", body: PAGE_JS },
  "/assets/style.css": { type: "text/css; charset=utf-8", body: STYLE_CSS },
};

/** The state-changing operations a page may ask for, each behind a confirmation. */
const ACTIONS: ReadonlySet<string> = new Set(["promote_slot", "rollback_slot", "image_undo"]);

/**
 * Builds the dashboard's request handler.
 *
 * @param server The server's context (`mcp.token`, `mcp.readOnly`, store, root-confined paths);
 * each request runs in a call context of door `web`.
 * @returns A handler answering `GET` pages, fragments and assets and `POST /actions/<name>`;
 * any other path gets 404.
 *
 * @example The shell of the graph page
 * ```ts
 * import assert from "node:assert/strict";
 * import { createWebApp } from "./app.ts";
 * import { createContext } from "../ops/context.ts";
 * import { loadConfig } from "../lib/config.ts";
 * await using ctx = createContext(await loadConfig({ env: {} }), { door: "mcp" });
 * const web = createWebApp(ctx);
 * const res = await web(new Request("http://127.0.0.1:8787/graph"));
 * assert.equal(res.status, 200);
 * assert((await res.text()).includes("<title>Module graph"));
 * ```
 */
export function createWebApp(server: OpContext): Handler {
  const { token } = server.config.mcp;
  // A fresh signal per request: Deno aborts request.signal once a response is sent.
  const context = () => callContext(server, { signal: new AbortController().signal, door: "web" });
  const guarded = compose(
    [bearerAuth(token)],
    (request) => fragment(context(), request),
  );
  const action = compose(
    [bearerAuth(token), bodyLimit(4096)],
    (request) => runAction(context(), request),
  );
  const nav = PAGES.filter((p) => p.nav).map((p) => ({ href: p.path, label: p.title }));
  return (request) => {
    const { pathname } = new URL(request.url);
    if (request.method === "POST" && pathname.startsWith("/actions/")) return action(request);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return Promise.resolve(html(`<p>Method ${esc(request.method)} not allowed</p>`, 405));
    }
    const asset = ASSETS[pathname];
    if (asset) {
      return Promise.resolve(
        new Response(asset.body, { headers: { ...SECURITY, "content-type": asset.type } }),
      );
    }
    const found = safeFind(pathname);
    if (!found) return Promise.resolve(html(`<h1>Not found</h1><p>${esc(pathname)}</p>`, 404));
    if (request.headers.get(FRAGMENT_HEADER) === "1") return guarded(request);
    const current = found.page.nav ? found.page.path : undefined;
    return Promise.resolve(
      html(shellPage({ title: found.page.title, nav, current, version: VERSION }), 200),
    );
  };
}

const SECURITY = {
  "content-security-policy": CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

function html(body: string, status: number): Response {
  return new Response(body, {
    status,
    headers: { ...SECURITY, "content-type": "text/html; charset=utf-8", vary: FRAGMENT_HEADER },
  });
}

function safeFind(pathname: string) {
  try {
    return findPage(pathname);
  } catch {
    return undefined; // a malformed %-escape
  }
}

async function fragment(ctx: OpContext, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const found = safeFind(url.pathname)!;
  try {
    const body = await found.page.render({
      ctx,
      url,
      param: found.param,
    });
    return html(body, 200);
  } catch (error) {
    return errorFragment(error);
  }
}

/** A kit error as a fragment; anything else is rethrown for the error boundary (500, no details). */
function errorFragment(error: unknown): Response {
  if (!(error instanceof KitError) && !(error instanceof Deno.errors.NotFound)) throw error;
  const e = toKitError(error);
  const status = /NOT_FOUND$/.test(e.code) ? 404 : e.code === "READ_ONLY" ? 403 : 400;
  return html(
    `<div class="error-view" role="alert"><p><strong>${esc(e.code)}</strong>: ${
      esc(e.message)
    }</p></div>`,
    status,
  );
}

async function runAction(ctx: OpContext, request: Request): Promise<Response> {
  const name = new URL(request.url).pathname.slice("/actions/".length);
  const op = ACTIONS.has(name) ? findOperation(name) : undefined;
  try {
    if (!op) throw new KitError("ACTION_NOT_FOUND", `No action named "${name}"`);
    const body = await request.json().catch(() => null) as
      | { confirm?: unknown; input?: unknown }
      | null;
    if (
      !(request.headers.get("content-type") ?? "").startsWith("application/json") ||
      body?.confirm !== true
    ) {
      throw new KitError(
        "CONFIRMATION_REQUIRED",
        `${name} changes state: send {"confirm": true} as application/json to confirm it`,
      );
    }
    // runOperation refuses it with READ_ONLY on a read-only server.
    // The operation's own input schema checks `input` (image_undo: object and version).
    const result = await runOperation(op, body.input ?? {}, ctx);
    return html(`<pre class="callout" role="status">${esc(op.render(result))}</pre>`, 200);
  } catch (error) {
    return errorFragment(error);
  }
}
