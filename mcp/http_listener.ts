/**
 * The listening socket of `metablooms serve`: a web-standard handler served
 * through `node:http`, because `Deno.serve` offers no header, body or idle
 * timeouts and dies with "Too many open files" when idle connections pile up.
 *
 * Every connection has a deadline for its headers, one for its whole request
 * (headers and body) and one for idling between requests; a connection that
 * misses one is answered 408 and closed. At most `maxConnections` are open at
 * once and at most `backlog` wait to be accepted (by default a quarter and an
 * eighth of the process's file-descriptor limit: connections alone never
 * exhaust it, even while a burst is accepted and evicted connections are
 * still closing — Deno's `node:net` stops accepting for good after one
 * "Too many open files"). A new connection beyond the cap takes the place of
 * the one that has waited longest without sending a whole request (headers
 * or body still due), else of the oldest standalone event stream (`GET` SSE,
 * which clients reopen), else of the longest-idle keep-alive connection;
 * when every connection is busy answering, it is answered 503 and closed.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { KitError } from "../lib/errors.ts";
import type { Handler } from "./http_guards.ts";
import { isEventStream, sendWebResponse, toWebRequest } from "./_node_bridge.ts";
import { jsonRpcError } from "./http_guards.ts";

/** Deadlines and caps of {@linkcode listenHttp}. */
export interface ListenLimits {
  /** A connection must send its request headers within this time. @default {10_000} */
  headersTimeoutMs?: number;
  /** …and its whole request, body included, within this time. @default {30_000} */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this time. @default {5_000} */
  keepAliveTimeoutMs?: number;
  /** Most connections open at once. @default {a quarter of the file-descriptor limit, 16 to 1024} */
  maxConnections?: number;
  /** Most connections waiting to be accepted. @default {an eighth of the file-descriptor limit, 8 to 511} */
  backlog?: number;
}

/** Options of {@linkcode listenHttp}. */
export interface ListenOptions extends ListenLimits {
  /** Listen address. */
  hostname: string;
  /** Listen port; 0 picks a free one. */
  port: number;
  /** Writes one operator line (stderr). @default {no output} */
  log?: (line: string) => void;
}

/** A listening server. */
export interface HttpListener {
  /** The bound port. */
  port: number;
  /** The connection cap in force. */
  maxConnections: number;
  /** Connections open now. */
  connectionCount(): number;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
  /** Stops accepting, closes every connection, resolves when stopped. */
  shutdown(): Promise<void>;
}

interface Connection {
  /** Requests fully received and not yet fully answered. */
  busy: number;
  /** Requests whose answer is a standalone event stream. */
  streams: number;
  /** Requests answered in full: a client that completed one is a real client. */
  served: number;
  /** When the connection last started waiting on its client. */
  since: number;
}

/**
 * Serves `handler` on `hostname:port` with timeouts and a connection cap.
 *
 * @param handler The web-standard handler (gets the peer address as `client`).
 * @param options Address, deadlines, cap, log.
 * @returns The running listener, once bound.
 * @throws {KitError} `MCP_ADDRESS_IN_USE` (exit 2) when the port is taken;
 * `MCP_LISTEN_FAILED` (exit 2) when the address cannot be bound.
 *
 * @example Serve, answer, stop
 * ```ts
 * import assert from "node:assert/strict";
 * import { listenHttp } from "./http_listener.ts";
 * const listener = await listenHttp(
 *   () => Promise.resolve(new Response("hi")),
 *   { hostname: "127.0.0.1", port: 0 },
 * );
 * const res = await fetch(`http://127.0.0.1:${listener.port}/`);
 * assert.equal(await res.text(), "hi");
 * await listener.shutdown();
 * ```
 */
export async function listenHttp(handler: Handler, options: ListenOptions): Promise<HttpListener> {
  const log = options.log ?? (() => {});
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout);
  const fds = await openFileLimit();
  const maxConnections = options.maxConnections ?? clamp(Math.floor(fds / 4), 16, 1024);
  const backlog = options.backlog ?? clamp(Math.floor(fds / 8), 8, 511);
  const connections = new Map<Socket, Connection>();

  const server = createServer({
    headersTimeout,
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, headersTimeout / 4)),
  });
  let origin = "";

  server.on("connection", (socket: Socket) => {
    if (connections.size >= maxConnections && !evictOne(connections)) {
      refuse(socket, maxConnections);
      return;
    }
    socket.setNoDelay(true);
    connections.set(socket, { busy: 0, streams: 0, served: 0, since: Date.now() });
    socket.once("close", () => connections.delete(socket));
  });

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const conn = connections.get(req.socket);
    let received = false;
    let stream = false;
    let closed = false;
    const aborter = new AbortController();
    res.once("close", () => {
      closed = true;
      if (!res.writableFinished) aborter.abort(new DOMException("Client gone", "AbortError"));
      if (conn && received) {
        conn.busy--;
        if (stream) conn.streams--;
        if (res.writableFinished) conn.served++;
        conn.since = Date.now();
      }
    });
    void answer(req, res, aborter.signal, {
      onReceived: () => {
        if (closed || received) return;
        received = true;
        if (conn) conn.busy++;
      },
    }, (response) => {
      if (conn && received && !closed && req.method === "GET" && isEventStream(response)) {
        stream = true;
        conn.streams++;
      }
      return !received;
    });
  });

  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    signal: AbortSignal,
    hooks: { onReceived(): void },
    onResponse: (response: Response) => boolean,
  ) => {
    let response: Response;
    try {
      const request = toWebRequest(req, origin, signal, hooks);
      response = await handler(request, { remoteAddress: req.socket.remoteAddress ?? "" });
    } catch (error) {
      log(`mcp http: cannot answer ${req.method} ${req.url}: ${message(error)}`);
      response = jsonRpcError(400, -32600, "Bad Request: the request cannot be read");
    }
    const close = onResponse(response);
    try {
      await sendWebResponse(res, response, close);
    } catch (error) {
      log(`mcp http: cannot send the answer to ${req.method} ${req.url}: ${message(error)}`);
      res.destroy();
    }
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const inUse = error.code === "EADDRINUSE";
      reject(
        new KitError(
          inUse ? "MCP_ADDRESS_IN_USE" : "MCP_LISTEN_FAILED",
          `Cannot listen on ${options.hostname}:${options.port}: ${
            inUse ? "in use" : error.message
          }`,
          { exitCode: 2, cause: error, details: { host: options.hostname, port: options.port } },
        ),
      );
    };
    server.once("error", onError);
    server.listen({ port: options.port, host: options.hostname, backlog }, () => {
      server.off("error", onError);
      resolve();
    });
  });
  server.on("error", (error: Error) => log(`mcp http: server error: ${error.message}`));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  origin = `http://${
    options.hostname.includes(":") ? `[${options.hostname}]` : options.hostname
  }:${port}`;

  const finished = new Promise<void>((resolve) => server.once("close", () => resolve()));
  let stopping: Promise<void> | undefined;
  return {
    port,
    maxConnections,
    connectionCount: () => connections.size,
    finished,
    shutdown: () =>
      stopping ??= (async () => {
        server.close();
        server.closeAllConnections();
        for (const socket of connections.keys()) socket.destroy();
        await finished;
      })(),
  };
}

/**
 * Closes the connection that matters least, oldest first within each kind:
 * one that has not yet sent a whole request (headers or body still due),
 * then a standalone event stream (its client reopens it), then an idle
 * keep-alive connection of a client that was served before (pooled by a real
 * client, which would see its next request fail).
 */
function evictOne(connections: Map<Socket, Connection>): boolean {
  const best: Array<[Socket, Connection] | undefined> = [undefined, undefined, undefined];
  for (const entry of connections) {
    const c = entry[1];
    const kind = c.busy === 0 ? (c.served === 0 ? 0 : 2) : c.busy === c.streams ? 1 : -1;
    if (kind < 0) continue;
    const held = best[kind];
    if (!held || c.since < held[1].since) best[kind] = entry;
  }
  const victim = best[0] ?? best[1] ?? best[2];
  if (!victim) return false;
  connections.delete(victim[0]);
  victim[0].destroy();
  return true;
}

function refuse(socket: Socket, cap: number): void {
  const body = JSON.stringify({
    jsonrpc: "2.0",
    error: { code: -32000, message: `Service Unavailable: ${cap} connections are busy` },
    id: null,
  });
  socket.on("error", () => {});
  socket.write(
    `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nretry-after: 1\r\nconnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

/** The soft limit on open files (Linux `/proc/self/limits`); 4096 where it cannot be read. */
async function openFileLimit(): Promise<number> {
  const limits = await Deno.readTextFile("/proc/self/limits").catch(() => "");
  const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? NaN);
  return Number.isFinite(soft) ? soft : 4096;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
