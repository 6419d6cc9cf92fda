/// <reference lib="dom" />
/**
 * The View side of an MCP App (the `io.modelcontextprotocol/ui` extension,
 * protocol 2026-01-26), bundled into each `ui://` resource: JSON-RPC over
 * `postMessage` with the host — `ui/initialize`, `ui/notifications/initialized`,
 * then the tool result arrives as `ui/notifications/tool-result` and is drawn
 * with the same view functions as the dashboard's pages. The content size is
 * reported with `ui/notifications/size-changed`; a click on a graph module
 * asks the host to call `get_mips_delta` when it proxies tool calls.
 *
 * @module
 */
import { bootReportView, bootStatusView } from "../views/boot.ts";
import { graphView } from "../views/graph.ts";
import { deltaView } from "../views/ltm.ts";
import { auditView } from "../views/audit.ts";
import { auditChartSvg } from "../../lib/audit/chart_svg.ts";
import type { AuditReport } from "../../schemas/audit.ts";
import { esc } from "../views/html.ts";
import type { BootReport, BootStatus } from "../../schemas/boot.ts";
import type { MipsDelta, MipsGraph } from "../../schemas/ltm.ts";

interface Message {
  jsonrpc: "2.0";
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

interface ToolResult {
  isError?: boolean;
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
}

const VIEWS: Record<string, (data: Record<string, unknown>) => string> = {
  graph: (data) =>
    `<div class="graph-layout"><div>${
      graphView(data as unknown as MipsGraph)
    }</div><div id="detail" class="detail" aria-live="polite"></div></div>`,
  audit: (data) => {
    const report = data as unknown as AuditReport;
    return auditView(report, auditChartSvg(report));
  },
  boot: (data) =>
    "slots" in data
      ? bootStatusView(data as unknown as BootStatus)
      : bootReportView(data as unknown as BootReport),
};

const root = document.getElementById("app")!;
const viewName = document.documentElement.dataset.view ?? "";
const pending = new Map<number, (m: Message) => void>();
let nextId = 1;
let canCallTools = false;

function post(message: Message): void {
  globalThis.parent.postMessage(message, "*");
}

function request(
  method: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, (m) => m.error ? reject(new Error(m.error.message)) : resolve(m.result ?? {}));
    post({ jsonrpc: "2.0", id, method, params });
  });
}

function render(result: ToolResult): void {
  const text = result.content?.find((c) => c.type === "text")?.text ?? "";
  const view = VIEWS[viewName];
  if (result.isError || !result.structuredContent || !view) {
    root.innerHTML = `<p class="error-view" role="alert">${esc(text || "No result to show.")}</p>`;
    return;
  }
  root.innerHTML = view(result.structuredContent);
}

function applyContext(context: Record<string, unknown> | undefined): void {
  const styles = context?.styles as { variables?: Record<string, string> } | undefined;
  for (const [name, value] of Object.entries(styles?.variables ?? {})) {
    if (name.startsWith("--") && typeof value === "string") {
      document.documentElement.style.setProperty(name, value);
    }
  }
}

addEventListener("message", (event: MessageEvent) => {
  if (event.source !== globalThis.parent) return;
  const m = event.data as Message;
  if (m?.jsonrpc !== "2.0") return;
  if (m.method === undefined && typeof m.id === "number") {
    pending.get(m.id)?.(m);
    pending.delete(m.id);
    return;
  }
  if (m.method === "ui/notifications/tool-result") render(m.params as ToolResult);
  else if (m.method === "ui/notifications/host-context-changed") applyContext(m.params);
  else if (m.id !== undefined && (m.method === "ui/resource-teardown" || m.method === "ping")) {
    post({ jsonrpc: "2.0", id: m.id, result: {} });
  } else if (m.id !== undefined) {
    post({
      jsonrpc: "2.0",
      id: m.id,
      error: { code: -32601, message: `Method not found: ${m.method}` },
    });
  }
});

root.addEventListener("click", (event) => {
  const link = (event.target as Element).closest<Element>("a[href]");
  if (!link) return;
  event.preventDefault(); // server paths mean nothing inside the host's frame
  const id = link.getAttribute("data-node");
  const detail = document.getElementById("detail");
  if (id === null || detail === null || !canCallTools) return;
  for (const n of root.querySelectorAll(".node.selected")) n.classList.remove("selected");
  link.classList.add("selected");
  detail.innerHTML = `<p class="loading">Loading ${esc(id)}…</p>`;
  request("tools/call", { name: "get_mips_delta", arguments: { id } }).then((r) => {
    const result = r as ToolResult;
    detail.innerHTML = result.isError || !result.structuredContent
      ? `<p class="error-view">${esc(result.content?.[0]?.text ?? "error")}</p>`
      : deltaView(result.structuredContent as unknown as MipsDelta);
  }, (error: Error) => {
    detail.innerHTML = `<p class="error-view">${esc(error.message)}</p>`;
  });
});

const init = await request("ui/initialize", {
  protocolVersion: "2026-01-26",
  appInfo: { name: "metablooms", version: document.documentElement.dataset.version ?? "" },
  appCapabilities: { availableDisplayModes: ["inline"] },
});
canCallTools = typeof init.hostCapabilities === "object" && init.hostCapabilities !== null &&
  "serverTools" in init.hostCapabilities;
applyContext(init.hostContext as Record<string, unknown> | undefined);
post({ jsonrpc: "2.0", method: "ui/notifications/initialized", params: {} });

// Sizes are reported once the host knows the View is initialized.
let lastSize = "";
new ResizeObserver(() => {
  const el = document.documentElement;
  const size = { width: Math.ceil(el.scrollWidth), height: Math.ceil(el.scrollHeight) };
  const key = `${size.width}x${size.height}`;
  if (key === lastSize) return;
  lastSize = key;
  post({ jsonrpc: "2.0", method: "ui/notifications/size-changed", params: size });
}).observe(document.body);
