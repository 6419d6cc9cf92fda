import { assert, assertEquals } from "../_assert.ts";
import { createMcpHttpApp, serveHttp } from "../../mcp/http.ts";
import { Client, StreamableHTTPClientTransport } from "../_mcp_client.ts";
import {
  INITIALIZE,
  lightProbeFactory,
  newProbeLog,
  openSession,
  POST_HEADERS,
  probeFactory,
  testEnv,
} from "./_helpers.ts";

/** Sends a ping in a session; returns the HTTP status. */
async function ping(
  fetcher: (request: Request) => Promise<Response>,
  url: string,
  id: string,
): Promise<number> {
  const res = await fetcher(
    new Request(url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" }),
    }),
  );
  await res.body?.cancel();
  return res.status;
}

Deno.test("after 1,000 idle sessions a new client still initializes and calls a tool", async () => {
  await using env = await testEnv();
  const running = await serveHttp(env.deps, {
    port: 0,
    createServer: lightProbeFactory(newProbeLog()),
  });
  try {
    // The flood goes straight to the app the listener serves, as the same loopback peer.
    const loopback = (request: Request) =>
      running.app.fetch(request, { remoteAddress: "127.0.0.1" });
    const statuses: number[] = [];
    await Promise.all([0, 1, 2, 3].map(async () => {
      for (let i = 0; i < 250; i++) {
        statuses.push((await openSession(running.url, loopback)).status);
      }
    }));
    assertEquals(statuses.filter((s) => s !== 200), [], "every initialize is answered 200");
    assertEquals(statuses.length, 1000);
    assert(running.app.sessionCount() <= 100, `${running.app.sessionCount()} sessions kept`);
    const client = new Client({ name: "late", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url)));
    const result = await client.callTool({ name: "probe_wait", arguments: { steps: 1, ms: 0 } });
    assertEquals(result.structuredContent, { completed: 1 });
    await client.close();
  } finally {
    await running.shutdown();
  }
});

Deno.test("a new session beyond maxSessions closes the least recently used one", async () => {
  await using env = await testEnv();
  const app = createMcpHttpApp(env.deps, { hostname: "127.0.0.1", port: 8787 }, {
    createServer: lightProbeFactory(newProbeLog()),
    maxSessions: 2,
  });
  const url = "http://127.0.0.1:8787/mcp";
  try {
    const a = (await openSession(url, app.fetch)).id!;
    const b = (await openSession(url, app.fetch)).id!;
    assertEquals(await ping(app.fetch, url, a), 200);
    const c = await openSession(url, app.fetch);
    assertEquals(c.status, 200);
    assertEquals(await ping(app.fetch, url, b), 404, "the least recently used session stays");
    assertEquals(await ping(app.fetch, url, a), 200);
    assertEquals(await ping(app.fetch, url, c.id!), 200);
    assertEquals(app.sessionCount(), 2);
  } finally {
    await app.close();
  }
});

Deno.test("one peer address beyond maxSessionsPerClient loses its own oldest session, not others'", async () => {
  await using env = await testEnv();
  const app = createMcpHttpApp(env.deps, { hostname: "0.0.0.0", port: 8787 }, {
    createServer: lightProbeFactory(newProbeLog()),
    maxSessions: 10,
    maxSessionsPerClient: 2,
  });
  const url = "http://127.0.0.1:8787/mcp";
  const from = (remoteAddress: string) => (request: Request) =>
    app.fetch(request, { remoteAddress });
  try {
    const victim = (await openSession(url, from("10.0.0.1"))).id!;
    const flood: string[] = [];
    for (let i = 0; i < 5; i++) flood.push((await openSession(url, from("10.0.0.2"))).id!);
    assertEquals(await ping(from("10.0.0.1"), url, victim), 200);
    assertEquals(await ping(from("10.0.0.2"), url, flood[0]!), 404);
    assertEquals(await ping(from("10.0.0.2"), url, flood[4]!), 200);
    assertEquals(app.sessionCount(), 3);
  } finally {
    await app.close();
  }
});

Deno.test("when every session has a request in flight, a new session is refused with 503", async () => {
  await using env = await testEnv();
  const log = newProbeLog();
  const running = await serveHttp(env.deps, {
    port: 0,
    createServer: probeFactory(log),
    maxSessions: 1,
  });
  try {
    const client = new Client({ name: "busy", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url)));
    const call = client.callTool({ name: "probe_wait", arguments: { steps: 20, ms: 50 } });
    await log.waiting.promise;
    const refused = await fetch(running.url, {
      method: "POST",
      headers: POST_HEADERS,
      body: JSON.stringify(INITIALIZE),
    });
    assertEquals(refused.status, 503);
    assertEquals((await refused.json()).error.code, -32000);
    assertEquals((await call).structuredContent, { completed: 20 });
    assertEquals((await openSession(running.url)).status, 200);
    await client.close();
  } finally {
    await running.shutdown();
  }
});

Deno.test("an empty JSON-RPC batch is answered with one Invalid Request error and 400", async () => {
  await using env = await testEnv();
  const app = createMcpHttpApp(env.deps, { hostname: "127.0.0.1", port: 8787 });
  try {
    const res = await app.fetch(
      new Request("http://127.0.0.1:8787/mcp", {
        method: "POST",
        headers: POST_HEADERS,
        body: "[]",
      }),
    );
    assertEquals(res.status, 400);
    assertEquals(await res.json(), {
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "Invalid Request" },
    });
  } finally {
    await app.close();
  }
});
