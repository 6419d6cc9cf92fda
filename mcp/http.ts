/**
 * The Streamable HTTP transport: `POST/GET/DELETE /mcp` with one server and
 * transport per session, SSE responses so long tools stream progress,
 * `GET /health`, the web dashboard (`web/app.ts`) on every other path, and the
 * guards of `http_guards.ts` in front (Host/Origin, bearer token, body size).
 * Sessions close on `DELETE`, after an idle time,
 * or — least recently used first — to make room for a new one (see
 * `_sessions.ts`). Served by `http_listener.ts`, which times out half-sent and
 * idle connections and caps them. Binding anywhere but loopback requires a token.
 *
 * With a shared database (`MB_DATABASE_URL`) the server is stateless: no
 * sessions, a fresh server per `POST /mcp` (the SDK's stateless Streamable
 * HTTP mode), so replicas behind a load balancer answer any request alike —
 * everything a tool reads or writes is in the database (or the shared data
 * directory), never in the process. Progress still streams in the POST's
 * response; `GET`/`DELETE /mcp` answer 405, as there is no session to stream to
 * or end.
 *
 * @module
 */
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
import { type HttpListener, listenHttp, type ListenLimits } from "./http_listener.ts";
import { type CreatedServer, createServer } from "./server.ts";
import { isInitializeRequest, WebStandardStreamableHTTPServerTransport } from "./sdk.ts";
import { isEventStream } from "./_node_bridge.ts";
import { type SessionEntry, SessionTable } from "./_sessions.ts";
import { KitError } from "../lib/errors.ts";
import { VERSION } from "../lib/version.ts";
import { createWebApp } from "../web/app.ts";

/** Options of {@linkcode createMcpHttpApp} and {@linkcode serveHttp}. */
export interface McpHttpOptions {
  /** Builds the server of each new session. @default {createServer} */
  createServer?: (deps: OpContext) => CreatedServer;
  /** A session with no request for this long is closed. @default {1_800_000} (30 min) */
  sessionIdleMs?: number;
  /**
   * Most sessions open at once; a new one beyond closes the least recently
   * used idle session, or gets 503 when every session has a request in flight.
   * @default {1000}
   */
  maxSessions?: number;
  /** Most sessions one peer address holds, evicted the same way. @default {100} */
  maxSessionsPerClient?: number;
  /**
   * A standalone event stream (`GET /mcp`) is ended after this long; clients
   * reopen it (the spec lets a server close it at any time).
   * @default {5_000}
   */
  standaloneStreamMs?: number;
  /** Writes one operator line (stderr); never sent to clients. @default {no output} */
  log?: (line: string) => void;
  /**
   * No sessions: each `POST /mcp` gets a fresh server, so any replica answers any request.
   * @default {true when config.databaseUrl is set (replicas share the database), else false}
   */
  stateless?: boolean;
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

interface Session extends SessionEntry {
  created: CreatedServer;
  transport: WebStandardStreamableHTTPServerTransport;
}

/**
 * Builds the guarded HTTP application for a bound address, without listening.
 *
 * @param deps Shared server dependencies (config.mcp gives token, limits, allow-lists).
 * @param bound The address the app is served on.
 * @param options Server factory, idle timeout, session caps, log.
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
  const streamMs = options.standaloneStreamMs ?? 5_000;
  const sessions = new SessionTable<Session>({
    maxSessions: options.maxSessions ?? 1000,
    maxSessionsPerClient: options.maxSessionsPerClient ?? 100,
  });
  // The dashboard answers every other path, behind the same Host/Origin guards and token.
  const web = createWebApp(deps);

  const hosts = ["localhost", "127.0.0.1", "[::1]"].map((h) => `${h}:${bound.port}`);
  if (!isWildcard(bound.hostname)) hosts.push(`${bracket(bound.hostname)}:${bound.port}`);
  const origins = hosts.flatMap((h) => [`http://${h}`, `https://${h}`]);

  const stateless = options.stateless ?? deps.config.databaseUrl !== undefined;
  const perRequest = new Set<CreatedServer>();

  const handleStateless: Handler = async (request) => {
    if (request.method !== "POST") {
      return jsonRpcError(
        405,
        -32000,
        "Method Not Allowed: this server keeps no sessions (shared database); POST each request",
        { allow: "POST" },
      );
    }
    const body = await readJson(request);
    if (body instanceof Response) return body;
    if (Array.isArray(body) && body.length === 0) {
      return jsonRpcError(400, -32600, "Invalid Request");
    }
    const created = factory(deps);
    perRequest.add(created);
    const done = () => {
      perRequest.delete(created);
      void created.cleanup().catch(() => {});
    };
    // No sessionIdGenerator: the SDK's stateless mode (no session id issued or checked).
    const transport = new WebStandardStreamableHTTPServerTransport({
      maxRequestBodySize: mcp.maxBodyBytes,
    });
    transport.onerror = (error) => log(`mcp http: request error: ${error.message}`);
    try {
      await created.server.connect(transport);
      const response = await transport.handleRequest(request, { parsedBody: body });
      if (!isEventStream(response)) {
        done();
        return response;
      }
      return watchStream(response, { onEnd: done });
    } catch (error) {
      done();
      throw error;
    }
  };

  const closeSession = async (session: Session | undefined) => {
    await session?.created.cleanup().catch(() => {});
  };

  const handleMcp: Handler = async (request, client) => {
    const id = request.headers.get("mcp-session-id");
    const body = request.method === "POST" ? await readJson(request) : undefined;
    if (body instanceof Response) return body;
    if (Array.isArray(body) && body.length === 0) {
      // JSON-RPC 2.0: an empty batch is one Invalid Request error, not a batch of none.
      return jsonRpcError(400, -32600, "Invalid Request");
    }
    if (id !== null) {
      const session = sessions.touch(id);
      if (!session) return jsonRpcError(404, -32001, "Session not found");
      const response = await session.transport.handleRequest(request, { parsedBody: body });
      if (request.method === "GET") {
        // The standalone stream is ended after a while and the client reopens it: a client
        // whose close() failed to abort its read (Deno's fetch loses the abort once the
        // Response is garbage-collected) then sees the end and exits.
        return watchStream(response, { onEnd: () => {}, maxMs: streamMs });
      }
      if (request.method !== "POST" || !isEventStream(response)) return response;
      session.inflight++;
      return watchStream(response, { onEnd: () => session.inflight-- });
    }
    const initialize = Array.isArray(body)
      ? body.some((m) => isInitializeRequest(m))
      : isInitializeRequest(body);
    if (!initialize) {
      return jsonRpcError(400, -32000, "Bad Request: no valid session ID provided");
    }
    const peer = client?.remoteAddress ?? "";
    const evicted = sessions.makeRoom(peer);
    if (evicted === undefined) {
      return jsonRpcError(
        503,
        -32000,
        "Service Unavailable: every session has a request in flight",
        { "retry-after": "1" },
      );
    }
    for (const [evictedId, session] of evicted) {
      log(`mcp http: closing least recently used session ${evictedId} to make room`);
      void closeSession(session);
    }
    const created = factory(deps);
    const transport: WebStandardStreamableHTTPServerTransport =
      new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        onsessioninitialized: (sessionId) => {
          // Concurrent openings may all have found room: trim back to the caps (oldest first).
          for (const [evictedId, session] of sessions.makeRoom(peer) ?? []) {
            log(`mcp http: closing least recently used session ${evictedId} to make room`);
            void closeSession(session);
          }
          sessions.set(sessionId, {
            created,
            transport,
            client: peer,
            lastSeen: Date.now(),
            inflight: 0,
          });
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

  const route: Handler = (request, client) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/health" && request.method === "GET") {
      return Promise.resolve(
        Response.json({ status: "ok", name: "metablooms", version: VERSION }),
      );
    }
    if (pathname === "/mcp") {
      const handler = stateless ? handleStateless : handleMcp;
      return compose([bearerAuth(mcp.token), bodyLimit(mcp.maxBodyBytes)], handler)(
        request,
        client,
      );
    }
    return web(request);
  };

  const fetch = compose([
    errorBoundary(log),
    hostGuard([...hosts, ...mcp.allowedHosts]),
    originGuard([...origins, ...mcp.allowedOrigins]),
  ], route);

  const sweeper = setInterval(() => {
    for (const id of sessions.idleSince(Date.now(), idleMs)) {
      log(`mcp http: closing idle session ${id}`);
      void closeSession(sessions.delete(id));
    }
  }, Math.max(10, Math.min(idleMs / 2, 60_000)));
  Deno.unrefTimer(sweeper);

  return {
    fetch,
    sessionCount: () => sessions.size,
    close: async () => {
      clearInterval(sweeper);
      await Promise.all(sessions.ids().map((id) => closeSession(sessions.delete(id))));
      await Promise.all([...perRequest].map((c) => c.cleanup().catch(() => {})));
      perRequest.clear();
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
  /** The listener (connections). */
  listener: HttpListener;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
  /** Closes every session, then stops listening. */
  shutdown(): Promise<void>;
}

/** Options of {@linkcode serveHttp}. */
export interface ServeHttpOptions extends McpHttpOptions, ListenLimits {
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
 * @param options Address, signal, server factory, session and connection limits, log.
 * @returns The running server, once listening.
 * @throws {KitError} `MCP_TOKEN_REQUIRED` when binding beyond loopback without `mcp.token`;
 * `MCP_ADDRESS_IN_USE` when the port is taken.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serveHttp } from "./http.ts";
 * import { createContext } from "../ops/context.ts";
 * import { loadConfig } from "../lib/config.ts";
 * const running = await serveHttp(createContext(await loadConfig({ env: {} }), { door: "mcp" }), { port: 0 });
 * const res = await fetch(running.url.replace("/mcp", "/health"));
 * assert(res.ok);
 * await res.body?.cancel();
 * await running.shutdown();
 * ```
 */
export async function serveHttp(
  deps: OpContext,
  options: ServeHttpOptions = {},
): Promise<RunningHttpServer> {
  const hostname = options.hostname ?? deps.config.mcp.host;
  const port = options.port ?? deps.config.mcp.port;
  assertSafeBind({ ...deps.config.mcp, host: hostname, port });
  // The app needs the bound port (for the Host/Origin allow-lists), known only once listening.
  const ready = Promise.withResolvers<McpHttpApp>();
  const listener = await listenHttp(
    async (request, client) => (await ready.promise).fetch(request, client),
    { ...options, hostname, port },
  );
  const address = { hostname, port: listener.port };
  const app = createMcpHttpApp(deps, address, options);
  ready.resolve(app);
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    stopping ??= (async () => {
      await app.close();
      await listener.shutdown();
    })();
  options.signal?.addEventListener("abort", () => void shutdown(), { once: true });
  if (options.signal?.aborted) void shutdown();
  return {
    url: `http://${bracket(displayHost(hostname))}:${address.port}/mcp`,
    address,
    app,
    listener,
    finished: listener.finished,
    shutdown,
  };
}

/** What {@linkcode watchStream} does with a streamed answer. */
interface StreamWatch {
  /** Called once when the stream ends, fails or is cancelled by the client. */
  onEnd(): void;
  /** Ends the stream cleanly after this long. @default {no limit} */
  maxMs?: number;
}

/**
 * Passes an event-stream answer through, telling when it ends, and ending it
 * after `maxMs`; other answers pass untouched.
 */
function watchStream(response: Response, watch: StreamWatch): Response {
  if (response.body === null || !isEventStream(response)) return response;
  const reader = response.body.getReader();
  let ended = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const end = () => {
    if (!ended) watch.onEnd();
    ended = true;
    clearTimeout(timer);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (watch.maxMs === undefined) return;
      timer = setTimeout(() => {
        if (ended) return;
        end();
        controller.close();
        void reader.cancel().catch(() => {});
      }, watch.maxMs);
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (ended) return;
        if (done) {
          end();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        if (ended) return;
        end();
        controller.error(error);
      }
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
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
