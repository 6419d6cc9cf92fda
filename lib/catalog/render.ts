/**
 * Short human renderings of the catalog's results, shared by the CLI and the
 * MCP tools' text content.
 *
 * @module
 */
import type {
  AuditIngestResult,
  RememberResult,
  SearchMemoryResult,
} from "../../schemas/catalog.ts";

/**
 * Renders an ingest.
 *
 * @param r The result.
 * @returns Its message, then a line per file and per malformed line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderIngest } from "./render.ts";
 * const text = renderIngest({ mode: "file", files: [], added: 0, duplicates: 0, malformed_count: 0, total_records: 0, message: "Nothing to ingest" });
 * assert(text.startsWith("Nothing to ingest"));
 * ```
 */
export function renderIngest(r: AuditIngestResult): string {
  const lines = [`${r.message} (${r.total_records} record(s) in the catalog)`];
  for (const f of r.files) {
    lines.push(
      `  ${f.path}: ${f.records} record(s), ${f.added} added, ${f.duplicates} already there, chain ${f.chain}` +
        (f.unchained ? `, ${f.unchained} line(s) awaiting their chain entry` : "") +
        (f.archived_to ? ` → ${f.archived_to}` : ""),
    );
    if (f.first_broken) {
      lines.push(`    chain breaks at line ${f.first_broken.line}: ${f.first_broken.message}`);
    }
    for (const m of f.malformed) lines.push(`    line ${m.line}: ${m.error}`);
    if (f.malformed_count > f.malformed.length) {
      lines.push(`    … ${f.malformed_count - f.malformed.length} more malformed line(s)`);
    }
  }
  return lines.join("\n");
}

/**
 * Renders what `remember` did.
 *
 * @param r The result.
 * @returns A summary line and a line per file that changed or was skipped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderRemember } from "./render.ts";
 * const text = renderRemember({ files: [], added: 0, replaced: 0, unchanged: 0, skipped: 0, chunks: 0, embeddings: { used: false, reason: "off" } });
 * assert(text.includes("BM25 only: off"));
 * ```
 */
export function renderRemember(r: RememberResult): string {
  const lines = [
    `${r.added} added, ${r.replaced} replaced, ${r.unchanged} unchanged, ${r.skipped} skipped; ` +
    `${r.chunks} chunk(s) stored; ` +
    (r.embeddings.used
      ? `embedded with ${r.embeddings.model}`
      : `BM25 only: ${r.embeddings.reason}`),
  ];
  for (const f of r.files) {
    if (f.status === "unchanged") continue;
    lines.push(
      `  ${f.status} ${f.path} (${f.kind}, ${f.chunks} chunk(s))${f.reason ? `: ${f.reason}` : ""}`,
    );
  }
  return lines.join("\n");
}

/**
 * Renders a page of search hits.
 *
 * @param r The result.
 * @returns Which halves ran, then one block per hit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSearch } from "./render.ts";
 * const text = renderSearch({ text: "tea", hits: [], limit: 10, offset: 0, has_more: false, ranking: { bm25: true, vector: false, reason: "no embedding model configured" } });
 * assert(text.startsWith("0 hit(s)"));
 * const common = renderSearch({ text: "the", hits: [], limit: 10, offset: 0, has_more: false, ranking: { bm25: true, vector: false, approximate: true, bm25_window: 4000 } });
 * assert.match(common, /bm25 over the newest 4000 matches/);
 * ```
 */
export function renderSearch(r: SearchMemoryResult): string {
  const bm25 = r.ranking.approximate
    ? `bm25 over the newest ${r.ranking.bm25_window} matches (the words are too common to rank all)`
    : "bm25";
  const halves = [r.ranking.bm25 ? bm25 : "", r.ranking.vector ? `vector (${r.ranking.model})` : ""]
    .filter(Boolean).join(" + ") || "none";
  const lines = [
    `${r.hits.length} hit(s)${
      r.hits.length ? `, ${r.offset + 1}–${r.offset + r.hits.length}` : ""
    }` +
    ` ranked by ${halves}${r.ranking.reason ? ` (${r.ranking.reason})` : ""}`,
  ];
  for (const h of r.hits) {
    lines.push(
      `${h.kind === "record" ? "record" : "doc"}  ${h.title}  [${h.score}]`,
      `  ${h.source}:${h.position}${h.time ? `  ${h.time}` : ""}`,
      `  ${h.snippet}`,
    );
  }
  if (r.has_more) lines.push(`(more: --offset ${r.offset + r.hits.length})`);
  return lines.join("\n");
}
