import { assert, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import { join } from "node:path";
import { KitError } from "../../lib/errors.ts";
import { buildBundle } from "../../lib/bundle/build.ts";
import { writeGenATree } from "../fixtures/os_tree.ts";
import { serveHttp } from "../../mcp/http.ts";
import {
  Client,
  LoggingMessageNotificationSchema,
  StreamableHTTPClientTransport,
} from "../_mcp_client.ts";
import { eventually, newProbeLog, probeFactory, rawPost, testEnv } from "./_helpers.ts";

const TOKEN = "test-token-0123456789";

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  },
};

const POST_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "kit-http-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }),
  );
  return client;
}

Deno.test("serve answers initialize, tools/list and a tool call over Streamable HTTP", async () => {
  await using env = await testEnv();
  const running = serveHttp(env.deps, { port: 0 });
  try {
    const client = await connect(running.url);
    const { tools } = await client.listTools();
    assert(tools.length > 0, "no tools listed");
    const status = await client.callTool({ name: "boot_status", arguments: {} });
    assertEquals((status.structuredContent as { data_dir?: string }).data_dir, env.config.dataDir);
    const resources = await client.listResources();
    assert(resources.resources.some((r) => r.uri === "metablooms://config"));
    await client.close();
  } finally {
    await running.shutdown();
  }
});

Deno.test("GET /health answers ok with the version and needs no token", async () => {
  await using env = await testEnv({ mcp: { token: TOKEN } });
  const running = serveHttp(env.deps, { port: 0 });
  try {
    const res = await fetch(running.url.replace(/\/mcp$/, "/health"));
    assertEquals(res.status, 200);
    const body = await res.json();
    assertEquals(body.status, "ok");
    assertEquals(body.name, "metablooms");
  } finally {
    await running.shutdown();
  }
});

Deno.test("with a token set, /mcp refuses a missing or wrong bearer token with 401 and accepts the right one", async () => {
  await using env = await testEnv({ mcp: { token: TOKEN } });
  const running = serveHttp(env.deps, { port: 0 });
  try {
    for (const auth of [undefined, "Bearer wrong-token-0123456789", `Basic ${TOKEN}`]) {
      const res = await fetch(running.url, {
        method: "POST",
        headers: { ...POST_HEADERS, ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify(INITIALIZE),
      });
      assertEquals(res.status, 401, `authorization ${auth}`);
      assertMatch(res.headers.get("www-authenticate") ?? "", /^Bearer/);
      assertEquals((await res.json()).error.code, -32001);
    }
    await assertRejects(() => connect(running.url), Error);
    const client = await connect(running.url, { authorization: `Bearer ${TOKEN}` });
    assert((await client.listTools()).tools.length > 0);
    await client.close();
  } finally {
    await running.shutdown();
  }
});

Deno.test("a request with a foreign Host header is refused with 403 (DNS rebinding)", async () => {
  await using env = await testEnv();
  const running = serveHttp(env.deps, { port: 0 });
  try {
    const port = running.address.port;
    const body = JSON.stringify(INITIALIZE);
    const bad = await rawPost(running.url, { ...POST_HEADERS, host: "evil.example.com" }, body);
    assertEquals(bad.status, 403);
    assertMatch(bad.body, /Host header \\"evil\.example\.com\\"/);
    const wrongPort = await rawPost(running.url, { ...POST_HEADERS, host: "127.0.0.1:1" }, body);
    assertEquals(wrongPort.status, 403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const ok = await rawPost(
        running.url,
        { ...POST_HEADERS, host, origin: `http://${host}` },
        body,
      );
      assertEquals(ok.status, 200, host);
    }
  } finally {
    await running.shutdown();
  }
});

Deno.test("mcp.allowedHosts admits an extra Host header value", async () => {
  await using env = await testEnv({ mcp: { allowedHosts: ["mb.internal"] } });
  const running = serveHttp(env.deps, { port: 0 });
  try {
    const body = JSON.stringify(INITIALIZE);
    const ok = await rawPost(running.url, { ...POST_HEADERS, host: "mb.internal:443" }, body);
    assertEquals(ok.status, 200);
  } finally {
    await running.shutdown();
  }
});

Deno.test("a request from a foreign Origin is refused with 403 unless configured in allowedOrigins", async () => {
  await using env = await testEnv({ mcp: { allowedOrigins: ["https://app.example.org"] } });
  const running = serveHttp(env.deps, { port: 0 });
  try {
    const bad = await fetch(running.url, {
      method: "POST",
      headers: { ...POST_HEADERS, origin: "http://evil.example.com" },
      body: JSON.stringify(INITIALIZE),
    });
    assertEquals(bad.status, 403);
    assertMatch((await bad.json()).error.message, /Origin "http:\/\/evil\.example\.com"/);
    const good = await fetch(running.url, {
      method: "POST",
      headers: { ...POST_HEADERS, origin: "https://app.example.org" },
      body: JSON.stringify(INITIALIZE),
    });
    assertEquals(good.status, 200);
    await good.body?.cancel();
  } finally {
    await running.shutdown();
  }
});

Deno.test("a body over mcp.maxBodyBytes is refused with 413, declared or streamed", async () => {
  await using env = await testEnv({ mcp: { maxBodyBytes: 1024 } });
  const running = serveHttp(env.deps, { port: 0 });
  try {
    const big = JSON.stringify({
      ...INITIALIZE,
      params: { ...INITIALIZE.params, pad: "x".repeat(2048) },
    });
    const declared = await fetch(running.url, { method: "POST", headers: POST_HEADERS, body: big });
    assertEquals(declared.status, 413);
    assertEquals((await declared.json()).error.code, -32000);
    const streamed = await fetch(running.url, {
      method: "POST",
      headers: POST_HEADERS,
      body: ReadableStream.from([new TextEncoder().encode(big)]),
    });
    assertEquals(streamed.status, 413);
    await streamed.body?.cancel();
  } finally {
    await running.shutdown();
  }
});

Deno.test("protocol errors are JSON-RPC errors without stack traces", async () => {
  await using env = await testEnv();
  const running = serveHttp(env.deps, { port: 0 });
  try {
    const notJson = await fetch(running.url, {
      method: "POST",
      headers: POST_HEADERS,
      body: "{oops",
    });
    assertEquals(notJson.status, 400);
    const parse = await notJson.json();
    assertEquals(parse.error.code, -32700);
    const noSession = await fetch(running.url, {
      method: "POST",
      headers: POST_HEADERS,
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    assertEquals(noSession.status, 400);
    const unknown = await fetch(running.url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": "no-such-session" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list" }),
    });
    assertEquals(unknown.status, 404);
    for (const text of [JSON.stringify(parse), await noSession.text(), await unknown.text()]) {
      assert(!/at .*\.(ts|js):\d+/.test(text), `stack trace leaked: ${text}`);
    }
  } finally {
    await running.shutdown();
  }
});

Deno.test("a session lives from initialize to DELETE, and an idle session is closed", async () => {
  await using env = await testEnv();
  const running = serveHttp(env.deps, { port: 0, sessionIdleMs: 200 });
  try {
    const transport = new StreamableHTTPClientTransport(new URL(running.url));
    const client = new Client({ name: "kit-http-test", version: "1.0.0" });
    await client.connect(transport);
    const id = transport.sessionId;
    assert(id, "no session id");
    assertEquals(running.app.sessionCount(), 1);
    await transport.terminateSession();
    assertEquals(running.app.sessionCount(), 0);
    const after = await fetch(running.url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "ping" }),
    });
    assertEquals(after.status, 404);
    await after.body?.cancel();
    await client.close();

    const idle = await connect(running.url);
    assertEquals(running.app.sessionCount(), 1);
    assert(await eventually(() => running.app.sessionCount() === 0), "idle session not closed");
    await idle.close();
  } finally {
    await running.shutdown();
  }
});

Deno.test("a long tool streams progress notifications over SSE and a cancel aborts it", async () => {
  await using env = await testEnv();
  const log = newProbeLog();
  const running = serveHttp(env.deps, { port: 0, createServer: probeFactory(log) });
  try {
    const client = await connect(running.url);
    const seen: number[] = [];
    const result = await client.callTool(
      { name: "probe_wait", arguments: { steps: 3, ms: 120 } },
      undefined,
      {
        onprogress: (p) => seen.push(p.progress),
      },
    );
    assertEquals(result.structuredContent, { completed: 3 });
    assert(seen.length >= 2, `progress notifications: ${seen}`);
    assertEquals(seen.at(-1), 3);

    const controller = new AbortController();
    const call = client.callTool(
      { name: "probe_wait", arguments: { steps: 100, ms: 100 } },
      undefined,
      {
        signal: controller.signal,
      },
    );
    await log.waiting.promise;
    controller.abort("user cancelled");
    await assertRejects(() => call, Error);
    assert(await eventually(() => log.aborted === 1), "the tool's signal did not fire");
    assertEquals(log.completed, 1);
    await client.close();
  } finally {
    await running.shutdown();
  }
});

Deno.test("logging/setLevel controls which tool log messages a client receives", async () => {
  await using env = await testEnv();
  const running = serveHttp(env.deps, { port: 0, createServer: probeFactory(newProbeLog()) });
  try {
    const client = await connect(running.url);
    const messages: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      messages.push(`${n.params.level}:${n.params.logger}`);
    });
    await client.callTool({ name: "probe_wait", arguments: { steps: 1, ms: 0 } });
    assertEquals(messages.length, 0, `got ${messages}`);
    await client.setLoggingLevel("debug");
    await client.callTool({ name: "probe_wait", arguments: { steps: 1, ms: 0 } });
    assert(await eventually(() => messages.includes("debug:probe_wait")), `got ${messages}`);
    await client.close();
  } finally {
    await running.shutdown();
  }
});

Deno.test("serveHttp refuses to bind beyond loopback without a token", async () => {
  await using env = await testEnv();
  const error = await assertRejects(
    () => Promise.resolve().then(() => serveHttp(env.deps, { hostname: "0.0.0.0", port: 0 })),
    KitError,
  );
  assertEquals((error as KitError).code, "MCP_TOKEN_REQUIRED");
});

Deno.test("a new session beyond maxSessions is refused with 503", async () => {
  await using env = await testEnv();
  const running = serveHttp(env.deps, { port: 0, maxSessions: 1 });
  try {
    const first = await fetch(running.url, {
      method: "POST",
      headers: POST_HEADERS,
      body: JSON.stringify(INITIALIZE),
    });
    assertEquals(first.status, 200);
    await first.body?.cancel();
    const second = await fetch(running.url, {
      method: "POST",
      headers: POST_HEADERS,
      body: JSON.stringify(INITIALIZE),
    });
    assertEquals(second.status, 503);
    assertEquals((await second.json()).error.code, -32000);
  } finally {
    await running.shutdown();
  }
});

Deno.test("boot_image streams its progress notifications to an HTTP client", async () => {
  await using env = await testEnv();
  await writeGenATree(join(env.dir, "tree"));
  const built = await buildBundle(join(env.dir, "tree"), { version: "v1.0.0", output: env.dir });
  const running = serveHttp(env.deps, { port: 0 });
  try {
    const client = await connect(running.url);
    const notes: Array<[number, number | undefined]> = [];
    const result = await client.callTool(
      { name: "boot_image", arguments: { path: built.bundle_path } },
      undefined,
      { onprogress: (p) => notes.push([p.progress, p.total]) },
    );
    assertEquals((result.structuredContent as { signal?: string }).signal, "BOOT_OK");
    assert(notes.length >= 1, "no progress notification");
    const last = notes.at(-1)!;
    assertEquals(last[0], last[1]);
    await client.close();
  } finally {
    await running.shutdown();
  }
});
