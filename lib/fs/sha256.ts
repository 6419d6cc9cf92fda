import { createHash } from "node:crypto";

/**
 * SHA-256 of bytes or text, as lowercase hex.
 *
 * @param data Bytes, or text hashed as UTF-8.
 * @returns 64 hex characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256Hex } from "./sha256.ts";
 * assert(sha256Hex("abc").startsWith("ba7816bf"));
 * ```
 */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * SHA-256 of a file, streamed (constant memory).
 *
 * @param path The file.
 * @param signal Aborts the read.
 * @returns 64 hex characters.
 * @throws {Deno.errors.NotFound} When the file does not exist.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256File } from "./sha256.ts";
 * const f = await Deno.makeTempFile();
 * await Deno.writeTextFile(f, "abc");
 * assert((await sha256File(f)).startsWith("ba7816bf"));
 * await Deno.remove(f);
 * ```
 */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path, { read: true });
  const buffer = new Uint8Array(1 << 20);
  for (;;) {
    signal?.throwIfAborted();
    const n = await file.read(buffer);
    if (n === null) break;
    hash.update(buffer.subarray(0, n));
  }
  return hash.digest("hex");
}
