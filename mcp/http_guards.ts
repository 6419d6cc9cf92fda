/**
 * Small, composable guards for the MCP HTTP endpoint, as web-standard
 * `Request → Response` middleware (the shape Hono uses): DNS-rebinding
 * protection (Host and Origin), a bearer token compared in constant time,
 * a request-size limit, and an error boundary that never sends a stack trace.
 * Every refusal is a JSON-RPC error body with the right HTTP status.
 *
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** Who sent a request, as the listener saw the connection. */
export interface ClientInfo {
  /** The peer's IP address (`127.0.0.1`, `::1`, …). */
  remoteAddress: string;
}

/** Answers a request; `client` is the peer, when the listener knows it. */
export type Handler = (request: Request, client?: ClientInfo) => Promise<Response>;

/** Answers a request itself, or passes it (possibly replaced) to `next`. */
export type Middleware = (
  request: Request,
  next: (request: Request) => Promise<Response>,
  client?: ClientInfo,
) => Promise<Response>;

/**
 * Chains middleware in front of a handler; the first runs first.
 *
 * @param middleware The guards, outermost first.
 * @param handler The handler they protect.
 * @returns One handler.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compose, hostGuard } from "./http_guards.ts";
 * const app = compose([hostGuard(["localhost:8787"])], () => Promise.resolve(new Response("ok")));
 * const res = await app(new Request("http://evil.example/mcp"));
 * assert(res.status === 403);
 * ```
 */
export function compose(middleware: readonly Middleware[], handler: Handler): Handler {
  return middleware.reduceRight<Handler>(
    (next, m) => (request, client) => m(request, (r) => next(r, client), client),
    handler,
  );
}

/**
 * A JSON-RPC error response (`id: null`, as the request may not have been read).
 *
 * @param status HTTP status.
 * @param code JSON-RPC error code.
 * @param message Human message; never a stack trace or a secret.
 * @param headers Extra response headers.
 * @returns The response.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonRpcError } from "./http_guards.ts";
 * const res = jsonRpcError(403, -32000, "Forbidden");
 * assert(res.status === 403 && (await res.json()).error.code === -32000);
 * ```
 */
export function jsonRpcError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, {
    status,
    headers,
  });
}

/**
 * Whether a listen address only accepts connections from this machine.
 *
 * @param host A hostname or IP address.
 * @returns True for `localhost`, `127.0.0.0/8` and `::1`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLoopback } from "./http_guards.ts";
 * assert(isLoopback("127.0.0.1") && isLoopback("[::1]") && !isLoopback("0.0.0.0"));
 * ```
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Refuses requests whose `Host` header is not allowed (DNS-rebinding
 * protection) with 403. An allowed value with a port must match exactly; one
 * without a port matches that hostname on any port.
 *
 * @param allowed Allowed `host[:port]` values (case-insensitive).
 * @returns The middleware.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostGuard } from "./http_guards.ts";
 * const guard = hostGuard(["127.0.0.1:8787"]);
 * const ok = () => Promise.resolve(new Response("ok"));
 * assert((await guard(new Request("http://127.0.0.1:8787/mcp"), ok)).status === 200);
 * ```
 */
export function hostGuard(allowed: Iterable<string>): Middleware {
  const exact = new Set<string>();
  const anyPort = new Set<string>();
  for (const value of allowed) {
    const parsed = parseHost(value);
    if (!parsed) continue;
    if (parsed.port === "") anyPort.add(parsed.hostname);
    else exact.add(`${parsed.hostname}:${parsed.port}`);
  }
  return (request, next) => {
    const header = request.headers.get("host") ?? new URL(request.url).host;
    const parsed = parseHost(header);
    const ok = parsed !== undefined &&
      (exact.has(`${parsed.hostname}:${parsed.port}`) || anyPort.has(parsed.hostname));
    return ok ? next(request) : Promise.resolve(
      jsonRpcError(403, -32000, `Forbidden: Host header ${JSON.stringify(header)} is not allowed`),
    );
  };
}

/**
 * Refuses requests carrying an `Origin` header that is not allowed, with 403.
 * Requests without `Origin` (every non-browser client) pass.
 *
 * @param allowed Allowed origins (`http://localhost:8787`), compared case-insensitively.
 * @returns The middleware.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { originGuard } from "./http_guards.ts";
 * const guard = originGuard(["http://localhost:8787"]);
 * const req = new Request("http://localhost:8787/mcp", { headers: { origin: "http://evil.example" } });
 * assert((await guard(req, () => Promise.resolve(new Response()))).status === 403);
 * ```
 */
export function originGuard(allowed: Iterable<string>): Middleware {
  const set = new Set([...allowed].map((o) => o.toLowerCase().replace(/\/+$/, "")));
  return (request, next) => {
    const origin = request.headers.get("origin");
    if (origin === null || set.has(origin.toLowerCase())) return next(request);
    return Promise.resolve(
      jsonRpcError(403, -32000, `Forbidden: Origin ${JSON.stringify(origin)} is not allowed`),
    );
  };
}

/**
 * Requires `Authorization: Bearer <token>` when a token is set (401 otherwise),
 * comparing SHA-256 digests in constant time so neither the token's content
 * nor its length leaks through timing.
 *
 * @param token The expected token; `undefined` lets every request through.
 * @returns The middleware.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bearerAuth } from "./http_guards.ts";
 * const guard = bearerAuth("0123456789abcdef");
 * const res = await guard(new Request("http://localhost/mcp"), () => Promise.resolve(new Response()));
 * assert(res.status === 401);
 * ```
 */
export function bearerAuth(token: string | undefined): Middleware {
  if (token === undefined) return (request, next) => next(request);
  const expected = digest(token);
  return (request, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
    if (match && timingSafeEqual(digest(match[1]!), expected)) return next(request);
    return Promise.resolve(
      jsonRpcError(401, -32001, "Unauthorized: a valid bearer token is required", {
        "www-authenticate": 'Bearer realm="metablooms"',
      }),
    );
  };
}

/**
 * Refuses request bodies larger than `maxBytes` with 413, whether announced
 * by `Content-Length` or seen while reading; passes on a request whose body
 * has been read into memory.
 *
 * @param maxBytes The largest accepted body.
 * @returns The middleware.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bodyLimit } from "./http_guards.ts";
 * const guard = bodyLimit(4);
 * const req = new Request("http://localhost/mcp", { method: "POST", body: "12345" });
 * assert((await guard(req, () => Promise.resolve(new Response()))).status === 413);
 * ```
 */
export function bodyLimit(maxBytes: number): Middleware {
  const tooLarge = () =>
    jsonRpcError(413, -32000, `Payload Too Large: the request body exceeds ${maxBytes} bytes`);
  return async (request, next) => {
    if (request.body === null) return next(request);
    const declared = Number(request.headers.get("content-length") ?? NaN);
    if (declared > maxBytes) {
      await request.body.cancel().catch(() => {});
      return tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return tooLarge();
      }
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return next(
      new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body,
      }),
    );
  };
}

/**
 * Turns anything thrown further in into a 500 JSON-RPC error with a fixed
 * message; the real message goes to `log` only (never to the client).
 *
 * @param log Where the operator sees the failure (stderr).
 * @returns The middleware.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorBoundary } from "./http_guards.ts";
 * const res = await errorBoundary(() => {})(new Request("http://x/"), () => Promise.reject(new Error("secret")));
 * assert(res.status === 500 && !(await res.text()).includes("secret"));
 * ```
 */
export function errorBoundary(log: (line: string) => void): Middleware {
  return async (request, next) => {
    try {
      return await next(request);
    } catch (error) {
      log(
        `mcp http: ${request.method} ${new URL(request.url).pathname} failed: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
      return jsonRpcError(500, -32603, "Internal server error");
    }
  };
}

function digest(value: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(value).digest());
}

function parseHost(value: string): { hostname: string; port: string } | undefined {
  if (value === "" || /[\s/@?#]/.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    return { hostname: url.hostname.toLowerCase(), port: url.port };
  } catch {
    return undefined;
  }
}
