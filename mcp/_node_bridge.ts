/**
 * Between `node:http` and web-standard handlers: a Node request becomes a
 * `Request` (its body streamed with back-pressure), and a `Response` is
 * written back to the Node response — its head at once for event streams,
 * its body chunk by chunk, cancelled when the client goes away.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Hooks a caller uses to follow one request. */
export interface BridgeHooks {
  /** Called once, when the request body has been received in full (at once when there is none). */
  onReceived(): void;
}

/**
 * Builds the web `Request` for a Node request.
 *
 * @param req The Node request (headers parsed, body not yet read).
 * @param origin `http://host:port` of the listener, the base of the request URL.
 * @param signal Aborted when the client goes away before the response is done.
 * @param hooks When the body has arrived.
 * @returns The request.
 * @throws {TypeError} When the request target or a header cannot be represented.
 *
 * @example A Node request read as a web request
 * ```ts
 * import assert from "node:assert/strict";
 * import { createServer } from "node:http";
 * import { sendWebResponse, toWebRequest } from "./_node_bridge.ts";
 * const server = createServer(async (req, res) => {
 *   const request = toWebRequest(req, "http://127.0.0.1", new AbortController().signal, {
 *     onReceived: () => {},
 *   });
 *   await sendWebResponse(res, new Response(`${request.method} ${await request.text()}`));
 * });
 * await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
 * const { port } = server.address() as { port: number };
 * const res = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "hi" });
 * assert.equal(await res.text(), "POST hi");
 * await new Promise((resolve) => server.close(resolve));
 * ```
 */
export function toWebRequest(
  req: IncomingMessage,
  origin: string,
  signal: AbortSignal,
  hooks: BridgeHooks,
): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", origin);
  const declared = req.headers["content-length"];
  const hasBody = method !== "GET" && method !== "HEAD" &&
    (req.headers["transfer-encoding"] !== undefined ||
      (declared !== undefined && declared !== "0"));
  if (!hasBody) {
    hooks.onReceived();
    req.resume();
    return new Request(url, { method, headers, signal });
  }
  return new Request(url, { method, headers, signal, body: bodyStream(req, hooks) });
}

function bodyStream(req: IncomingMessage, hooks: BridgeHooks): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (error: Error) => {
        if (open) controller.error(error);
        open = false;
      };
      req.on("data", (chunk: Uint8Array) => {
        if (!open) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => {
        hooks.onReceived();
        if (open) controller.close();
        open = false;
      });
      req.once("error", fail);
      req.once("aborted", () => fail(new Error("The client aborted the request")));
    },
    pull() {
      req.resume();
    },
    cancel() {
      // The handler answered without the rest (e.g. 413): discard it rather than stall.
      open = false;
      req.resume();
    },
  }, { highWaterMark: 4 });
}

/**
 * Writes a web `Response` to a Node response. The head of an event stream is
 * flushed at once (a client waits for it before it reads anything); other
 * heads go out with the first body bytes. Resolves when the body is written
 * or the client has gone.
 *
 * @param res The Node response.
 * @param response The web response.
 * @param close Close the connection after this response (the request body
 * was not read to its end, so the connection cannot carry another request).
 * @returns When done.
 *
 * @example An event stream's head arrives before any event
 * ```ts
 * import assert from "node:assert/strict";
 * import { createServer } from "node:http";
 * import { sendWebResponse } from "./_node_bridge.ts";
 * const events = new ReadableStream({ start() {} }); // no event yet
 * const server = createServer((_req, res) => {
 *   void sendWebResponse(res, new Response(events, { headers: { "content-type": "text/event-stream" } }));
 * });
 * await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
 * const { port } = server.address() as { port: number };
 * const res = await fetch(`http://127.0.0.1:${port}/`);
 * assert.equal(res.headers.get("content-type"), "text/event-stream");
 * await res.body?.cancel();
 * server.closeAllConnections();
 * await new Promise((resolve) => server.close(resolve));
 * ```
 */
export async function sendWebResponse(
  res: ServerResponse,
  response: Response,
  close = false,
): Promise<void> {
  const head: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") head[name] = value;
  });
  if (close) head["connection"] = "close";
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) head["set-cookie"] = cookies;
  res.writeHead(response.status, head);
  if (response.body === null) {
    res.end();
    return;
  }
  if (isEventStream(response)) res.flushHeaders();
  const reader = response.body.getReader();
  const gone = () => void reader.cancel().catch(() => {});
  res.once("close", gone);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await drained(res);
    }
    if (!res.destroyed) res.end();
  } catch {
    res.destroy();
  } finally {
    res.off("close", gone);
  }
}

/**
 * Whether a response is a Server-Sent Events stream.
 *
 * @param response The response.
 * @returns True for `text/event-stream`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isEventStream } from "./_node_bridge.ts";
 * assert(isEventStream(new Response("", { headers: { "content-type": "text/event-stream" } })));
 * ```
 */
export function isEventStream(response: Response): boolean {
  return /^text\/event-stream\b/i.test(response.headers.get("content-type") ?? "");
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}
