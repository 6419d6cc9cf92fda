import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { serveHttp } from "../../mcp/http.ts";
import { Client, StreamableHTTPClientTransport } from "../_mcp_client.ts";
import {
  delay,
  newProbeLog,
  openSession,
  POST_HEADERS,
  probeFactory,
  testEnv,
} from "./_helpers.ts";
import { runScriptWithDeadline, startServerChild } from "./_child.ts";

const encoder = new TextEncoder();

/** Connects to the server's port. */
function connect(url: string): Promise<Deno.TcpConn> {
  return Deno.connect({ hostname: "127.0.0.1", port: Number(new URL(url).port) });
}

/** Reads until the server closes the connection; returns what it sent. */
async function readAll(conn: Deno.Conn): Promise<string> {
  const decoder = new TextDecoder();
  const buf = new Uint8Array(4096);
  let text = "";
  for (;;) {
    const n = await conn.read(buf).catch(() => null);
    if (n === null) return text;
    text += decoder.decode(buf.subarray(0, n), { stream: true });
  }
}

/** Reads until `pattern` has been seen or the server closes. */
async function readUntil(conn: Deno.Conn, pattern: RegExp): Promise<string> {
  const decoder = new TextDecoder();
  const buf = new Uint8Array(4096);
  let text = "";
  while (!pattern.test(text)) {
    const n = await conn.read(buf).catch(() => null);
    if (n === null) break;
    text += decoder.decode(buf.subarray(0, n), { stream: true });
  }
  return text;
}

/** A client that connects, calls a tool and closes, as a user would. */
async function normalClient(url: string): Promise<unknown> {
  const client = new Client({ name: "normal", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    const result = await client.callTool({ name: "boot_status", arguments: {} });
    return result.isError ? result.content : "ok";
  } finally {
    await client.close();
  }
}

/**
 * Opens `count` connections that each send `opening` and then `trickle` (if
 * any) every `everyMs`, never finishing; keeps at most `window` open at once,
 * waiting for the server to close older ones.
 */
async function flood(
  url: string,
  count: number,
  window: number,
  opening: string,
  during: () => void,
): Promise<{ closedByServer: Promise<void>[] }> {
  const open = new Set<Deno.TcpConn>();
  const freed: Array<() => void> = [];
  const closedByServer: Promise<void>[] = [];
  let next = 0;
  // Eight openers at once, sharing the count and the window.
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < count) {
      const i = next++;
      if (i === Math.floor(count / 2)) during();
      while (open.size >= window) await new Promise<void>((resolve) => freed.push(resolve));
      const conn = await connect(url);
      open.add(conn);
      conn.write(encoder.encode(opening)).catch(() => {});
      closedByServer.push(
        readAll(conn).then(() => {
          open.delete(conn);
          conn.close();
          freed.shift()?.();
        }),
      );
    }
  }));
  return { closedByServer };
}

Deno.test("5,000 connections that never finish their headers neither stop nor block serve (ulimit -n 256)", async () => {
  await using server = await startServerChild(256, { headersTimeoutMs: 1000 });
  assertEquals(server.maxConnections, 64, "a quarter of 256 file descriptors");
  let during: Promise<unknown> = Promise.resolve();
  const { closedByServer } = await flood(
    server.url,
    5000,
    server.maxConnections + 32,
    "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    // Caught at once: a failure shows as the assertion below, not as an uncaught rejection.
    () => during = normalClient(server.url).catch((error: Error) => error.message),
  );
  assertEquals(await during, "ok", "a normal client was not served during the flood");
  await Promise.all(closedByServer); // the header deadline closes what eviction left open
  assertEquals(await normalClient(server.url), "ok");
  assertEquals(server.exited(), undefined, "serve exited");
});

Deno.test("300 clients sending one body byte at a time are cut off and do not block serve (ulimit -n 256)", async () => {
  await using server = await startServerChild(256, { requestTimeoutMs: 1500 });
  const head = `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${new URL(server.url).port}\r\n` +
    "content-type: application/json\r\ncontent-length: 1000\r\n\r\n{";
  const answers: Promise<string>[] = [];
  const trickles: ReturnType<typeof setInterval>[] = [];
  for (let i = 0; i < 300; i++) {
    const conn = await connect(server.url);
    await conn.write(encoder.encode(head)).catch(() => {});
    trickles.push(setInterval(() => conn.write(encoder.encode(" ")).catch(() => {}), 250));
    answers.push(readAll(conn).finally(() => conn.close()));
  }
  try {
    assertEquals(await normalClient(server.url), "ok");
    const texts = await Promise.all(answers);
    assert(texts.some((t) => t.startsWith("HTTP/1.1 408")), "no request deadline answered 408");
    assertEquals(server.exited(), undefined, "serve exited");
    assertEquals(await normalClient(server.url), "ok");
  } finally {
    trickles.forEach(clearInterval);
  }
});

Deno.test("a connection that sends no headers, or idles after a request, is closed at its deadline", async () => {
  await using env = await testEnv();
  const running = await serveHttp(env.deps, {
    port: 0,
    headersTimeoutMs: 200,
    keepAliveTimeoutMs: 200,
  });
  try {
    const silent = await connect(running.url);
    await silent.write(encoder.encode("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    assertMatch(await readAll(silent), /^HTTP\/1\.1 408/);
    silent.close();

    const idle = await connect(running.url);
    await idle.write(
      encoder.encode(
        `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${new URL(running.url).port}\r\n\r\n`,
      ),
    );
    const text = await readAll(idle);
    assertMatch(text, /^HTTP\/1\.1 200/, "the request was answered");
    idle.close();
    assertEquals(running.listener.connectionCount(), 0);
  } finally {
    await running.shutdown();
  }
});

Deno.test("a new connection beyond maxConnections while every one is busy is answered 503", async () => {
  await using env = await testEnv();
  const log = newProbeLog();
  const running = await serveHttp(env.deps, {
    port: 0,
    maxConnections: 2,
    createServer: probeFactory(log),
  });
  try {
    // Opened through the app itself, so no idle pooled connection takes a place.
    const id = (await openSession(running.url, running.app.fetch)).id!;
    // Two tool calls hold both connections until they finish.
    const calls = [1, 2].map((n) =>
      fetch(running.url, {
        method: "POST",
        headers: { ...POST_HEADERS, "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: n + 1,
          method: "tools/call",
          params: { name: "probe_wait", arguments: { steps: 10, ms: 100 } },
        }),
      }).then((res) => res.text())
    );
    while (log.started < 2) await delay(20);
    const third = await connect(running.url);
    const answer = await readAll(third);
    third.close();
    assertMatch(answer, /^HTTP\/1\.1 503 /);
    assertMatch(answer, /"code":-32000/);
    for (const text of await Promise.all(calls)) assertMatch(text, /"completed":10/);
    const health = await fetch(running.url.replace(/\/mcp$/, "/health"));
    assertEquals(health.status, 200);
    await health.body?.cancel();
  } finally {
    await running.shutdown();
  }
});

Deno.test("the standalone SSE stream (GET /mcp) sends its response head at once", async () => {
  await using env = await testEnv();
  const running = await serveHttp(env.deps, { port: 0, standaloneStreamMs: 60_000 });
  try {
    const id = (await openSession(running.url)).id!;
    const conn = await connect(running.url);
    await conn.write(encoder.encode(
      `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:${
        new URL(running.url).port
      }\r\naccept: text/event-stream\r\n` +
        `mcp-session-id: ${id}\r\nmcp-protocol-version: 2025-11-25\r\n\r\n`,
    ));
    // No event is due for 15 s (the keep-alive): only an early head ends this read.
    const head = await Promise.race([readUntil(conn, /\r\n\r\n/), delay(5_000).then(() => "")]);
    conn.close();
    assertMatch(head, /^HTTP\/1\.1 200/);
    assertMatch(head, /content-type: text\/event-stream/i);
  } finally {
    await running.shutdown();
  }
});

Deno.test("the official SDK client over HTTP exits by itself after close()", async () => {
  await using env = await testEnv();
  const running = await serveHttp(env.deps, { port: 0, standaloneStreamMs: 1_000 });
  try {
    const run = await runScriptWithDeadline(
      "tests/mcp/_closing_client.ts",
      [running.url],
      20_000,
      ["--v8-flags=--expose-gc"],
    );
    assertEquals(run.stdout.trim().split("\n"), ['{"is_error":false}', "closed"]);
    assertEquals(run.code, 0, "the client process had to be killed: it did not exit after close()");
  } finally {
    await running.shutdown();
  }
});
