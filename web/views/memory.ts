/**
 * The view of a memory search (`search_memory` over the knowledge catalog):
 * cycle-log records and document chunks, with snippets.
 *
 * @module
 */
import type { SearchMemoryResult } from "../../schemas/catalog.ts";
import { badge, esc, markSnippet } from "./html.ts";

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
 * const html = memoryHitsView({ text: "x", limit: 20, offset: 0, has_more: false,
 *   ranking: { bm25: true, vector: false }, hits: [{ id: "record:1", kind: "record", score: 1,
 *   title: "FAILED · VALIDATING", snippet: "a [x] b", source: "m.jsonl", position: 3 }] });
 * assert(html.includes('data-count="memory-hits">1<') && html.includes("<mark>x</mark>"));
 * ```
 */
export function memoryHitsView(result: SearchMemoryResult): string {
  const r = result.ranking;
  const ranking = `<p class="muted">Ranking: ${
    [r.bm25 ? "full text" : "", r.vector ? `vectors (${esc(r.model ?? "")})` : ""].filter(Boolean)
      .join(" + ") || "none"
  }${r.reason ? ` — ${esc(r.reason)}` : ""}</p>`;
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
