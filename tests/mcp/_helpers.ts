/**
 * Shared set-up of the MCP tests: a temp data directory with its config and
 * store, an in-memory client pair, and a probe tool (test-only, registered
 * through the real `registerKitTool`) that reports progress and records
 * whether its abort signal fired.
 *
 * @module
 */
import { z } from "zod";
import { join } from "node:path";
import { type Config, type ConfigInput, loadConfig } from "../../lib/config.ts";
import type { Store } from "../../lib/store/store.ts";
import { registerOperationTool } from "../../mcp/_tool.ts";
import { createContext, type OpContext } from "../../ops/context.ts";
import type { Operation } from "../../ops/operation.ts";
import { type CreatedServer, createServer } from "../../mcp/server.ts";
import { McpServer } from "../../mcp/sdk.ts";
import { Client, InMemoryTransport } from "../_mcp_client.ts";
import { delay } from "../../lib/delay.ts";

/** Repository root. */
export const ROOT: string = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** A temp data directory with config and open store; dispose to remove it. */
export interface TestEnv extends AsyncDisposable {
  /** The temp folder (also the only root besides the data dir). */
  dir: string;
  /** The configuration. */
  config: Config;
  /** The store the server's operations use (the LTM index). */
  store: Store;
  /** The server's context (door `mcp`, the open store). */
  deps: OpContext;
}

/**
 * Creates a temp data directory, its config (roots: the temp folder) and store.
 *
 * @param flags Extra config values.
 * @returns The environment.
 */
export async function testEnv(flags: ConfigInput = {}): Promise<TestEnv> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_mcp_" }));
  const config = await loadConfig({
    env: {},
    cwd: dir,
    flags: { dataDir: join(dir, "data"), roots: [dir], ...flags },
  });
  const deps = createContext(config, { door: "mcp" });
  return {
    dir,
    config,
    store: await deps.store(),
    deps,
    async [Symbol.asyncDispose]() {
      await deps.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** What the probe tool saw. */
export interface ProbeLog {
  /** Calls started. */
  started: number;
  /** Calls whose signal fired. */
  aborted: number;
  /** Calls that ran to the end. */
  completed: number;
  /** Resolves when a call starts waiting (for cancellation tests). */
  waiting: PromiseWithResolvers<void>;
}

/**
 * A server factory that adds the test-only `probe_wait` tool to the real server.
 *
 * @param log Where the probe records what happened.
 * @returns The factory.
 */
export function probeFactory(log: ProbeLog): (deps: OpContext) => CreatedServer {
  const probe = probeOperation(log);
  return (deps) => {
    const created = createServer(deps);
    registerOperationTool(created.server, deps, probe);
    return created;
  };
}

/**
 * A factory of bare servers holding only the probe tool: cheap to build, for
 * tests that open many sessions.
 *
 * @param log Where the probe records what happened.
 * @returns The factory.
 */
export function lightProbeFactory(log: ProbeLog): (deps: OpContext) => CreatedServer {
  const probe = probeOperation(log);
  return (deps) => {
    const server = new McpServer({ name: "probe", version: "1" }, {
      capabilities: { tools: {} },
    });
    registerOperationTool(server, deps, probe);
    return { server, cleanup: () => server.close() };
  };
}

function probeOperation(
  log: ProbeLog,
): Operation<{ steps: number; ms: number }, { completed: number }> {
  return {
    name: "probe_wait",
    title: "Probe: wait in steps",
    description: "Test-only: waits `steps` times `ms`, reporting progress, honouring cancel.",
    hints: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: z.object({
      steps: z.number().int().min(1).describe("Number of steps"),
      ms: z.number().int().min(0).describe("Milliseconds per step"),
    }),
    output: z.object({ completed: z.number().int() }),
    async run(args, { signal, progress }) {
      log.started++;
      for (let i = 0; i < args.steps; i++) {
        try {
          await delay(args.ms, signal);
        } catch (error) {
          log.aborted++;
          throw error;
        }
        progress?.(i + 1, args.steps, `step ${i + 1}`);
        if (i === 0) log.waiting.resolve();
      }
      log.completed++;
      return { completed: args.steps };
    },
    render: (r) => `completed ${r.completed} steps`,
    cli: false,
    mcp: {},
  };
}

/** A fresh probe log. */
export function newProbeLog(): ProbeLog {
  return { started: 0, aborted: 0, completed: 0, waiting: Promise.withResolvers<void>() };
}

/** A connected in-memory client and server; dispose to close both. */
export interface InMemoryPair extends AsyncDisposable {
  /** The SDK client (validates structuredContent against each tool's outputSchema). */
  client: Client;
  /** The server side. */
  created: CreatedServer;
}

/**
 * Connects an SDK client to a server through the in-memory transport pair.
 *
 * @param deps The server's context.
 * @param factory Server factory.
 * @returns The pair.
 */
export async function connectInMemory(
  deps: OpContext,
  factory: (deps: OpContext) => CreatedServer = createServer,
): Promise<InMemoryPair> {
  const created = factory(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await created.server.connect(serverSide);
  const client = new Client({ name: "kit-test", version: "1.0.0" });
  await client.connect(clientSide);
  return {
    client,
    created,
    async [Symbol.asyncDispose]() {
      await client.close();
      await created.cleanup();
    },
  };
}

export { delay };

/** Polls `check` every 20 ms until it is true or `ms` passed (not a timing assertion). */
export async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await delay(20);
  }
  return check();
}

/** A raw HTTP/1.1 answer: status and body text. */
export interface RawAnswer {
  /** HTTP status. */
  status: number;
  /** Body (a chunked body is returned with its chunk framing). */
  body: string;
}

/**
 * Sends one HTTP/1.1 request over TCP with exactly the given headers — `fetch`
 * will not send a foreign `Host`, and DNS-rebinding checks need one.
 *
 * @param url The endpoint.
 * @param headers Every header, `Host` included.
 * @param body The JSON body.
 * @returns Status and body.
 */
export async function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<RawAnswer> {
  const { hostname, port, pathname } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    const bytes = new TextEncoder().encode(body);
    const head = [
      `POST ${pathname} HTTP/1.1`,
      ...Object.entries({ ...headers, "content-length": String(bytes.length), connection: "close" })
        .map(([k, v]) => `${k}: ${v}`),
      "",
      "",
    ].join("\r\n");
    await conn.write(new TextEncoder().encode(head));
    await conn.write(bytes);
    let text = "";
    const buf = new Uint8Array(16384);
    const decoder = new TextDecoder();
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += decoder.decode(buf.subarray(0, n), { stream: true });
      if (/\r\n\r\n/.test(text) && !/text\/event-stream/i.test(text.split("\r\n\r\n")[0]!)) {
        const [headPart, ...rest] = text.split("\r\n\r\n");
        const length = /content-length:\s*(\d+)/i.exec(headPart!)?.[1];
        if (length !== undefined && rest.join("\r\n\r\n").length >= Number(length)) break;
      } else if (/text\/event-stream/i.test(text) && /\n\n/.test(text.split("\r\n\r\n")[1] ?? "")) {
        break;
      }
    }
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
    return { status, body: text.split("\r\n\r\n").slice(1).join("\r\n\r\n") };
  } finally {
    conn.close();
  }
}

/** A raw `initialize` request (protocol 2025-11-25). */
export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  },
} as const;

/** Headers of a raw Streamable HTTP POST. */
export const POST_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
} as const;

/**
 * Opens a session with a raw `initialize` POST.
 *
 * @param url The MCP endpoint.
 * @param fetcher Sends the request (an app's `fetch` to skip the network). @default {fetch}
 * @returns The HTTP status and the session id (null when refused).
 */
export async function openSession(
  url: string,
  fetcher: (request: Request) => Promise<Response> = fetch,
): Promise<{ status: number; id: string | null }> {
  const res = await fetcher(
    new Request(url, { method: "POST", headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) }),
  );
  await res.body?.cancel();
  return { status: res.status, id: res.headers.get("mcp-session-id") };
}
