/**
 * `extractBundle`: validate, extract into a staging folder beside the
 * destination, verify every file as written, then promote by an atomic rename.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";
import type { ExtractResult } from "../../schemas/bundle.ts";
import { ExitCode, KitError } from "../errors.ts";
import { ensureDir } from "../fs/ensure_dir.ts";
import { isInside } from "../fs/roots.ts";
import { throttleProgress } from "../progress.ts";
import { runValidation, type ValidateOptions } from "./_pipeline.ts";
import { unsafePathCodes } from "./entry_checks.ts";
import { BlockReader } from "./zip/block_reader.ts";
import { readEntryData } from "./zip/entry_data.ts";

/** Options of {@linkcode extractBundle}. */
export interface ExtractOptions extends ValidateOptions {
  /** Replace an existing, non-empty destination (it is swapped out only after a verified extraction). @default {false} */
  replace?: boolean;
  /**
   * What refuses the extraction: any validation error (`errors`), or only hostile structure —
   * errors about the zip itself, unsafe paths or bomb limits (`hostile`; boot uses it to run a
   * bundle its validator faults, so the bundle's own runtime can give its verdict).
   * @default {"errors"}
   */
  refuse?: "errors" | "hostile";
}

/** The finding categories that make a zip hostile to extract (never extracted, whatever the caller asks). */
export const HOSTILE_CATEGORIES: readonly string[] = ["structure", "paths", "limits"];

/**
 * Extracts a bundle safely: refuses anything {@linkcode validateBundle} refuses
 * (warnings alone do not block), writes only inside a fresh staging folder in
 * the destination's parent, checks every file's size, CRC-32 and SHA-256 as
 * written, then renames the staging folder onto the destination. On any
 * failure or abort the staging folder is removed and the destination is untouched.
 *
 * @param path The bundle.
 * @param dest The folder to create (or replace, with `replace`).
 * @param options Validation options, `replace`, progress and signal.
 * @returns The destination, files and bytes written, and the verdict.
 * @throws {KitError} `EXTRACT_REFUSED` (exit 1, or 2 when unreadable) when validation fails,
 * `DEST_EXISTS` (exit 2), `DOUBLE_WRAPPER` (exit 2), `EXTRACT_VERIFY_FAILED`, and the
 * errors of {@linkcode validateBundle}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractBundle } from "./extract.ts";
 * import { ZipWriter } from "./zip/writer.ts";
 * const dir = await Deno.makeTempDir();
 * const zip = await ZipWriter.create(`${dir}/x.zip`);
 * await zip.addBytes("notes/a.txt", new TextEncoder().encode("a"));
 * await zip.finish();
 * // Not an OS bundle, so validation refuses it:
 * await assert.rejects(extractBundle(`${dir}/x.zip`, `${dir}/out`), { code: "EXTRACT_REFUSED" });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function extractBundle(
  path: string,
  dest: string,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  const { verdict, directory, scan, generation } = await runValidation(path, options);
  const refused = options.refuse === "hostile"
    ? verdict.findings.some((f) =>
      f.severity === "error" && HOSTILE_CATEGORIES.includes(f.category)
    )
    : !verdict.ok;
  if (refused || !directory || !scan) {
    const errors = verdict.findings.filter((f) =>
      f.severity === "error" &&
      (options.refuse !== "hostile" || HOSTILE_CATEGORIES.includes(f.category))
    );
    throw new KitError(
      "EXTRACT_REFUSED",
      `Refusing to extract ${verdict.identity.name}: validation found ${errors.length} error(s), first ${
        errors[0]?.code
      }: ${errors[0]?.message}`,
      {
        path: verdict.identity.path,
        exitCode: verdict.readable ? ExitCode.INVALID : ExitCode.USAGE,
        details: { codes: [...new Set(errors.map((f) => f.code))] },
      },
    );
  }
  const target = resolve(dest);
  const parent = dirname(target);
  const wrapper = generation?.root.slice(0, -1);
  if (wrapper && basename(target) === wrapper) {
    throw new KitError(
      "DOUBLE_WRAPPER",
      `Refusing to extract into ${target}: the bundle already wraps its files in ${wrapper}/, which would give ${wrapper}/${wrapper}/`,
      { path: target, exitCode: ExitCode.USAGE },
    );
  }
  const existing = await lstatOrNull(target);
  if (existing && (existing.isSymlink || !existing.isDirectory)) {
    throw new KitError(
      "DEST_EXISTS",
      `Cannot extract to ${target}: it exists and is not a folder`,
      { path: target, exitCode: ExitCode.USAGE },
    );
  }
  const replacing = existing !== null && !(await isEmptyDir(target));
  if (replacing && !options.replace) {
    throw new KitError(
      "DEST_EXISTS",
      `Cannot extract to ${target}: the folder is not empty (use replace to swap it out)`,
      {
        path: target,
        exitCode: ExitCode.USAGE,
      },
    );
  }
  await ensureDir(parent, "DEST_NOT_A_DIRECTORY");
  const staging = join(parent, `.${basename(target)}.staging-${crypto.randomUUID()}`);
  await Deno.mkdir(staging, { mode: 0o755 });
  const progress = throttleProgress(options.progress);
  let files = 0;
  let bytes = 0;
  const reader = await BlockReader.open(verdict.identity.path, { hashFile: false });
  try {
    const ordered = [...directory.entries].sort((a, b) =>
      a.localHeaderOffset - b.localHeaderOffset
    );
    for (const entry of ordered) {
      options.signal?.throwIfAborted();
      const out = join(staging, entry.name);
      if (
        unsafePathCodes(entry.name).length || entry.isSymlink || !isInside(out, staging) ||
        out === staging
      ) {
        throw verifyError(entry.name, "has an unsafe path"); // validation refuses these; never trust it alone
      }
      if (entry.isDirectory) {
        await Deno.mkdir(out, { recursive: true });
        continue;
      }
      await Deno.mkdir(dirname(out), { recursive: true });
      const offset = scan.dataOffsets.get(entry.index);
      if (offset === undefined) throw verifyError(entry.name, "has no readable data");
      const exec = entry.unixMode !== null && (entry.unixMode & 0o111) !== 0;
      const file = await Deno.open(out, {
        write: true,
        createNew: true,
        mode: exec ? 0o755 : 0o644,
      });
      const hash = createHash("sha256");
      let written = 0;
      try {
        const result = await readEntryData(reader, entry, offset, {
          onChunk: (chunk) => {
            for (let done = 0; done < chunk.length;) done += file.writeSync(chunk.subarray(done));
            hash.update(chunk);
            written += chunk.length;
          },
          onInput: () => progress(bytes + written, verdict.identity.size, entry.name),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (result.crc32 !== entry.crc32 || result.size !== entry.uncompressedSize) {
          throw verifyError(
            entry.name,
            `wrote ${result.size} bytes with CRC ${result.crc32}, expected ${entry.uncompressedSize} bytes with CRC ${entry.crc32}`,
          );
        }
      } finally {
        file.close();
      }
      const expected = scan.hashes.get(entry.name);
      const actual = hash.digest("hex");
      if (expected !== actual) {
        throw verifyError(entry.name, `wrote sha256 ${actual}, validation read ${expected}`);
      }
      const onDisk = (await Deno.stat(out)).size;
      if (onDisk !== entry.uncompressedSize) {
        throw verifyError(
          entry.name,
          `is ${onDisk} bytes on disk, expected ${entry.uncompressedSize}`,
        );
      }
      files++;
      bytes += written;
    }
    options.signal?.throwIfAborted();
    await promote(staging, target, replacing);
  } catch (error) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    throw error;
  } finally {
    reader.close();
  }
  progress(verdict.identity.size, verdict.identity.size);
  return { dest: target, files, bytes, verdict };
}

async function promote(staging: string, target: string, replacing: boolean): Promise<void> {
  if (!replacing) {
    await Deno.rename(staging, target); // onto a missing or empty folder: atomic
    return;
  }
  const old = join(dirname(target), `.${basename(target)}.old-${crypto.randomUUID()}`);
  await Deno.rename(target, old);
  try {
    await Deno.rename(staging, target);
  } catch (error) {
    await Deno.rename(old, target).catch(() => {});
    throw error;
  }
  await Deno.remove(old, { recursive: true }).catch(() => {});
}

function verifyError(name: string, why: string): KitError {
  return new KitError(
    "EXTRACT_VERIFY_FAILED",
    `Extraction stopped: entry ${JSON.stringify(name)} ${why}`,
    { path: name },
  );
}

async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

async function isEmptyDir(path: string): Promise<boolean> {
  for await (const _ of Deno.readDir(path)) return false;
  return true;
}
