/// <reference lib="dom" />
/**
 * The dashboard and the MCP App views in a real headless Chromium, on the
 * shipped sample data: every page loads and shows what a person expects,
 * the graph and a search are clicked through (and driven by keyboard), the
 * token is asked for once and kept in the tab, promote asks for
 * confirmation, there are no console errors and axe-core finds no WCAG 2 A/AA
 * violation. Screenshots go to the test's temp folder.
 *
 * @module
 */
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { assert, assertEquals } from "../_assert.ts";
import { buildMipsGraph } from "../../lib/ltm/graph.ts";
import { sha256File } from "../../lib/fs/sha256.ts";
import { serveHttp } from "../../mcp/http.ts";
import { createContext } from "../../ops/context.ts";
import { createServer } from "../../mcp/server.ts";
import { Client, InMemoryTransport } from "../_mcp_client.ts";
import { browserUnavailable, launchBrowser } from "./_browser.ts";
import { GREET_CYCLE, GREET_SOURCE, SAMPLES, webEnv } from "./_fixture.ts";
import { Image } from "../../lib/image/image.ts";
import { listObjects } from "../../lib/image/views.ts";
import { sha256Hex } from "../../lib/fs/sha256.ts";
import { findOperation } from "../../ops/registry.ts";
import { runOperation } from "../../ops/run.ts";

const skip = await browserUnavailable();
const TOKEN = "browser-test-token-0123456789";

/** Collects console errors and uncaught exceptions of a page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** axe-core's WCAG 2 A/AA violations on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  const axe = (await import("axe-core")).default;
  await page.evaluate(axe.source);
  const result = await page.evaluate(() =>
    // deno-lint-ignore no-explicit-any
    (globalThis as any).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
    })
  ) as { violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> };
  return result.violations.map((v) =>
    `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`
  );
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector("main h1");
}

Deno.test({
  name: "the dashboard shows slots, bundles, the graph and search on the sample data in Chromium",
  ignore: skip !== undefined,
  // playwright keeps its pipe and timers to Chromium between steps
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await using env = await webEnv();
    const shots = join(env.dir, "screenshots");
    await Deno.mkdir(shots);
    const context: BrowserContext = await launchBrowser(join(env.dir, "profile"));
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      const image = await Image.open(await env.deps.store());
      const shot = (name: string) =>
        page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

      await t.step(
        "slots and boots: three slots, ten subsystems, kit and original verdicts, history",
        async () => {
          await open(page, `${env.base}/`);
          assertEquals(await page.locator(".slot").count(), 3);
          assertEquals(await page.locator(".slot.empty").count(), 1);
          assertEquals(await page.locator("table.subsystems tbody tr").count(), 10);
          const verdicts = await page.locator(".verdicts").innerText();
          assert(
            /Kit \(strict\)\s+BOOT_OK/.test(verdicts) &&
              /Original \(compat\)\s+BOOT_OK/.test(verdicts),
            verdicts,
          );
          const history = await page.locator("table.history").innerText();
          assert(
            history.includes("BOOT_FAILED") && history.includes("masked_chm_contract.zip"),
            history,
          );
          assertEquals(await axeViolations(page), []);
          await shot("slots");
        },
      );

      await t.step("a failed boot's report shows the subsystem the original masks", async () => {
        // A boot id names the bundle by the start of its sha256.
        const bundle = await sha256File(join(SAMPLES, "bundles/broken/masked_chm_contract.zip"));
        await page.click(`table.history >> text=/boot_.*_${bundle.slice(0, 12)}_/`);
        await page.waitForSelector("main table.subsystems");
        const masked = await page.locator("tr.masked").innerText();
        assert(masked.includes("CHM") && masked.includes("masked"), masked);
        assert((await page.locator(".verdicts").innerText()).includes("ACTIVATION_GATE_FAILED"));
        await shot("boot_report");
      });

      await t.step(
        "bundle validation groups the findings of a corrupted bundle by category",
        async () => {
          await open(page, `${env.base}/bundles`);
          await page.fill(
            "input[name=path]",
            join(SAMPLES, "bundles", "broken", "corrupted_crc.zip"),
          );
          await page.keyboard.press("Enter");
          await page.waitForSelector("#cat-structure");
          const structure = await page.locator("#cat-structure").innerText();
          assert(structure.includes("fail") && structure.includes("CRC_MISMATCH"), structure);
          assertEquals(await page.locator("section.category").count(), 8);
          assert(new URL(page.url()).search.includes("path="));
          assertEquals(await axeViolations(page), []);
          await shot("bundle");
        },
      );

      await t.step(
        "the module graph draws every module and opens a delta on click and on Enter",
        async () => {
          const graph = await buildMipsGraph(await env.deps.store());
          await open(page, `${env.base}/graph`);
          assertEquals(await page.locator("svg.graph .node").count(), graph.nodes.length);
          assertEquals(
            await page.locator('[data-count="nodes"]').innerText(),
            String(graph.nodes.length),
          );
          assertEquals(
            await page.locator("svg.graph .ghost").count(),
            new Set(graph.dangling.map((d) => d.ref)).size,
          );
          assertEquals(await page.locator("svg.graph .node.orphan").count(), graph.orphans.length);
          await page.click('svg.graph .node[data-node="MB__03_DELTA__BlueWidgets_v1"]');
          await page.waitForSelector("#detail #delta-title");
          assert(
            (await page.locator("#detail").innerText()).includes("MB__03_DELTA__BlueWidgets_v1"),
          );
          assertEquals(await page.locator("svg.graph .node.selected").count(), 1);
          assertEquals(await axeViolations(page), []);
          await shot("graph");
          // Keyboard only: the skip link comes first, then Tab reaches a module and Enter opens it.
          await open(page, `${env.base}/graph`);
          await page.keyboard.press("Tab");
          assertEquals(
            await page.evaluate(() => document.activeElement?.textContent),
            "Skip to content",
          );
          let onNode = false;
          for (let i = 0; i < 40 && !onNode; i++) {
            await page.keyboard.press("Tab");
            onNode = await page.evaluate(() =>
              document.activeElement?.classList.contains("node") ?? false
            );
          }
          assert(onNode, "Tab never reached a graph node");
          const id = await page.evaluate(() => document.activeElement!.getAttribute("data-node"));
          await page.keyboard.press("Enter");
          await page.waitForSelector("#detail #delta-title");
          assert((await page.locator("#detail").innerText()).includes(id!));
        },
      );

      await t.step("a search finds the widgets deltas and a hit opens its delta", async () => {
        await open(page, `${env.base}/search`);
        await page.fill("input[name=q]", "widgets");
        await page.keyboard.press("Enter");
        await page.waitForSelector('[data-count="results"]');
        assertEquals(await page.locator('[data-count="results"]').innerText(), "2");
        assertEquals(await page.locator("li.hit").count(), 2);
        assert((await page.locator("li.hit mark").count()) > 0);
        assertEquals(await axeViolations(page), []);
        await shot("search");
        await page.click("li.hit h3 a >> nth=0");
        await page.waitForSelector("main #delta-title");
        assert((await page.locator("main").innerText()).includes("BlueWidgets"));
        await shot("delta");
      });

      await t.step(
        "promote asks for confirmation; cancel changes nothing, confirm promotes",
        async () => {
          await open(page, `${env.base}/`);
          const active = async () =>
            await page.locator('.slot[aria-label="ACTIVE slot"]').innerText();
          const before = await active();
          await page.click("button[data-action=promote_slot]");
          assert(await page.locator("dialog#confirm").isVisible());
          await page.click("dialog#confirm button[value=cancel]");
          assertEquals(await active(), before);
          await page.click("button[data-action=promote_slot]");
          await page.click("dialog#confirm button[value=confirm]");
          await page.waitForSelector("#action-result [role=status]");
          await page.waitForFunction(() =>
            document.querySelectorAll(".slot.empty").length === 1 &&
            document.querySelector('.slot[aria-label="CANDIDATE slot"]')?.classList.contains(
              "empty",
            )
          );
          assert(
            (await page.locator('.slot[aria-label="ROLLBACK slot"]').innerText()).includes(
              "metablooms_os_sample_v1.zip",
            ),
          );
          await shot("promoted");
        },
      );

      await t.step(
        "memory search finds the cycle-log records; the audit page draws the report's chart",
        async () => {
          await open(page, `${env.base}/search`);
          await page.fill("input[name=mq]", "greet_architect");
          await page.selectOption("select[name=kind]", "record");
          await page.focus('form[aria-label="Search the memory"] button');
          await page.keyboard.press("Enter");
          await page.waitForSelector('[data-count="memory-hits"]');
          const expected = await runOperation(findOperation("search_memory")!, {
            text: "greet_architect",
            kind: "record",
            limit: 20,
          }, env.deps) as { hits: unknown[] };
          assert(expected.hits.length > 0);
          assertEquals(
            await page.locator('[data-count="memory-hits"]').innerText(),
            String(expected.hits.length),
          );
          assertEquals(await page.locator("li.memory-hit").count(), expected.hits.length);
          assert((await page.locator("li.memory-hit mark").count()) > 0);
          assert(new URL(page.url()).search.includes("kind=record"));
          assertEquals(await axeViolations(page), []);
          await shot("memory_search");

          const report = await runOperation(findOperation("audit_report")!, {}, env.deps) as {
            totals: { cycles: number };
            by_persona: Array<{ persona: string; success_rate: number | null }>;
          };
          assert(report.totals.cycles > 0 && report.by_persona.length > 0);
          await open(page, `${env.base}/audit`);
          assertEquals(
            await page.locator('[data-count="cycles"]').innerText(),
            String(report.totals.cycles),
          );
          assertEquals(await page.locator("figure.chart svg").count(), 1);
          const chart = await page.locator("figure.chart svg").textContent() ?? "";
          for (const p of report.by_persona) assert(chart.includes(p.persona), chart);
          assertEquals(
            await page.locator("table.audit-personas tbody tr").count(),
            report.by_persona.length,
          );
          assertEquals(await axeViolations(page), []);
          await shot("audit");
        },
      );

      await t.step(
        "the living image: the list, keyboard into an object, its method, history and a diff",
        async () => {
          const list = await listObjects(await Image.open(await env.deps.store()));
          await open(page, `${env.base}/objects`);
          assertEquals(
            await page.locator('[data-count="objects"]').innerText(),
            String(list.total),
          );
          assertEquals(await page.locator("table.objects tbody tr").count(), list.total);
          assertEquals(await axeViolations(page), []);
          await shot("objects");
          // Keyboard only: Tab to genesis_obj's link, Enter opens it.
          let onLink = false;
          for (let i = 0; i < 80 && !onLink; i++) {
            await page.keyboard.press("Tab");
            onLink = await page.evaluate(() =>
              document.activeElement?.getAttribute("href") === "/objects/genesis_obj"
            );
          }
          assert(onLink, "Tab never reached genesis_obj");
          await page.keyboard.press("Enter");
          await page.waitForSelector("main h1 >> text=Object genesis_obj");
          assertEquals(await page.locator('[data-count="versions"]').innerText(), "3");
          assertEquals(await page.locator('[data-count="methods"]').innerText(), "1");
          const method = await page.locator("article.method").innerText();
          for (
            const text of [
              GREET_SOURCE,
              sha256Hex(GREET_SOURCE),
              GREET_CYCLE,
              "BRICK",
              "PersistenceGuardian: accepted",
            ]
          ) assert(method.includes(text), `${text} not in ${method}`);
          assertEquals(await page.locator("button[data-action=image_undo]").count(), 2);
          assertEquals(await axeViolations(page), []);
          await shot("object");
          await page.click('a[aria-label="Diff version 2 to 3"]');
          await page.waitForSelector("#diff");
          assertEquals(await page.locator('#diff [data-count="changes"]').innerText(), "1");
          const diff = await page.locator("#diff table").innerText();
          assert(
            diff.includes("architect") && diff.includes('"the Architect"') &&
              diff.includes('"the Second Architect"'),
            diff,
          );
          assertEquals(await axeViolations(page), []);
          await shot("diff");
          // Any two versions: the compare form, by keyboard.
          await page.selectOption('select[name="from"]', "1");
          await page.selectOption('select[name="to"]', "3");
          await page.focus('form[aria-label="Compare two versions"] button');
          await page.keyboard.press("Enter");
          await page.waitForFunction(() =>
            document.querySelector('#diff [data-count="changes"]')?.textContent === "2"
          );
          assert((await page.locator("#diff table").innerText()).includes("greet_architect"));
          assertEquals(new URL(page.url()).search, "?from=1&to=3");
          await page.click('a[aria-label="View version 1"]');
          await page.waitForSelector("text=Showing version 1 of 3");
          assertEquals(await page.locator('[data-count="methods"]').innerText(), "0");
        },
      );

      await t.step(
        "undo asks for confirmation; cancel changes nothing, confirm writes version 4 equal to version 1",
        async () => {
          await open(page, `${env.base}/objects/genesis_obj`);
          const undo1 = 'button[data-action=image_undo]:has-text("Undo to version 1")';
          await page.focus(undo1);
          await page.keyboard.press("Enter");
          assert(await page.locator("dialog#confirm").isVisible());
          assertEquals(await page.locator("#confirm-title").innerText(), "Undo genesis_obj?");
          assert((await page.locator("dialog#confirm").innerText()).includes("version 1"));
          await page.keyboard.press("Escape");
          assertEquals(await page.locator('[data-count="versions"]').innerText(), "3");
          assertEquals((await image.get("genesis_obj")).version, 3);
          await page.click(undo1);
          await page.click("dialog#confirm button[value=confirm]");
          await page.waitForSelector("#action-result [role=status]");
          await page.waitForFunction(() =>
            document.querySelector('[data-count="versions"]')?.textContent === "4"
          );
          const now = await image.get("genesis_obj");
          assertEquals(now.version, 4);
          assertEquals(now.slots.architect, "the Architect");
          assertEquals(await page.locator('[data-count="methods"]').innerText(), "0");
          assert((await page.locator("table.versions").innerText()).includes("restore version 1"));
          await shot("undone");
        },
      );

      assertEquals(errors, []);
    } finally {
      await context.close();
    }
  },
});

Deno.test({
  name:
    "a token-protected dashboard asks for the token once and keeps it in the tab's sessionStorage only",
  ignore: skip !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using env = await webEnv();
    const { config } = env.deps;
    await using deps = createContext({
      ...config,
      mcp: { ...config.mcp, token: TOKEN, readOnly: true },
    }, { door: "mcp" });
    const server = await serveHttp(deps, { hostname: "127.0.0.1", port: 0 });
    const base = server.url.replace(/\/mcp$/, "");
    const context = await launchBrowser(join(env.dir, "profile"));
    try {
      const page = await context.newPage();
      const errors = watchErrors(page).filter((e) => !e.includes("401"));
      await open(page, `${base}/`);
      assertEquals(await page.locator("main h1").innerText(), "This server needs its token");
      await page.fill("input[name=token]", "wrong-token-000000000");
      await page.keyboard.press("Enter");
      await page.waitForSelector("form.login [role=alert]");
      await page.fill("input[name=token]", TOKEN);
      await page.keyboard.press("Enter");
      await page.waitForSelector(".slot");
      assert((await page.locator("main").innerText()).includes("Read-only server"));
      assertEquals(await page.locator("button[data-action]").count(), 0);
      // The object page offers no undo, and the server refuses one asked for anyway.
      await open(page, `${base}/objects/genesis_obj`);
      assert((await page.locator("main").innerText()).includes("Read-only server: undo is off"));
      assertEquals(await page.locator("button[data-action]").count(), 0);
      const refused = await page.evaluate(async () => {
        const res = await fetch("/actions/image_undo", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-metablooms-fragment": "1",
            authorization: `Bearer ${sessionStorage.getItem("metablooms.token")}`,
          },
          body: JSON.stringify({ confirm: true, input: { object: "genesis_obj", version: 1 } }),
        });
        return `${res.status} ${await res.text()}`;
      });
      assert(refused.startsWith("403") && refused.includes("READ_ONLY"), refused);
      // Another page of the same tab needs no second prompt; nothing went to cookies.
      await open(page, `${base}/graph`);
      assertEquals(await page.locator("main h1").innerText(), "Module graph");
      assertEquals(await page.evaluate(() => sessionStorage.getItem("metablooms.token")), TOKEN);
      assertEquals(await page.evaluate(() => localStorage.length), 0);
      assertEquals((await context.cookies()).length, 0);
      assertEquals(errors.filter((e) => !/Failed to load resource/.test(e)), []);
    } finally {
      await context.close();
      await server.shutdown();
    }
  },
});

/** A page that plays the host's side of the ext-apps protocol around one `ui://` view. */
function hostPage(viewHtml: string, toolInput: unknown, toolResult: unknown): string {
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="en"><head><title>test host</title></head><body>
<iframe id="view" sandbox="allow-scripts" title="MCP App view" style="width:1200px;height:400px;border:0"></iframe>
<script>{
const frame = document.getElementById("view");
window.hostLog = [];
const send = (m) => frame.contentWindow.postMessage({ jsonrpc: "2.0", ...m }, "*");
addEventListener("message", async (event) => {
  if (event.source !== frame.contentWindow) return;
  const m = event.data;
  window.hostLog.push(m.method ?? "response");
  if (m.method === "ui/initialize") {
    send({ id: m.id, result: { protocolVersion: "2026-01-26", hostInfo: { name: "test-host", version: "1" },
      hostCapabilities: { serverTools: {} }, hostContext: { theme: "light", displayMode: "inline" } } });
  } else if (m.method === "ui/notifications/initialized") {
    send({ method: "ui/notifications/tool-input", params: { arguments: ${json(toolInput)} } });
    send({ method: "ui/notifications/tool-result", params: ${json(toolResult)} });
  } else if (m.method === "tools/call") {
    send({ id: m.id, result: await window.callTool(m.params.name, m.params.arguments) });
  } else if (m.method === "ui/notifications/size-changed") {
    frame.style.height = m.params.height + "px";
  }
});
frame.srcdoc = ${json(viewHtml)};
}</script></body></html>`;
}

Deno.test({
  name:
    "the MCP App views linked from ltm_graph, boot_status and audit_report render the tool result inside a host page",
  ignore: skip !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await using env = await webEnv();
    const { server, cleanup } = createServer(env.deps);
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "browser-test", version: "1" });
    await server.connect(a);
    await client.connect(b);
    const context = await launchBrowser(join(env.dir, "profile"));
    try {
      const tools = (await client.listTools()).tools;
      const uriOf = (name: string) =>
        (tools.find((tool) => tool.name === name)?._meta?.ui as
          | { resourceUri?: string }
          | undefined)?.resourceUri;
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.exposeFunction(
        "callTool",
        (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }),
      );

      await t.step(
        "ltm_graph: the graph view draws every module and a click fetches the delta through the host",
        async () => {
          const uri = uriOf("ltm_graph");
          assertEquals(uri, "ui://metablooms/graph.html");
          const resource = (await client.readResource({ uri: uri! })).contents[0] as {
            text: string;
            mimeType: string;
          };
          assertEquals(resource.mimeType, "text/html;profile=mcp-app");
          const result = await client.callTool({ name: "ltm_graph", arguments: {} });
          const graph = result.structuredContent as { nodes: string[] };
          await page.setContent(hostPage(resource.text, {}, result));
          const view = page.frameLocator("#view");
          await view.locator("svg.graph").waitFor();
          assertEquals(await view.locator("svg.graph .node").count(), graph.nodes.length);
          assertEquals(
            await view.locator('[data-count="nodes"]').innerText(),
            String(graph.nodes.length),
          );
          await view.locator('.node[data-node="MB__02_OS__Demo_Core"]').click();
          await view.locator("#detail #delta-title").waitFor();
          assert((await view.locator("#detail").innerText()).includes("MB__02_OS__Demo_Core"));
          const log = await page.evaluate(() =>
            (globalThis as unknown as { hostLog: string[] }).hostLog
          );
          assertEquals(log.slice(0, 2), ["ui/initialize", "ui/notifications/initialized"]);
          assert(
            log.includes("ui/notifications/size-changed") && log.includes("tools/call"),
            log.join(),
          );
          await page.screenshot({ path: join(env.dir, "app_graph.png"), fullPage: true });
        },
      );

      await t.step("boot_status: the boot view shows the three slots", async () => {
        const uri = uriOf("boot_status");
        assertEquals(uri, "ui://metablooms/boot.html");
        assertEquals(uriOf("boot_image"), uri);
        const resource = (await client.readResource({ uri: uri! })).contents[0] as { text: string };
        const result = await client.callTool({ name: "boot_status", arguments: {} });
        await page.setContent(hostPage(resource.text, {}, result));
        const view = page.frameLocator("#view");
        await view.locator(".slot").first().waitFor();
        assertEquals(await view.locator(".slot").count(), 3);
        assert(
          (await view.locator('.slot[aria-label="ACTIVE slot"]').innerText()).includes(
            "metablooms_os_sample_v1.zip",
          ),
        );
        await page.screenshot({ path: join(env.dir, "app_boot.png"), fullPage: true });
      });

      await t.step("audit_report: the audit view draws the report's chart and tables", async () => {
        const uri = uriOf("audit_report");
        assertEquals(uri, "ui://metablooms/audit.html");
        const resource = (await client.readResource({ uri: uri! })).contents[0] as {
          text: string;
          mimeType: string;
        };
        assertEquals(resource.mimeType, "text/html;profile=mcp-app");
        const result = await client.callTool({ name: "audit_report", arguments: {} });
        const report = result.structuredContent as {
          totals: { cycles: number };
          by_persona: unknown[];
        };
        assert(report.totals.cycles > 0);
        await page.setContent(hostPage(resource.text, {}, result));
        const view = page.frameLocator("#view");
        await view.locator('[data-count="cycles"]').waitFor();
        assertEquals(
          await view.locator('[data-count="cycles"]').innerText(),
          String(report.totals.cycles),
        );
        assertEquals(await view.locator("figure.chart svg").count(), 1);
        assertEquals(
          await view.locator("table.audit-personas tbody tr").count(),
          report.by_persona.length,
        );
        await page.screenshot({ path: join(env.dir, "app_audit.png"), fullPage: true });
      });
      assertEquals(errors, []);
    } finally {
      await context.close();
      await client.close();
      await cleanup();
    }
  },
});
