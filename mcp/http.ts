/**
 * The Streamable HTTP transport on `Deno.serve`: `POST/GET/DELETE /mcp` with
 * one server and transport per session (closed on `DELETE` or after an idle
 * time), SSE responses so long tools stream progress, `GET /health`, the web
 * dashboard (`web/app.ts`) on every other path, and the guards of
 * `http_guards.ts` in front (Host/Origin, bearer token, body size).
 * Binding anywhere but loopback requires a token.
 *
 * @module
 */
import { KitError } from "../lib/errors.ts";
import type { OpContext } from "../ops/context.ts";
import {
  bearerAuth,
  bodyLimit,
  compose,
  errorBoundary,
  type Handler,
  hostGuard,
  isLoopback,
  jsonRpcError,
  originGuard,
} from "./http_guards.ts";
import { type CreatedServer, createServer } from "./server.ts";
import { isInitializeRequest, WebStandardStreamableHTTPServerTransport } from "./sdk.ts";
import { VERSION } from "../lib/version.ts";
import { createWebApp } from "../web/app.ts";

/** Options of {@linkcode createMcpHttpApp} and {@linkcode serveHttp}. */
export interface McpHttpOptions {
  /** Builds the server of each new session. @default {createServer} */
  createServer?: (deps: OpContext) => CreatedServer;
  /** A session with no request for this long is closed. @default {1_800_000} (30 min) */
  sessionIdleMs?: number;
  /** Most sessions open at once; a new one beyond gets 503. @default {1000} */
  maxSessions?: number;
  /** Writes one operator line (stderr); never sent to clients. @default {no output} */
  log?: (line: string) => void;
}

/** The HTTP application: a fetch handler and its sessions. */
export interface McpHttpApp {
  /** Answers one HTTP request. */
  fetch: Handler;
  /** Number of open sessions. */
  sessionCount(): number;
  /** Closes every session and stops the idle sweeper. */
  close(): Promise<void>;
}

/** Where the app is reachable, for the Host/Origin allow-lists. */
export interface BoundAddress {
  /** The listen hostname (`127.0.0.1`, `0.0.0.0`, …). */
  hostname: string;
  /** The actual port. */
  port: number;
}

interface Session {
  created: CreatedServer;
  transport: WebStandardStreamableHTTPServerTransport;
  lastSeen: number;
}

/**
 * Builds the guarded HTTP application for a bound address, without listening.
 *
 * @param deps Shared server dependencies (config.mcp gives token, limits, allow-lists).
 * @param bound The address the app is served on.
 * @param options Server factory, idle timeout, log.
 * @returns The app.
 *
 * @example Health check
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMcpHttpApp } from "./http.ts";
 * import { createContext } from "../ops/context.ts";
 * import { loadConfig } from "../lib/config.ts";
 * const app = createMcpHttpApp(createContext(await loadConfig({ env: {} }), { door: "mcp" }), { hostname: "127.0.0.1", port: 8787 });
 * const res = await app.fetch(new Request("http://127.0.0.1:8787/health"));
 * assert((await res.json()).status === "ok");
 * await app.close();
 * ```
 */
export function createMcpHttpApp(
  deps: OpContext,
  bound: BoundAddress,
  options: McpHttpOptions = {},
): McpHttpApp {
  const { mcp } = deps.config;
  const log = options.log ?? (() => {});
  const factory = options.createServer ?? createServer;
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const maxSessions = options.maxSessions ?? 1000;
  const sessions = new Map<string, Session>();
  // The dashboard answers every other path, behind the same Host/Origin guards and token.
  const web = createWebApp(deps);

  const hosts = ["localhost", "127.0.0.1", "[::1]"].map((h) => `${h}:${bound.port}`);
  if (!isWildcard(bound.hostname)) hosts.push(`${bracket(bound.hostname)}:${bound.port}`);
  const origins = hosts.flatMap((h) => [`http://${h}`, `https://${h}`]);

  const closeSession = async (id: string) => {
    const session = sessions.get(id);
    sessions.delete(id);
    await session?.created.cleanup().catch(() => {});
  };

  const handleMcp: Handler = async (request) => {
    const id = request.headers.get("mcp-session-id");
    const body = request.method === "POST" ? await readJson(request) : undefined;
    if (body instanceof Response) return body;
    if (id !== null) {
      const session = sessions.get(id);
      if (!session) return jsonRpcError(404, -32001, "Session not found");
      session.lastSeen = Date.now();
      return await session.transport.handleRequest(request, { parsedBody: body });
    }
    const initialize = Array.isArray(body)
      ? body.some((m) => isInitializeRequest(m))
      : isInitializeRequest(body);
    if (!initialize) {
      return jsonRpcError(400, -32000, "Bad Request: no valid session ID provided");
    }
    if (sessions.size >= maxSessions) {
      return jsonRpcError(503, -32000, `Service Unavailable: ${maxSessions} sessions are open`);
    }
    const created = factory(deps);
    const transport: WebStandardStreamableHTTPServerTransport =
      new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, { created, transport, lastSeen: Date.now() });
        },
        maxRequestBodySize: mcp.maxBodyBytes,
      });
    transport.onerror = (error) => log(`mcp http: session error: ${error.message}`);
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
      void created.cleanup().catch(() => {});
    };
    await created.server.connect(transport);
    const response = await transport.handleRequest(request, { parsedBody: body });
    if (transport.sessionId === undefined) await created.cleanup().catch(() => {});
    return response;
  };

  const route: Handler = (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/health" && request.method === "GET") {
      return Promise.resolve(
        Response.json({ status: "ok", name: "metablooms", version: VERSION }),
      );
    }
    if (pathname === "/mcp") {
      return compose([bearerAuth(mcp.token), bodyLimit(mcp.maxBodyBytes)], handleMcp)(request);
    }
    return web(request);
  };

  const fetch = compose([
    errorBoundary(log),
    hostGuard([...hosts, ...mcp.allowedHosts]),
    originGuard([...origins, ...mcp.allowedOrigins]),
  ], route);

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [id, session] of sessions) {
      if (now - session.lastSeen > idleMs) {
        log(`mcp http: closing idle session ${id}`);
        void closeSession(id);
      }
    }
  }, Math.max(10, Math.min(idleMs / 2, 60_000)));
  Deno.unrefTimer(sweeper);

  return {
    fetch,
    sessionCount: () => sessions.size,
    close: async () => {
      clearInterval(sweeper);
      await Promise.all([...sessions.keys()].map(closeSession));
    },
  };
}

/** A listening HTTP server. */
export interface RunningHttpServer {
  /** The MCP endpoint (`http://127.0.0.1:8787/mcp`). */
  url: string;
  /** The bound address. */
  address: BoundAddress;
  /** The application (sessions). */
  app: McpHttpApp;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
  /** Closes every session, then stops listening. */
  shutdown(): Promise<void>;
}

/** Options of {@linkcode serveHttp}. */
export interface ServeHttpOptions extends McpHttpOptions {
  /** Listen address. @default {config.mcp.host} */
  hostname?: string;
  /** Listen port; 0 picks a free one. @default {config.mcp.port} */
  port?: number;
  /** Stops the server when aborted. */
  signal?: AbortSignal;
}

/**
 * Listens for MCP over Streamable HTTP.
 *
 * @param deps Shared server dependencies.
 * @param options Address, signal, server factory, idle timeout, log.
 * @returns The running server.
 * @throws {KitError} `MCP_TOKEN_REQUIRED` when binding beyond loopback without `mcp.token`;
 * `MCP_ADDRESS_IN_USE` when the port is taken.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serveHttp } from "./http.ts";
 * import { createContext } from "../ops/context.ts";
 * import { loadConfig } from "../lib/config.ts";
 * const running = serveHttp(createContext(await loadConfig({ env: {} }), { door: "mcp" }), { port: 0 });
 * const res = await fetch(running.url.replace("/mcp", "/health"));
 * assert(res.ok);
 * await res.body?.cancel();
 * await running.shutdown();
 * ```
 */
export function serveHttp(deps: OpContext, options: ServeHttpOptions = {}): RunningHttpServer {
  const hostname = options.hostname ?? deps.config.mcp.host;
  const port = options.port ?? deps.config.mcp.port;
  assertSafeBind({ ...deps.config.mcp, host: hostname, port });
  // The app needs the bound port (for the Host/Origin allow-lists), known only once listening.
  const app = Promise.withResolvers<McpHttpApp>();
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve(
      { hostname, port, onListen: () => {} },
      async (request) => (await app.promise).fetch(request),
    );
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new KitError("MCP_ADDRESS_IN_USE", `Cannot listen on ${hostname}:${port}: in use`, {
        exitCode: 2,
        cause: error,
        details: { host: hostname, port },
      });
    }
    throw error;
  }
  const address = { hostname, port: server.addr.port };
  const running = createMcpHttpApp(deps, address, options);
  app.resolve(running);
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    stopping ??= (async () => {
      await running.close();
      await server.shutdown();
    })();
  options.signal?.addEventListener("abort", () => void shutdown(), { once: true });
  if (options.signal?.aborted) void shutdown();
  return {
    url: `http://${bracket(displayHost(hostname))}:${address.port}/mcp`,
    address,
    app: running,
    finished: server.finished,
    shutdown,
  };
}

/**
 * Refuses a listen address beyond loopback when no token is configured.
 *
 * @param mcp The MCP settings (`host`, `port`, `token`).
 * @throws {KitError} `MCP_TOKEN_REQUIRED` (exit code 2).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertSafeBind } from "./http.ts";
 * assertSafeBind({ host: "127.0.0.1", port: 8787 });
 * try {
 *   assertSafeBind({ host: "0.0.0.0", port: 8787 });
 * } catch (e) {
 *   assert((e as { code: string }).code === "MCP_TOKEN_REQUIRED");
 * }
 * ```
 */
export function assertSafeBind(
  mcp: { host: string; port: number; token?: string | undefined },
): void {
  if (isLoopback(mcp.host) || mcp.token !== undefined) return;
  throw new KitError(
    "MCP_TOKEN_REQUIRED",
    `Refusing to listen on ${mcp.host}:${mcp.port} without a token: anyone on the network could call the tools. Set mcp.token (or MB_TOKEN), or bind to 127.0.0.1`,
    { exitCode: 2, details: { host: mcp.host, port: mcp.port } },
  );
}

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return jsonRpcError(400, -32700, "Parse error: the request body is not valid JSON");
  }
}

function isWildcard(hostname: string): boolean {
  return hostname === "0.0.0.0" || hostname === "::" || hostname === "[::]";
}

function displayHost(hostname: string): string {
  return isWildcard(hostname) ? "127.0.0.1" : hostname;
}

function bracket(hostname: string): string {
  return hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;
}
