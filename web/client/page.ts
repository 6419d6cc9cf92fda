/// <reference lib="dom" />
/**
 * The dashboard's browser script (bundled into `web/_assets.ts` by
 * `deno task web-assets`): loads each page's server-rendered fragment with
 * the bearer token kept in this tab's sessionStorage (asking for it once when
 * the server wants one), submits search/validate forms without a reload,
 * opens a module's delta beside the graph, and asks for confirmation before
 * any state-changing action.
 *
 * @module
 */

const TOKEN_KEY = "metablooms.token";
const FRAGMENT_HEADER = "x-metablooms-fragment";

function headers(extra: Record<string, string> = {}): Headers {
  const h = new Headers({ [FRAGMENT_HEADER]: "1", ...extra });
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) h.set("authorization", `Bearer ${token}`);
  return h;
}

function main(): HTMLElement {
  return document.getElementById("main")!;
}

async function load(url: string, target: HTMLElement, focus: boolean): Promise<boolean> {
  target.setAttribute("aria-busy", "true");
  try {
    const res = await fetch(url, { headers: headers() });
    if (res.status === 401) {
      showLogin(sessionStorage.getItem(TOKEN_KEY) !== null);
      return false;
    }
    target.innerHTML = await res.text();
    enhance(target);
    if (focus) target.querySelector<HTMLElement>("h1, h2")?.focus();
    return res.ok;
  } catch (error) {
    target.innerHTML = `<p class="error-view" role="alert"></p>`;
    target.querySelector("p")!.textContent = `Cannot reach the server: ${String(error)}`;
    return false;
  } finally {
    target.removeAttribute("aria-busy");
  }
}

function showLogin(rejected: boolean): void {
  const m = main();
  m.innerHTML = `<form class="login"><h1 tabindex="-1">This server needs its token</h1>
<p>Enter the bearer token (<code>mcp.token</code> / <code>MB_TOKEN</code>). It is kept in this tab only and sent with each request.</p>
${rejected ? '<p class="callout bad" role="alert">That token was not accepted.</p>' : ""}
<label>Token <input type="password" name="token" autocomplete="off" required></label>
<p><button type="submit">Continue</button></p></form>`;
  const form = m.querySelector("form")!;
  form.querySelector("input")!.focus();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = new FormData(form).get("token");
    if (typeof value === "string" && value.trim() !== "") {
      sessionStorage.setItem(TOKEN_KEY, value.trim());
      void load(location.pathname + location.search, m, true);
    }
  });
}

function enhance(root: HTMLElement): void {
  for (const form of root.querySelectorAll<HTMLFormElement>("form[data-fragment]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const params = new URLSearchParams();
      for (const [k, v] of new FormData(form)) {
        if (typeof v === "string" && v !== "") params.set(k, v);
      }
      const url = `${form.getAttribute("action") ?? location.pathname}?${params}`;
      history.pushState(null, "", url);
      void load(url, main(), false).then(() => {
        document.getElementById("results")?.focus();
      });
    });
  }
  const detail = root.querySelector<HTMLElement>("#detail");
  if (detail) {
    root.addEventListener("click", (event) => {
      const link = (event.target as Element).closest<Element>("[data-node]");
      if (!link || !root.contains(link)) return;
      event.preventDefault();
      const id = link.getAttribute("data-node")!;
      for (const n of root.querySelectorAll(".node.selected")) n.classList.remove("selected");
      root.querySelector(`.node[data-node="${CSS.escape(id)}"]`)?.classList.add("selected");
      root.querySelector(".graph-layout")?.classList.add("with-detail");
      void load(`/delta/${encodeURIComponent(id)}`, detail, true);
    });
  }
  for (const button of root.querySelectorAll<HTMLButtonElement>("button[data-action]")) {
    button.addEventListener("click", () => confirmAction(button));
  }
}

/** The confirmation dialog's defaults (the slot actions'), kept to restore after another action. */
let dialogDefaults: { title: string; detail: string } | undefined;

function confirmAction(button: HTMLButtonElement): void {
  const dialog = document.getElementById("confirm") as HTMLDialogElement;
  const title = dialog.querySelector("#confirm-title")!;
  const detail = dialog.querySelector(".detail")!;
  dialogDefaults ??= { title: title.textContent ?? "", detail: detail.textContent ?? "" };
  title.textContent = button.dataset.confirmTitle ?? dialogDefaults.title;
  detail.textContent = button.dataset.confirmDetail
    ? `${button.dataset.confirmDetail}.`
    : dialogDefaults.detail;
  dialog.querySelector(".what")!.textContent = button.textContent ?? "";
  dialog.returnValue = "";
  dialog.showModal();
  dialog.addEventListener("close", async () => {
    if (dialog.returnValue !== "confirm") {
      button.focus();
      return;
    }
    const res = await fetch(`/actions/${button.dataset.action}`, {
      method: "POST",
      headers: headers({ "content-type": "application/json" }),
      body: JSON.stringify({
        confirm: true,
        ...(button.dataset.input ? { input: JSON.parse(button.dataset.input) } : {}),
      }),
    });
    if (res.status === 401) return showLogin(true);
    const out = document.getElementById("action-result")!;
    out.innerHTML = await res.text();
    if (res.ok) await load(location.pathname + location.search, main(), false);
    document.getElementById("action-result")?.focus();
  }, { once: true });
}

addEventListener("popstate", () => void load(location.pathname + location.search, main(), false));
void load(location.pathname + location.search, main(), false);
