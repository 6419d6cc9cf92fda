/**
 * Reads the bytes `[start, end)` of an open file (fewer if the file is shorter).
 *
 * @param file An open file.
 * @param start First byte offset.
 * @param end Offset after the last byte.
 * @returns The bytes read.
 *
 * @example Read the last 3 bytes of a file
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRange } from "./read_range.ts";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "abcdef");
 * using file = await Deno.open(path);
 * assert(new TextDecoder().decode(await readRange(file, 3, 6)) === "def");
 * await Deno.remove(path);
 * ```
 */
export async function readRange(
  file: Deno.FsFile,
  start: number,
  end: number,
): Promise<Uint8Array> {
  await file.seek(start, Deno.SeekMode.Start);
  const buf = new Uint8Array(Math.max(0, end - start));
  let read = 0;
  while (read < buf.length) {
    const n = await file.read(buf.subarray(read));
    if (n === null) break;
    read += n;
  }
  return buf.subarray(0, read);
}
