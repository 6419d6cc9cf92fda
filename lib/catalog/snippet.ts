/**
 * Snippets for search hits: the passage around the first matched word, every
 * matched word in [brackets]. Computed here rather than by FTS5 because the
 * catalog's full-text index is contentless (the text lives once, in its table).
 *
 * @module
 */

/** The longest snippet, in characters (plus ellipses). */
export const SNIPPET_CHARS = 200;

/**
 * The words of a query, lowercased (a trailing `*` kept as a prefix marker is dropped).
 *
 * @param text The query.
 * @returns Its words.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { queryWords } from "./snippet.ts";
 * assert.deepEqual(queryWords("Green tea* v1_x"), ["green", "tea", "v1", "x"]);
 * ```
 */
export function queryWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The passage of `text` around the first word of `words` it contains, matched words bracketed.
 *
 * @param text The item's text.
 * @param words The query's words (lowercase).
 * @returns The snippet (the start of the text when no word occurs).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { snippetOf } from "./snippet.ts";
 * assert.equal(snippetOf("Steep green tea for two minutes.", ["tea"]), "Steep green [tea] for two minutes.");
 * ```
 */
export function snippetOf(text: string, words: readonly string[]): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const re = words.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(${words.map(escape).join("|")})[\\p{L}\\p{N}]*`, "giu")
    : undefined;
  const first = re ? flat.search(re) : -1;
  const start = first <= 60 ? 0 : flat.lastIndexOf(" ", first - 40) + 1;
  let passage = flat.slice(start, start + SNIPPET_CHARS);
  if (start > 0) passage = `…${passage}`;
  if (start + SNIPPET_CHARS < flat.length) passage += "…";
  return re ? passage.replace(re, "[$&]") : passage;
}

/**
 * How many of the query's words a text contains (picks a record's best field for its snippet).
 *
 * @param text A text.
 * @param words The query's words.
 * @returns How many of the words it contains.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matchCount } from "./snippet.ts";
 * assert.equal(matchCount("Green tea, green leaves", ["green", "tea", "coffee"]), 2);
 * ```
 */
export function matchCount(text: string, words: readonly string[]): number {
  const lower = text.toLowerCase();
  return words.filter((w) => lower.includes(w)).length;
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
