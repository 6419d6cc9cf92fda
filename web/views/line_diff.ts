/**
 * A line diff of two texts (longest common subsequence), for showing how a
 * method's source changed between two versions of an object.
 *
 * @module
 */

/** One line of a diff: kept (` `), removed (`-`) or added (`+`). */
export interface DiffLine {
  /** What happened to the line. */
  op: " " | "-" | "+";
  /** The line's text. */
  text: string;
}

/** Texts longer than this many lines on both sides are shown removed and added whole. */
const MAX_CELLS = 4_000_000;

/**
 * The lines of `after` against `before`: common lines kept, the others
 * removed or added, in order.
 *
 * @param before The older text.
 * @param after The newer text.
 * @returns The diff's lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineDiff } from "./line_diff.ts";
 * const d = lineDiff("a\nb\nc", "a\nB\nc");
 * assert.deepEqual(d.map((l) => l.op + l.text), [" a", "-b", "+B", " c"]);
 * ```
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((text) => ({ op: "-" as const, text })),
      ...b.map((text) => ({ op: "+" as const, text })),
    ];
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], one row of width b.length + 1 per i.
  const w = b.length + 1;
  const lcs = new Int32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j]
        ? lcs[(i + 1) * w + j + 1]! + 1
        : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: " ", text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) out.push({ op: "-", text: a[i++]! });
    else out.push({ op: "+", text: b[j++]! });
  }
  while (i < a.length) out.push({ op: "-", text: a[i++]! });
  while (j < b.length) out.push({ op: "+", text: b[j++]! });
  return out;
}
