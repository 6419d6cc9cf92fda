/**
 * Lines of an NDJSON ledger and the one torn-tail rule (see `mod.ts`): the
 * text after the last newline is a line when it is a complete JSON object
 * (its newline is missing), blank when it is only whitespace, and a torn
 * tail otherwise.
 *
 * @module
 */
import { readRange } from "../fs/read_range.ts";

/** One physical line. */
export interface RawLine {
  /** 1-based line number. */
  line: number;
  /** The text, without its newline (a `\r` of a CRLF file is kept). */
  text: string;
}

/** The lines of a ledger text. */
export interface SplitLines {
  /** Every complete line, blank ones included, in order. */
  lines: RawLine[];
  /** Text after the last newline that is not a complete JSON object (a write cut short). */
  torn?: { line: number; bytes: number } | undefined;
}

/**
 * Whether a line's text is a complete JSON object.
 *
 * @param text The text.
 * @returns True when `JSON.parse` yields a non-array object.
 */
export function isJsonObject(text: string): boolean {
  try {
    const v = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/**
 * Splits a ledger text into lines by the torn-tail rule.
 *
 * @param text The file's text.
 * @returns Complete lines and the torn tail, if any.
 */
export function splitLines(text: string): SplitLines {
  const parts = text.split("\n");
  const tail = parts.pop()!;
  const lines = parts.map((t, i) => ({ line: i + 1, text: t }));
  if (tail.trim() === "") return { lines };
  if (isJsonObject(tail)) return { lines: [...lines, { line: lines.length + 1, text: tail }] };
  return {
    lines,
    torn: { line: lines.length + 1, bytes: new TextEncoder().encode(tail).length },
  };
}

/** The end of a ledger file, as an appender needs it. */
export interface FileTail {
  /** File size in bytes (0 when missing). */
  size: number;
  /** Where the next line goes: the size, or the start of a torn or blank tail to cut. */
  end: number;
  /** The last non-blank complete line, without newline and `\r`. */
  last?: string | undefined;
  /** The file ends with a complete line that lacks its newline: write one first. */
  needsNewline: boolean;
}

const NL = 0x0a;

/**
 * Reads the end of a ledger file without reading all of it.
 *
 * @param file An open file.
 * @returns Size, append offset, last complete line.
 */
export async function readFileTail(file: Deno.FsFile): Promise<FileTail> {
  const size = (await file.stat()).size;
  if (size === 0) return { size, end: 0, needsNewline: false };
  const decoder = new TextDecoder();
  for (let window = 64 * 1024;; window *= 4) {
    const start = Math.max(0, size - window);
    const buf = await readRange(file, start, size);
    const lastNl = buf.lastIndexOf(NL);
    if (lastNl === -1 && start > 0) continue;
    const tailText = decoder.decode(buf.subarray(lastNl + 1));
    if (tailText.trim() !== "" && isJsonObject(tailText)) {
      return { size, end: size, last: tailText.replace(/\r$/, ""), needsNewline: true };
    }
    const end = start + lastNl + 1;
    // The last non-blank complete line before `lastNl`.
    let stop = lastNl;
    for (;;) {
      if (stop <= 0) {
        if (start > 0) break; // ran out of window: read more
        return { size, end, needsNewline: false };
      }
      const prevNl = buf.lastIndexOf(NL, stop - 1);
      if (prevNl === -1 && start > 0) break;
      const text = decoder.decode(buf.subarray(prevNl + 1, stop)).replace(/\r$/, "");
      if (text.trim() !== "") return { size, end, last: text, needsNewline: false };
      stop = prevNl;
    }
  }
}

/**
 * Writes text at `tail.end` (cutting a torn tail first, adding a missing
 * newline), in one write, then fsyncs the data.
 *
 * @param file An open, writable file.
 * @param tail Its tail, read under the same lock.
 * @param text Complete lines, each ending in `\n`.
 * @returns The new file size.
 */
export async function writeAtTail(
  file: Deno.FsFile,
  tail: FileTail,
  text: string,
): Promise<number> {
  if (tail.end < tail.size) await file.truncate(tail.end);
  await file.seek(tail.end, Deno.SeekMode.Start);
  const bytes = new TextEncoder().encode((tail.needsNewline ? "\n" : "") + text);
  let written = 0;
  while (written < bytes.length) written += await file.write(bytes.subarray(written));
  await file.syncData();
  return tail.end + bytes.length;
}
