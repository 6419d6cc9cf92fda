import { basename, dirname, join } from "node:path";

/** Options of {@linkcode writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** fsync the file before the rename, so a crash never leaves it empty. @default {true} */
  sync?: boolean;
  /** File mode of the new file. */
  mode?: number;
}

/**
 * Writes a file so that readers see either the old content or the new one,
 * never a half-written file: write a temp file beside it, fsync, rename.
 *
 * @param path The file to write.
 * @param data Text or bytes.
 * @param options Durability and mode.
 * @returns Resolves once the file is in place.
 * @throws {Deno.errors.NotFound} When the parent folder does not exist.
 *
 * @example Replace a JSON file atomically
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFileAtomic } from "./atomic_write.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/state.json`, JSON.stringify({ ok: true }));
 * assert(JSON.parse(await Deno.readTextFile(`${dir}/state.json`)).ok);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${crypto.randomUUID()}.tmp`);
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const file = await Deno.open(tmp, {
    write: true,
    createNew: true,
    ...(options.mode === undefined ? {} : { mode: options.mode }),
  });
  try {
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    if (options.sync ?? true) await file.sync();
  } catch (error) {
    file.close();
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
  file.close();
  try {
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/**
 * {@linkcode writeFileAtomic} for a JSON value, pretty-printed with a final newline.
 *
 * @param path The file to write.
 * @param value Any JSON-able value.
 * @returns Resolves once the file is in place.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeJsonAtomic } from "./atomic_write.ts";
 * const dir = await Deno.makeTempDir();
 * await writeJsonAtomic(`${dir}/a.json`, [1, 2]);
 * assert((await Deno.readTextFile(`${dir}/a.json`)).endsWith("]\n"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}
