/**
 * Opening a bundle for selective reads (inspect, read one entry): typed
 * errors instead of verdicts, since these callers need a readable zip.
 *
 * @module
 */
import { basename, resolve } from "node:path";
import { ExitCode, KitError } from "../errors.ts";
import { describeContent, sniffBundle } from "./sniff.ts";
import { BlockReader } from "./zip/block_reader.ts";
import { readZipDirectory, type ZipDirectory } from "./zip/directory.ts";
import type { ZipEntry } from "./zip/entry.ts";
import { readEntryData } from "./zip/entry_data.ts";
import { readLocalHeader } from "./zip/local_header.ts";

/** An open archive. */
export interface OpenArchive {
  /** Absolute path. */
  path: string;
  /** File name. */
  name: string;
  /** The reader (close it). */
  reader: BlockReader;
  /** The central directory. */
  directory: ZipDirectory;
}

/**
 * Opens a bundle and reads its central directory.
 *
 * @param path The bundle.
 * @returns The open archive.
 * @throws {KitError} `BUNDLE_NOT_FOUND`, `EMPTY_FILE`, `LFS_POINTER`, `SPLIT_ARCHIVE`,
 * `NOT_A_ZIP`, `TRUNCATED`, `CENTRAL_DIRECTORY_CORRUPT` (all exit 2).
 */
export async function openArchive(path: string): Promise<OpenArchive> {
  const absolute = resolve(path);
  const name = basename(absolute);
  let reader: BlockReader;
  try {
    reader = await BlockReader.open(absolute, { hashFile: false, blockSize: 1 << 20 });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new KitError("BUNDLE_NOT_FOUND", `Bundle ${absolute} does not exist`, {
        path: absolute,
        exitCode: ExitCode.USAGE,
        cause: error,
      });
    }
    if (error instanceof Deno.errors.IsADirectory) {
      throw new KitError("BUNDLE_IS_DIRECTORY", `Bundle ${absolute} is a folder`, {
        path: absolute,
        exitCode: ExitCode.USAGE,
      });
    }
    throw error;
  }
  try {
    const head = (await reader.bytes(0, 1024)).slice();
    const sniffed = sniffBundle(name, reader.size, head);
    if (sniffed) {
      throw new KitError(sniffed.code, sniffed.message, {
        path: absolute,
        exitCode: ExitCode.USAGE,
      });
    }
    try {
      return {
        path: absolute,
        name,
        reader,
        directory: await readZipDirectory(reader, { path: name }),
      };
    } catch (error) {
      if (!(error instanceof KitError)) throw error;
      if (error.code === "ZIP_NO_END_RECORD") {
        const looksZip = head[0] === 0x50 && head[1] === 0x4b;
        throw new KitError(
          looksZip ? "TRUNCATED" : "NOT_A_ZIP",
          looksZip
            ? `Cannot read ${name}: it starts like a zip but has no end-of-central-directory record (truncated)`
            : `Cannot read ${name} as it is not a zip archive: it holds ${describeContent(head)}`,
          { path: absolute, exitCode: ExitCode.USAGE },
        );
      }
      throw new KitError(error.code, error.message, { path: absolute, exitCode: ExitCode.USAGE });
    }
  } catch (error) {
    reader.close();
    throw error;
  }
}

/**
 * Reads an entry (or its first `limit` bytes), checking the CRC when read whole.
 *
 * @param archive The open archive.
 * @param entry The entry.
 * @param limit Stop after this many bytes.
 * @param signal Aborts the read.
 * @returns The bytes and whether they are the whole entry.
 * @throws {KitError} `LOCAL_HEADER_MISMATCH`, `CRC_MISMATCH`, and the codes of {@linkcode readEntryData}.
 */
export async function readEntry(
  archive: OpenArchive,
  entry: ZipEntry,
  limit = Infinity,
  signal?: AbortSignal,
): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const local = await readLocalHeader(archive.reader, entry);
  if (local === null) {
    throw new KitError(
      "LOCAL_HEADER_MISMATCH",
      `Entry ${JSON.stringify(entry.name)} has no local file header`,
      { path: entry.name },
    );
  }
  const parts: Uint8Array[] = [];
  const result = await readEntryData(archive.reader, entry, local.dataOffset, {
    onChunk: (c) => parts.push(c.slice()),
    ...(Number.isFinite(limit) ? { limit } : {}),
    ...(signal ? { signal } : {}),
  });
  if (result.complete && (result.crc32 !== entry.crc32 || result.size !== entry.uncompressedSize)) {
    throw new KitError(
      "CRC_MISMATCH",
      `Entry ${JSON.stringify(entry.name)} fails its CRC-32 or size check`,
      { path: entry.name },
    );
  }
  const bytes = new Uint8Array(result.size);
  parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
  return { bytes, complete: result.complete };
}
