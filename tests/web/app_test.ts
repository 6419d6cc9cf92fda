import { join } from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { createMcpHttpApp } from "../../mcp/http.ts";
import { FRAGMENT_HEADER } from "../../web/app.ts";
import { renderWebAssets } from "../../scripts/gen_web_assets.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";
import { Image } from "../../lib/image/image.ts";

const TOKEN = "web-test-token-0123456789";
const BASE = "http://127.0.0.1:8787";
const bound = { hostname: "127.0.0.1", port: 8787 };

function get(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, { headers });
}

Deno.test("a page answers its shell without the token, and its fragment only with the token", async () => {
  await using env = await testEnv({ mcp: { token: TOKEN } });
  const app = createMcpHttpApp(env.deps, bound);
  try {
    const shell = await app.fetch(get("/graph"));
    assertEquals(shell.status, 200);
    const html = await shell.text();
    assert(
      html.includes("<title>Module graph · MetaBlooms</title>") && !html.includes("data-count"),
    );
    assert(shell.headers.get("content-security-policy")!.includes("script-src 'self'"));
    const denied = await app.fetch(get("/graph", { [FRAGMENT_HEADER]: "1" }));
    assertEquals(denied.status, 401);
    await denied.body?.cancel();
    const ok = await app.fetch(
      get("/graph", { [FRAGMENT_HEADER]: "1", authorization: `Bearer ${TOKEN}` }),
    );
    assertEquals(ok.status, 200);
    assert((await ok.text()).includes('data-count="nodes">0<'));
    const js = await app.fetch(get("/assets/page.js"));
    assertEquals(js.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert((await js.text()).includes("sessionStorage"));
  } finally {
    await app.close();
  }
});

Deno.test("the dashboard refuses a foreign Host or Origin like /mcp does, and 404s unknown paths", async () => {
  await using env = await testEnv();
  const app = createMcpHttpApp(env.deps, bound);
  try {
    const host = await app.fetch(
      new Request("http://evil.example/", { headers: { host: "evil.example" } }),
    );
    assertEquals(host.status, 403);
    await host.body?.cancel();
    const origin = await app.fetch(get("/", { origin: "http://evil.example" }));
    assertEquals(origin.status, 403);
    await origin.body?.cancel();
    const missing = await app.fetch(get("/no/such/page"));
    assertEquals(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("fragments show the kit's error code: a path outside the roots, an unknown delta", async () => {
  await using env = await testEnv();
  const app = createMcpHttpApp(env.deps, bound);
  try {
    const outside = await app.fetch(
      get(`/bundles?path=${encodeURIComponent("/etc/passwd")}`, { [FRAGMENT_HEADER]: "1" }),
    );
    assertEquals(outside.status, 400);
    assert((await outside.text()).includes("PATH_OUTSIDE_ROOTS"));
    const delta = await app.fetch(get("/delta/NO_SUCH_MODULE", { [FRAGMENT_HEADER]: "1" }));
    assertEquals(delta.status, 404);
    assert((await delta.text()).includes("MIPS_NOT_FOUND"));
  } finally {
    await app.close();
  }
});

Deno.test("actions need {confirm: true} as JSON and are refused with READ_ONLY on a read-only server", async () => {
  const post = (path: string, body: unknown) =>
    new Request(`${BASE}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  await using env = await testEnv();
  const app = createMcpHttpApp(env.deps, bound);
  try {
    const unconfirmed = await app.fetch(post("/actions/promote_slot", {}));
    assertEquals(unconfirmed.status, 400);
    assert((await unconfirmed.text()).includes("CONFIRMATION_REQUIRED"));
    const confirmed = await app.fetch(post("/actions/promote_slot", { confirm: true }));
    assert((await confirmed.text()).includes("NO_CANDIDATE"));
    const unknown = await app.fetch(post("/actions/format_disk", { confirm: true }));
    assertEquals(unknown.status, 404);
    assert((await unknown.text()).includes("ACTION_NOT_FOUND"));
  } finally {
    await app.close();
  }
  await using ro = await testEnv({ mcp: { readOnly: true } });
  const roApp = createMcpHttpApp(ro.deps, bound);
  try {
    const refused = await roApp.fetch(post("/actions/rollback_slot", { confirm: true }));
    assertEquals(refused.status, 403);
    assert((await refused.text()).includes("READ_ONLY"));
  } finally {
    await roApp.close();
  }
});

Deno.test("a read-only server refuses state-changing MCP tools with READ_ONLY and still answers read-only ones", async () => {
  await using env = await testEnv({ mcp: { readOnly: true } });
  await using conn = await connectInMemory(env.deps);
  const refused = await conn.client.callTool({ name: "promote_slot", arguments: {} });
  assertEquals(refused.isError, true);
  assertEquals((refused._meta?.["metablooms/error"] as { code: string }).code, "READ_ONLY");
  const status = await conn.client.callTool({ name: "boot_status", arguments: {} });
  assertEquals(status.isError, undefined);
  // ltm_graph changes state only when it exports files.
  const graph = await conn.client.callTool({ name: "ltm_graph", arguments: {} });
  assertEquals(graph.isError, undefined);
  const exported = await conn.client.callTool({
    name: "ltm_graph",
    arguments: { export_path: env.dir },
  });
  assertEquals((exported._meta?.["metablooms/error"] as { code: string }).code, "READ_ONLY");
});

Deno.test("ltm_graph, boot_status, boot_image and audit_report link their MCP App view; the ui:// resource is mcp-app HTML", async () => {
  await using env = await testEnv();
  await using conn = await connectInMemory(env.deps);
  const tools = (await conn.client.listTools()).tools;
  const ui = (name: string) =>
    (tools.find((t) => t.name === name)?._meta?.ui as { resourceUri?: string })?.resourceUri;
  assertEquals(ui("ltm_graph"), "ui://metablooms/graph.html");
  assertEquals(ui("boot_status"), "ui://metablooms/boot.html");
  assertEquals(ui("boot_image"), "ui://metablooms/boot.html");
  assertEquals(ui("audit_report"), "ui://metablooms/audit.html");
  assertEquals(ui("query_mips_index"), undefined);
  const read = await conn.client.readResource({ uri: "ui://metablooms/graph.html" });
  const content = read.contents[0] as { mimeType: string; text: string };
  assertEquals(content.mimeType, "text/html;profile=mcp-app");
  assert(content.text.startsWith("<!doctype html>") && content.text.includes('data-view="graph"'));
  const audit = await conn.client.readResource({ uri: "ui://metablooms/audit.html" });
  assert((audit.contents[0] as { text: string }).text.includes('data-view="audit"'));
  const graph = await conn.client.callTool({ name: "ltm_graph", arguments: {} });
  assertEquals((graph.structuredContent as { nodes: unknown[] }).nodes, []);
});

Deno.test("web/_assets.ts is the current bundle of web/client/ (deno task web-assets)", async () => {
  const current = await Deno.readTextFile(join(import.meta.dirname!, "../../web/_assets.ts"));
  assertEquals(current === await renderWebAssets(), true, "run: deno task web-assets");
});

Deno.test("the object page shows a version, a diff between two versions, and undo restores a version only when confirmed", async () => {
  await using env = await testEnv();
  const image = await Image.open(env.store);
  await image.transaction((tx) => tx.create("w", { slots: { n: 1, keep: "k" }, parents: [] }));
  await image.transaction((tx) => tx.set("w", "n", 2));
  await image.transaction((tx) => tx.set("w", "extra", true));
  const app = createMcpHttpApp(env.deps, bound);
  const fragment = async (path: string) => {
    const res = await app.fetch(get(path, { [FRAGMENT_HEADER]: "1" }));
    return { status: res.status, html: await res.text() };
  };
  const undo = (body: unknown) =>
    app.fetch(
      new Request(`${BASE}/actions/image_undo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
  try {
    const list = await fragment("/objects");
    assert(
      list.html.includes('data-count="objects">1<') && list.html.includes('href="/objects/w"'),
    );
    const v1 = await fragment("/objects/w?version=1");
    assert(v1.html.includes("Showing version 1 of 3"), v1.html);
    assert(v1.html.includes('data-count="slots">2<'));
    assertEquals(v1.html.match(/data-action="image_undo"/g)?.length, 2);
    const diff = await fragment("/objects/w?from=1&to=3");
    assert(diff.html.includes('data-count="changes">2<'), diff.html);
    assert(/<th scope="row">extra<\/th><td><span class="badge ok">added/.test(diff.html));
    assert(/<th scope="row">n<\/th><td><span class="badge warn">changed/.test(diff.html));
    const missing = await fragment("/objects/nobody");
    assertEquals(missing.status, 404);
    assert(missing.html.includes("IMAGE_NOT_FOUND"));

    const unconfirmed = await undo({ input: { object: "w", version: 1 } });
    assertEquals(unconfirmed.status, 400);
    assert((await unconfirmed.text()).includes("CONFIRMATION_REQUIRED"));
    assertEquals((await image.get("w")).version, 3);
    const bad = await undo({ confirm: true, input: { version: 1 } });
    assertEquals(bad.status, 400);
    await bad.body?.cancel();
    const done = await undo({ confirm: true, input: { object: "w", version: 1 } });
    assertEquals(done.status, 200);
    assert((await done.text()).includes("w"));
    const now = await image.get("w");
    assertEquals([now.version, now.slots], [4, { n: 1, keep: "k" }]);
  } finally {
    await app.close();
  }
  await using ro = await testEnv({ mcp: { readOnly: true } });
  const roImage = await Image.open(ro.store);
  await roImage.transaction((tx) => tx.create("w", { slots: { n: 1 }, parents: [] }));
  await roImage.transaction((tx) => tx.set("w", "n", 2));
  const roApp = createMcpHttpApp(ro.deps, bound);
  try {
    const page = await roApp.fetch(get("/objects/w", { [FRAGMENT_HEADER]: "1" }));
    const html = await page.text();
    assert(html.includes("Read-only server: undo is off") && !html.includes("data-action"));
    const refused = await roApp.fetch(
      new Request(`${BASE}/actions/image_undo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ confirm: true, input: { object: "w", version: 1 } }),
      }),
    );
    assertEquals(refused.status, 403);
    assert((await refused.text()).includes("READ_ONLY"));
    assertEquals((await roImage.get("w")).version, 2);
  } finally {
    await roApp.close();
  }
});
