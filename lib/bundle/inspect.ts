/**
 * `inspectBundle` and `readBundleEntry`: list entries, show manifests and
 * read single files from inside a bundle without extracting it.
 *
 * @module
 */
import type { EntryContent, Inspection, MeepSummary } from "../../schemas/bundle.ts";
import { ExitCode, KitError } from "../errors.ts";
import { type OpenArchive, openArchive, readEntry } from "./_archive.ts";
import { findRoot, isObject } from "./generation.ts";
import { detectGeneration, detectionReads } from "./generations/detect.ts";
import { bundleLayout } from "./generations/profile.ts";
import { parseJson } from "./layout.ts";
import { MEEP_FILE } from "./meep.ts";
import { hex32 } from "./zip/local_header.ts";

/** Options of {@linkcode inspectBundle}. */
export interface InspectOptions {
  /** An entry whose content to include. */
  entry?: string;
  /** Largest content returned for `entry`; longer content is cut (`truncated`). @default {65536} */
  maxBytes?: number;
  /** Aborts the work. */
  signal?: AbortSignal;
}

/** Options of {@linkcode readBundleEntry}. */
export interface ReadEntryOptions {
  /** Refuse entries larger than this. @default {67108864} */
  maxBytes?: number;
  /** Aborts the read. */
  signal?: AbortSignal;
}

const MANIFESTS: Record<string, string> = {
  boot_manifest: "boot_manifest.json",
  boot_manifest_v1: "boot_manifest_v1.json",
  build_manifest: "scripts/build_manifest.json",
  boot_contract: "boot_contract.json",
  version_manifest: "VERSION_MANIFEST.json",
};

/**
 * Lists a bundle's entries and shows its manifests (and optionally one
 * entry's content), reading only the central directory and the few entries
 * needed.
 *
 * @param path The bundle.
 * @param options An entry to show and its size cap.
 * @returns The inspection.
 * @throws {KitError} `BUNDLE_NOT_FOUND`, `NOT_A_ZIP`, `LFS_POINTER`, … (exit 2) when the zip cannot
 * be read; `ENTRY_NOT_FOUND` (exit 2) for an unknown `entry`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inspectBundle } from "./inspect.ts";
 * import { ZipWriter } from "./zip/writer.ts";
 * const f = await Deno.makeTempFile({ suffix: ".zip" });
 * const zip = await ZipWriter.create(f);
 * await zip.addBytes("README.md", new TextEncoder().encode("# hi\n"));
 * await zip.finish();
 * const inspection = await inspectBundle(f, { entry: "README.md" });
 * assert(inspection.entries.length === 1 && inspection.content?.content === "# hi\n");
 * await Deno.remove(f);
 * ```
 */
export async function inspectBundle(
  path: string,
  options: InspectOptions = {},
): Promise<Inspection> {
  const archive = await openArchive(path);
  try {
    const { directory } = archive;
    const names = directory.entries.map((e) => e.name);
    const { root } = findRoot(names);
    const manifests: Record<string, unknown> = {};
    for (const [key, rel] of Object.entries(MANIFESTS)) {
      const value = await readJson(archive, root + rel, options.signal);
      if (value !== undefined) manifests[key] = value;
    }
    const reads = new Map<string, unknown>();
    for (const name of detectionReads(bundleLayout(names))) {
      reads.set(name, await readJson(archive, name, options.signal));
    }
    const info = detectGeneration(names, (name) => reads.get(name));
    const meep = await meepSummary(archive, info.root, options.signal);
    const content = options.entry === undefined
      ? undefined
      : await entryContent(archive, options.entry, options.maxBytes ?? 65536, options.signal);
    return {
      name: archive.name,
      path: archive.path,
      size: archive.reader.size,
      generation: info.generation,
      ...(info.root ? { root: info.root.slice(0, -1) } : {}),
      comment: directory.comment,
      zip64: directory.zip64 || directory.entries.some((e) => e.zip64),
      entry_count: directory.entries.length,
      total_size: directory.entries.reduce((n, e) => n + e.uncompressedSize, 0),
      entries: directory.entries.map((e) => ({
        name: e.name,
        size: e.uncompressedSize,
        compressed_size: e.compressedSize,
        method: e.method === 0 ? "store" : e.method === 8 ? "deflate" : `method-${e.method}`,
        crc32: hex32(e.crc32),
        mtime: e.mtime,
        is_directory: e.isDirectory,
        is_symlink: e.isSymlink,
        encrypted: e.encrypted,
      })),
      manifests,
      ...(meep ? { meep } : {}),
      ...(content ? { content } : {}),
    };
  } finally {
    archive.reader.close();
  }
}

/**
 * Reads one entry from inside a bundle (CRC checked), without extracting anything.
 *
 * @param path The bundle.
 * @param name The entry name, exactly as stored.
 * @param options Size cap and signal.
 * @returns The entry's bytes.
 * @throws {KitError} `ENTRY_NOT_FOUND`, `ENTRY_TOO_LARGE` (exit 2), `CRC_MISMATCH`, and the
 * codes of {@linkcode inspectBundle} for unreadable zips.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readBundleEntry } from "./inspect.ts";
 * import { ZipWriter } from "./zip/writer.ts";
 * const f = await Deno.makeTempFile({ suffix: ".zip" });
 * const zip = await ZipWriter.create(f);
 * await zip.addBytes("a.txt", new TextEncoder().encode("abc"));
 * await zip.finish();
 * assert(new TextDecoder().decode(await readBundleEntry(f, "a.txt")) === "abc");
 * await Deno.remove(f);
 * ```
 */
export async function readBundleEntry(
  path: string,
  name: string,
  options: ReadEntryOptions = {},
): Promise<Uint8Array> {
  const archive = await openArchive(path);
  try {
    const entry = findEntry(archive, name);
    const max = options.maxBytes ?? 64 << 20;
    if (entry.uncompressedSize > max) {
      throw new KitError(
        "ENTRY_TOO_LARGE",
        `Entry ${
          JSON.stringify(name)
        } holds ${entry.uncompressedSize} bytes, more than the ${max}-byte limit`,
        {
          path: name,
          exitCode: ExitCode.USAGE,
        },
      );
    }
    return (await readEntry(archive, entry, Infinity, options.signal)).bytes;
  } finally {
    archive.reader.close();
  }
}

function findEntry(archive: OpenArchive, name: string) {
  const entry = archive.directory.entries.find((e) => e.name === name);
  if (!entry) {
    throw new KitError(
      "ENTRY_NOT_FOUND",
      `Bundle ${archive.name} has no entry ${JSON.stringify(name)}`,
      {
        path: name,
        exitCode: ExitCode.USAGE,
      },
    );
  }
  if (entry.isDirectory) {
    throw new KitError("ENTRY_IS_DIRECTORY", `Entry ${JSON.stringify(name)} is a folder`, {
      path: name,
      exitCode: ExitCode.USAGE,
    });
  }
  return entry;
}

async function entryContent(
  archive: OpenArchive,
  name: string,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<EntryContent> {
  const entry = findEntry(archive, name);
  const { bytes, complete } = await readEntry(archive, entry, maxBytes, signal);
  let text: string | undefined;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = complete ? undefined : new TextDecoder().decode(bytes).replace(/\uFFFD$/, "");
    if (text !== undefined && text.includes("\uFFFD")) text = undefined;
  }
  const binary = text === undefined || hasControlBytes(bytes.subarray(0, 4096));
  return {
    name,
    size: entry.uncompressedSize,
    bytes: bytes.length,
    truncated: !complete,
    encoding: binary ? "base64" : "utf-8",
    content: binary ? toBase64(bytes) : text!,
  };
}

async function readJson(
  archive: OpenArchive,
  name: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const entry = archive.directory.entries.find((e) => e.name === name);
  if (!entry || entry.isDirectory) return undefined;
  if (entry.uncompressedSize > 8 << 20) {
    return { error: `not shown: ${entry.uncompressedSize} bytes` };
  }
  try {
    const parsed = parseJson((await readEntry(archive, entry, Infinity, signal)).bytes);
    return parsed.ok ? parsed.value : { error: parsed.error };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { error: error instanceof KitError ? `${error.code}: ${error.message}` : String(error) };
  }
}

async function meepSummary(
  archive: OpenArchive,
  root: string,
  signal?: AbortSignal,
): Promise<MeepSummary | undefined> {
  const path = root + MEEP_FILE;
  const value = await readJson(archive, path, signal);
  if (!isObject(value) || !Array.isArray(value.inventory)) return undefined;
  const names = new Set(archive.directory.entries.filter((e) => !e.isDirectory).map((e) => e.name));
  const listed = new Set(
    value.inventory.filter(isObject).map((i) => String(i.path ?? "").replace(/^\.\//, ""))
      .filter((p) => p && p !== MEEP_FILE).map((p) => root + p),
  );
  return {
    path,
    standard: String(value.export_standard ?? ""),
    ...(typeof value.date === "string" ? { date: value.date } : {}),
    listed: listed.size,
    missing: [...listed].filter((p) => !names.has(p)).length,
    unlisted: [...names].filter((n) => n.startsWith(root) && n !== path && !listed.has(n)).length,
  };
}

/** NUL or control bytes other than tab, newline, carriage return, form feed: binary. */
function hasControlBytes(bytes: Uint8Array): boolean {
  return bytes.some((b) => b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13);
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
