/**
 * Views of the memory (the knowledge catalog and its audit report): memory
 * search hits, and the audit report's tables. The operations they draw
 * (`search_memory`, `audit_report`) come with the catalog and audit
 * capabilities; a server without them says so instead ({@linkcode unavailableView}).
 *
 * @module
 */
import { badge, esc, markSnippet } from "./html.ts";

/**
 * The fields of a `search_memory` hit this view shows (its full shape is the
 * catalog's `MemoryHit`; unknown fields are ignored).
 */
export interface MemoryHitLike {
  id: string;
  kind: string;
  title: string;
  snippet: string;
  source: string;
  position: number;
  time?: string | undefined;
  cycle_id?: string | undefined;
  persona?: string | undefined;
  event_type?: string | undefined;
}

/** The fields of a `search_memory` result this view shows. */
export interface MemorySearchLike {
  text: string;
  hits: MemoryHitLike[];
  offset: number;
  has_more: boolean;
  ranking?: { bm25?: boolean; vector?: boolean; model?: string; reason?: string } | undefined;
}

/**
 * Says that a capability's operation is not served here.
 *
 * @param what What the page would show.
 * @param op The missing operation.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unavailableView } from "./memory.ts";
 * assert(unavailableView("Memory search", "search_memory").includes("not available on this server"));
 * ```
 */
export function unavailableView(what: string, op: string): string {
  return `<p class="callout warn unavailable">${
    esc(what)
  } is not available on this server (it has no <code>${esc(op)}</code> operation).</p>`;
}

/**
 * One page of memory search hits: what each is (a cycle-log record or a
 * document chunk), its snippet with the matched words marked, its source and
 * place, and which halves of the ranking ran.
 *
 * @param result What `search_memory` returns.
 * @returns The HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { memoryHitsView } from "./memory.ts";
 * const html = memoryHitsView({ text: "x", offset: 0, has_more: false, hits: [{ id: "record:1",
 *   kind: "record", title: "FAILED · VALIDATING", snippet: "a [x] b", source: "m.jsonl",
 *   position: 3 }] });
 * assert(html.includes('data-count="memory-hits">1<') && html.includes("<mark>x</mark>"));
 * ```
 */
export function memoryHitsView(result: MemorySearchLike): string {
  const ranking = result.ranking
    ? `<p class="muted">Ranking: ${result.ranking.bm25 ? "full text" : ""}${
      result.ranking.vector ? ` + vectors (${esc(result.ranking.model ?? "")})` : ""
    }${result.ranking.reason ? ` — ${esc(result.ranking.reason)}` : ""}</p>`
    : "";
  const items = result.hits.map((h) =>
    `<li class="memory-hit"><h3>${esc(h.title)}</h3><p class="meta">${
      badge(h.kind, "muted")
    } <span class="path">${esc(h.source)}:${h.position}</span>${h.time ? ` ${esc(h.time)}` : ""}${
      h.persona ? ` ${esc(h.persona)}` : ""
    }${h.cycle_id ? ` <code>${esc(h.cycle_id)}</code>` : ""}${
      h.event_type ? ` ${esc(h.event_type)}` : ""
    }</p><p class="snippet">${markSnippet(h.snippet)}</p></li>`
  ).join("");
  return `<p class="search-summary"><strong data-count="memory-hits">${result.hits.length}</strong> ${
    result.hits.length === 1 ? "hit" : "hits"
  } for “${esc(result.text)}”${
    result.hits.length
      ? ` — showing ${result.offset + 1}–${result.offset + result.hits.length}`
      : ""
  }${result.has_more ? " (more follow)" : ""}</p>${ranking}<ol class="hits" start="${
    result.offset + 1
  }">${items}</ol>`;
}
