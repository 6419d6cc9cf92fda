/**
 * Cutting a document into chunks: Markdown by headings, then paragraphs;
 * text by paragraphs; JSON by its top-level members. Paragraphs of one
 * section are packed into chunks of at most {@linkcode MAX_CHUNK_CHARS};
 * with paragraph embeddings, a chunk also ends where the similarity of two
 * adjacent paragraphs drops (semantic chunking).
 *
 * @module
 */

/** One chunk: the heading path it sits under, and its text. */
export interface Chunk {
  /** Headings above it, outermost first, joined by ` > ` (empty at the top). */
  heading: string;
  /** The text. */
  text: string;
}

/** One unit chunking works on: a paragraph under a heading. */
export interface Paragraph {
  /** The heading path. */
  heading: string;
  /** The paragraph. */
  text: string;
}

/** The longest chunk packing makes (a longer single paragraph stays whole). */
export const MAX_CHUNK_CHARS = 1500;

/**
 * The paragraphs of a Markdown text under their heading paths (fenced code stays one paragraph).
 *
 * @param text Markdown.
 * @returns Its paragraphs, in order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { markdownParagraphs } from "./chunk.ts";
 * const p = markdownParagraphs("# Tea\nintro\n\n## Timer\nsteep 3 min\n\nthen pour");
 * assert.deepEqual(p.map((x) => x.heading), ["Tea", "Tea > Timer", "Tea > Timer"]);
 * ```
 */
export function markdownParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  const path: string[] = [];
  let lines: string[] = [];
  let fence = false;
  const flush = () => {
    const t = lines.join("\n").trim();
    if (t) out.push({ heading: path.filter(Boolean).join(" > "), text: t });
    lines = [];
  };
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const h = fence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      flush();
      const level = h[1]!.length;
      path.length = level - 1;
      path[level - 1] = h[2]!;
      continue;
    }
    if (!fence && line.trim() === "") flush();
    else lines.push(line);
  }
  flush();
  return out;
}

/**
 * The paragraphs of plain text (blank-line separated).
 *
 * @param text Text.
 * @param heading The heading they sit under. @default {""}
 * @returns Its paragraphs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textParagraphs } from "./chunk.ts";
 * assert.equal(textParagraphs("a\nb\n\n\nc").length, 2);
 * ```
 */
export function textParagraphs(text: string, heading = ""): Paragraph[] {
  return text.replace(/\r\n?/g, "\n").split(/\n\s*\n/).map((t) => t.trim()).filter(Boolean)
    .map((t) => ({ heading, text: t }));
}

/**
 * The paragraphs of a JSON value: one per top-level member (its key as heading) or array item,
 * each as indented JSON text.
 *
 * @param value The parsed JSON.
 * @param heading The heading above it. @default {""}
 * @returns Its paragraphs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonParagraphs } from "./chunk.ts";
 * const p = jsonParagraphs({ rule: "files first", scope: ["boot"] });
 * assert.deepEqual(p.map((x) => x.heading), ["rule", "scope"]);
 * ```
 */
export function jsonParagraphs(value: unknown, heading = ""): Paragraph[] {
  const under = (key: string) => heading ? `${heading} > ${key}` : key;
  const text = (v: unknown) => typeof v === "string" ? v : JSON.stringify(v, null, 1);
  if (Array.isArray(value)) {
    return value.map((v, i) => ({ heading: under(`[${i}]`), text: text(v) }))
      .filter((p) => p.text.trim());
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).map(([k, v]) => ({ heading: under(k), text: text(v) }))
      .filter((p) => p.text.trim());
  }
  return value === null || value === undefined ? [] : [{ heading, text: text(value) }];
}

/**
 * Packs paragraphs into chunks: a chunk never spans two headings, stays within
 * {@linkcode MAX_CHUNK_CHARS} when it can, and ends wherever `breaks` says.
 *
 * @param paragraphs The paragraphs, in order.
 * @param breaks For each paragraph after the first, whether a chunk must end before it
 *   (semantic chunking's topic shifts). @default {none}
 * @returns The chunks.
 *
 * @example Two headings make two chunks; a break makes a third
 * ```ts
 * import assert from "node:assert/strict";
 * import { markdownParagraphs, packChunks } from "./chunk.ts";
 * const p = markdownParagraphs("# A\none\n\ntwo\n\n# B\nthree");
 * assert.equal(packChunks(p).length, 2);
 * assert.equal(packChunks(p, [true, false]).length, 3);
 * ```
 */
export function packChunks(
  paragraphs: readonly Paragraph[],
  breaks: readonly boolean[] = [],
): Chunk[] {
  const out: Chunk[] = [];
  let current: Chunk | undefined;
  paragraphs.forEach((p, i) => {
    const fits = current !== undefined && current.heading === p.heading &&
      current.text.length + 2 + p.text.length <= MAX_CHUNK_CHARS && !(breaks[i - 1] ?? false);
    if (fits) current!.text += `\n\n${p.text}`;
    else {
      current = { heading: p.heading, text: p.text };
      out.push(current);
    }
  });
  return out;
}

/**
 * Where a topic shifts between adjacent paragraphs: the similarity of their
 * embeddings is below the document's mean minus one standard deviation.
 *
 * @param vectors One embedding per paragraph.
 * @returns For each paragraph after the first, whether a chunk should end before it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { semanticBreaks } from "./chunk.ts";
 * const v = [[1, 0], [0.99, 0.1], [1, 0.05], [0, 1], [0.05, 1]].map((x) => Float32Array.from(x));
 * assert.deepEqual(semanticBreaks(v), [false, false, true, false]);
 * ```
 */
export function semanticBreaks(vectors: readonly Float32Array[]): boolean[] {
  const sims = vectors.slice(1).map((v, i) => cosine(vectors[i]!, v));
  if (sims.length < 2) return sims.map(() => false);
  const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
  const sd = Math.sqrt(sims.reduce((a, b) => a + (b - mean) ** 2, 0) / sims.length);
  return sims.map((s) => s < mean - sd);
}

/**
 * Cosine similarity of two vectors (0 when either is all zeros).
 *
 * @param a A vector.
 * @param b A vector of the same length.
 * @returns The similarity, -1 to 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cosine } from "./chunk.ts";
 * assert.equal(cosine(Float32Array.of(1, 0), Float32Array.of(2, 0)), 1);
 * ```
 */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
