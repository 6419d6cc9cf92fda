/**
 * Views of the living image: the object list, one object (parents, data
 * slots, methods with their source text, sha256, guardian verdict, cycle and
 * persona), its version history with undo buttons, and the diff between two
 * versions. Pure: result objects in, HTML out.
 *
 * @module
 */
import type {
  ImageDiff,
  ImageHistory,
  ImageObjectList,
  ImageObjectView,
  JsonValue,
} from "../../schemas/image.ts";
import type { MethodRecord } from "../../lib/image/object.ts";
import { badge, esc, facts, section } from "./html.ts";
import { lineDiff } from "./line_diff.ts";

/** The link to an object's page (optionally at a version or with a diff). */
export function objectHref(oid: string, query: Record<string, number> = {}): string {
  const q = new URLSearchParams(
    Object.entries(query).map(([k, v]) => [k, String(v)]),
  ).toString();
  return `/objects/${encodeURIComponent(oid)}${q ? `?${q}` : ""}`;
}

const link = (oid: string) => `<a href="${esc(objectHref(oid))}">${esc(oid)}</a>`;

/**
 * The object list: id, current version, parents, data slots and methods.
 *
 * @param list What `image_objects` returns.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { objectListView } from "./image.ts";
 * const html = objectListView({ total: 1, objects: [{ oid: "a", version: 2, parents: ["p"],
 *   slot_names: ["n"], method_names: ["hi"], committed_at: "2026-01-01T00:00:00Z" }] });
 * assert(html.includes('data-count="objects">1<') && html.includes('href="/objects/a"'));
 * ```
 */
export function objectListView(list: ImageObjectList): string {
  if (list.total === 0) {
    return `<p><strong data-count="objects">0</strong> objects.</p>`;
  }
  const rows = list.objects.map((o) =>
    `<tr><th scope="row">${link(o.oid)}</th><td>${o.version}</td><td>${
      o.parents.map(link).join(", ")
    }</td><td>${esc(o.slot_names.join(", "))}</td><td>${esc(o.method_names.join(", "))}</td><td>${
      esc(o.committed_at)
    }</td></tr>`
  ).join("");
  return `<p><strong data-count="objects">${list.total}</strong> objects</p><table class="objects"><caption>${list.total} objects of the living image</caption><thead><tr><th scope="col">object</th><th scope="col">version</th><th scope="col">parents</th><th scope="col">data slots</th><th scope="col">methods</th><th scope="col">committed (UTC)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** What an object page offers. */
export interface ObjectViewOptions {
  /** The object's current version (the one shown may be older). */
  current: number;
  /** The server refuses state changes: no undo buttons. */
  readOnly: boolean;
  /** HTML shown right under the object's facts (a diff that was asked for). */
  lead?: string | undefined;
}

const plural = (n: number, one: string, many: string) => `${n === 1 ? one : many}`;

/**
 * One object as committed at one version: facts, parents, data slots and
 * methods (with source text and provenance).
 *
 * @param object What `image_get` returns.
 * @param options The current version (to say when an older one is shown).
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { objectView } from "./image.ts";
 * const html = objectView({ oid: "a", version: 1, parents: [], slots: { n: 1 }, methods: [],
 *   tx_id: "tx-1", committed_at: "t" }, { current: 2, readOnly: true });
 * assert(html.includes("version 1 of 2") && html.includes('data-count="slots">1<'));
 * ```
 */
export function objectView(object: ImageObjectView, options: ObjectViewOptions): string {
  const methods = new Set(object.methods.map((m) => m.selector));
  const data = Object.keys(object.slots).filter((k) => !methods.has(k)).sort();
  const old = object.version !== options.current
    ? `<p class="callout warn">Showing version ${object.version} of ${options.current}. <a href="${
      esc(objectHref(object.oid))
    }">Show the current version</a></p>`
    : "";
  const parents = object.parents.length === 0
    ? `<p class="muted">No parents: a root object.</p>`
    : `<ol class="parents">${object.parents.map((p) => `<li>${link(p)}</li>`).join("")}</ol>`;
  const slots = data.length === 0
    ? `<p class="muted">No data slots.</p>`
    : `<table class="slots-table"><caption><span data-count="slots">${data.length}</span> data ${
      plural(data.length, "slot", "slots")
    }</caption><thead><tr><th scope="col">slot</th><th scope="col">value (JSON)</th></tr></thead><tbody>${
      data.map((k) => `<tr><th scope="row">${esc(k)}</th><td>${json(object.slots[k]!)}</td></tr>`)
        .join("")
    }</tbody></table>`;
  const methodList = object.methods.length === 0
    ? `<p class="muted"><span data-count="methods">0</span> methods.</p>`
    : `<p><span data-count="methods">${object.methods.length}</span> ${
      plural(object.methods.length, "method", "methods")
    }</p>${
      object.methods.map((m) => {
        const source = methodIn(object.slots[m.selector])?.source ?? "";
        return `<article class="method" aria-labelledby="m-${esc(m.selector)}"><h3 id="m-${
          esc(m.selector)
        }"><code>${esc(m.selector)}</code> ${
          m.verdict_ok
            ? badge("PersistenceGuardian: accepted", "ok")
            : badge("PersistenceGuardian: rejected", "bad")
        }</h3>${
          facts([
            ["sha256", m.sha256],
            ["cycle", m.cycle_id ?? "installed by hand"],
            ["persona", m.persona ?? "—"],
          ])
        }<pre class="body source" tabindex="0" aria-label="Source of ${esc(m.selector)}">${
          esc(source)
        }</pre></article>`;
      }).join("")
    }`;
  return `<h1 tabindex="-1">Object ${esc(object.oid)}</h1>${old}${
    facts([
      ["object", object.oid],
      ["version", `${object.version} of ${options.current}`],
      ["transaction", object.tx_id],
      ["committed (UTC)", object.committed_at],
    ])
  }${options.lead ?? ""}${section("Parents (delegation order)", parents)}${
    section("Data slots", slots)
  }${section("Methods", methodList)}`;
}

/**
 * The version history, newest first: each version's kind, note, cycle, time
 * and changed slots, links to view it and to diff it with the one before, and
 * (unless read-only) a button to undo the object to it, which asks first.
 *
 * @param history What `image_history` returns.
 * @param options The current version and whether actions are off.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { historyView } from "./image.ts";
 * const v = (version: number) => ({ version, tx_id: `tx-${version}`, kind: "commit", note: null,
 *   cycle_id: null, committed_at: "t", changed: ["n"] });
 * const html = historyView({ oid: "a", versions: [v(1), v(2)] }, { current: 2, readOnly: false });
 * assert.equal(html.match(/data-action="image_undo"/g)?.length, 1);
 * assert(historyView({ oid: "a", versions: [v(1), v(2)] }, { current: 2, readOnly: true })
 *   .includes("Read-only server"));
 * ```
 */
export function historyView(history: ImageHistory, options: ObjectViewOptions): string {
  const rows = [...history.versions].reverse().map((v) => {
    const diff = v.version > 1
      ? ` <a href="${
        esc(objectHref(history.oid, { from: v.version - 1, to: v.version }))
      }" aria-label="Diff version ${v.version - 1} to ${v.version}">diff</a>`
      : "";
    const undo = options.readOnly || v.version === options.current
      ? ""
      : ` <button type="button" class="action secondary" data-action="image_undo" data-input="${
        esc(JSON.stringify({ object: history.oid, version: v.version }))
      }" data-confirm-title="Undo ${esc(history.oid)}?" data-confirm-detail="${
        esc(
          `Version ${
            options.current + 1
          } will restore the slots and parents of version ${v.version}; nothing is deleted, so this undo can itself be undone`,
        )
      }">Undo to version ${v.version}</button>`;
    return `<tr${v.version === options.current ? ' class="current"' : ""}><th scope="row">${
      v.version === options.current ? `${v.version} ${badge("current", "ok")}` : v.version
    }</th><td>${esc(v.kind)}</td><td>${esc(v.note ?? "")}</td><td>${
      esc(v.cycle_id ?? "")
    }</td><td>${esc(v.committed_at)}</td><td>${esc(v.changed.join(", "))}</td><td><a href="${
      esc(objectHref(history.oid, { version: v.version }))
    }" aria-label="View version ${v.version}">view</a>${diff}${undo}</td></tr>`;
  }).join("");
  const note = options.readOnly ? `<p class="muted">Read-only server: undo is off.</p>` : "";
  const choose = (name: string, label: string, selected: number) =>
    `<label>${label} <select name="${name}">${
      history.versions.map((v) =>
        `<option${v.version === selected ? " selected" : ""}>${v.version}</option>`
      ).join("")
    }</select></label>`;
  const compare = history.versions.length < 2
    ? ""
    : `<form class="inline" action="${
      esc(objectHref(history.oid))
    }" data-fragment aria-label="Compare two versions">${
      choose("from", "From version", options.current - 1)
    }${choose("to", "to version", options.current)}<button type="submit">Compare</button></form>`;
  return `${note}${compare}<table class="history versions"><caption><span data-count="versions">${history.versions.length}</span> ${
    plural(history.versions.length, "version", "versions")
  }, newest first</caption><thead><tr><th scope="col">version</th><th scope="col">kind</th><th scope="col">note</th><th scope="col">cycle</th><th scope="col">committed (UTC)</th><th scope="col">changed</th><th scope="col">actions</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * What differs between two versions: each added, removed or changed slot
 * with its value before and after (a method by its source text), and the
 * parents when they changed.
 *
 * @param diff The two versions' difference (`diffStates` of two `image_get` results).
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diffView } from "./image.ts";
 * const html = diffView({ oid: "a", from_version: 1, to_version: 2, parents: null,
 *   slots: [{ slot: "n", change: "changed", before: 1, after: 2 }] });
 * assert(html.includes('data-count="changes">1<') && html.includes("changed"));
 * ```
 */
export function diffView(diff: ImageDiff): string {
  const changes = diff.slots.length + (diff.parents ? 1 : 0);
  const tone = { added: "ok", removed: "bad", changed: "warn" } as const;
  const parents = diff.parents
    ? `<tr><th scope="row">parents</th><td>${badge("changed", "warn")}</td><td>${
      esc(diff.parents.before.join(", "))
    }</td><td>${esc(diff.parents.after.join(", "))}</td></tr>`
    : "";
  const rows = diff.slots.map((s) => {
    const head = `<tr><th scope="row">${esc(s.slot)}</th><td>${
      badge(s.change, tone[s.change])
    }</td>`;
    const older = methodIn(s.before);
    const newer = methodIn(s.after);
    if (s.change === "changed" && older && newer) {
      // A rewritten method: its source line by line, marked with - and + (not colour alone).
      return `${head}<td colspan="2"><pre class="value source-diff" tabindex="0" aria-label="Changes to the source of ${
        esc(s.slot)
      }">${
        lineDiff(older.source, newer.source).map((l) =>
          l.op === " "
            ? `<span>  ${esc(l.text)}</span>`
            : `<span class="${l.op === "-" ? "del" : "ins"}">${l.op} ${esc(l.text)}</span>`
        ).join("\n")
      }</pre></td></tr>`;
    }
    return `${head}<td>${s.change === "added" ? "" : json(s.before)}</td><td>${
      s.change === "removed" ? "" : json(s.after)
    }</td></tr>`;
  }).join("");
  return `<div class="diff" id="diff" tabindex="-1"><p><strong data-count="changes">${changes}</strong> ${
    changes === 1 ? "change" : "changes"
  } from version ${diff.from_version} to version ${diff.to_version}</p>${
    changes === 0
      ? ""
      : `<table class="diff-table"><caption>Version ${diff.from_version} → ${diff.to_version}</caption><thead><tr><th scope="col">slot</th><th scope="col">change</th><th scope="col">version ${diff.from_version}</th><th scope="col">version ${diff.to_version}</th></tr></thead><tbody>${parents}${rows}</tbody></table>`
  }</div>`;
}

/**
 * The method record a slot value holds (`{ $method: MethodRecord }`, as the
 * image stores it), read as data: the view only shows it.
 */
function methodIn(value: JsonValue | undefined): MethodRecord | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const record = value.$method as unknown as MethodRecord | undefined;
  return typeof record?.source === "string" && typeof record.selector === "string"
    ? record
    : undefined;
}

/** A slot value: a method as its source text, anything else as JSON. */
function json(value: JsonValue): string {
  const method = methodIn(value);
  if (method) {
    return `<pre class="value" tabindex="0" aria-label="Method ${esc(method.selector)}">${
      esc(method.source)
    }</pre><span class="path">sha256 ${esc(method.sha256.slice(0, 16))}…</span>`;
  }
  const text = JSON.stringify(value, null, 2);
  return text.length < 80 && !text.includes("\n")
    ? `<code>${esc(text)}</code>`
    : `<pre class="value" tabindex="0" aria-label="JSON value">${esc(text)}</pre>`;
}
