/**
 * Small Python look-alikes the runtime simulation needs: timestamps as
 * `datetime.strftime` prints them, `str(list)` of names, and strict UTF-8
 * reads that keep a BOM (as Python's `open(encoding="utf-8")` does).
 *
 * @module
 */

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `%Y-%m-%dT%H:%M:%S.%fZ` (microseconds, the JS clock gives milliseconds). */
export function pyTimestamp(date: Date): string {
  return `${pyTimestampSeconds(date).slice(0, -1)}.${pad(date.getUTCMilliseconds(), 3)}000Z`;
}

/** `%Y-%m-%dT%H:%M:%SZ`. */
export function pyTimestampSeconds(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${
    pad(date.getUTCHours())
  }:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`;
}

/** The session id `%Y%m%dT%H%M%SZ` (second resolution). */
export function pySessionId(date: Date): string {
  return pyTimestampSeconds(date).replaceAll("-", "").replaceAll(":", "");
}

/** Python's `str(["A", "B"])` → `['A', 'B']`. */
export function pyStrList(names: readonly string[]): string {
  return `[${
    names.map((n) => `'${n.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`).join(", ")
  }]`;
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Reads a file as Python's `open(path, encoding="utf-8").read()` would (BOM kept, bad bytes throw). */
export async function readTextPy(path: string): Promise<string> {
  return STRICT_UTF8.decode(await Deno.readFile(path));
}

/** `os.path.isfile`. */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/** `os.path.isdir`. */
export async function isDir(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/** A short message for anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
