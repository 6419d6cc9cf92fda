/**
 * The one streaming pass over a zip's data: local headers, overlaps, CRC-32,
 * sizes and SHA-256 of every entry in file order, capturing the small entries
 * later checks need (manifests, sidecars), with progress and cancellation.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { Finding } from "../../schemas/bundle.ts";
import { KitError } from "../errors.ts";
import type { LongWorkOptions } from "../progress.ts";
import { throttleProgress } from "../progress.ts";
import { finding } from "./findings.ts";
import type { BlockReader } from "./zip/block_reader.ts";
import type { ZipDirectory } from "./zip/directory.ts";
import type { ZipEntry } from "./zip/entry.ts";
import { readEntryData } from "./zip/entry_data.ts";
import { hex32, readLocalHeader } from "./zip/local_header.ts";

/** Options of {@linkcode scanEntries}. */
export interface ScanOptions extends LongWorkOptions {
  /** Entries whose data is not read. */
  skip?: ReadonlySet<number>;
  /** Entries (by name) whose content to keep, when at most `maxCapture` bytes. */
  capture?: (name: string) => boolean;
  /** Largest captured entry. @default {1048576} */
  maxCapture?: number;
}

/** What the pass found. */
export interface ScanResult {
  /** Structural findings (CRC, sizes, headers, overlaps). */
  findings: Finding[];
  /** SHA-256 of every entry read completely and consistently. */
  hashes: Map<string, string>;
  /** Content of captured entries. */
  captured: Map<string, Uint8Array>;
  /** Where each entry's data starts (by index), for later selective reads. */
  dataOffsets: Map<number, number>;
  /** Entries whose data failed a check (by index). */
  failed: Set<number>;
}

/**
 * Reads every entry's data once, in file order.
 *
 * @param reader The archive.
 * @param directory Its central directory.
 * @param options Entries to skip, what to capture, progress and cancellation.
 * @returns Findings, hashes and captured content.
 * @throws {DOMException} The signal's reason when aborted.
 *
 * @example
 * ```ts ignore
 * const scan = await scanEntries(reader, directory, { capture: (n) => n.endsWith(".json") });
 * ```
 */
export async function scanEntries(
  reader: BlockReader,
  directory: ZipDirectory,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const result: ScanResult = {
    findings: [],
    hashes: new Map(),
    captured: new Map(),
    dataOffsets: new Map(),
    failed: new Set(),
  };
  const progress = throttleProgress(options.progress);
  const maxCapture = options.maxCapture ?? 1 << 20;
  const ordered = [...directory.entries].sort((a, b) =>
    a.localHeaderOffset - b.localHeaderOffset || a.index - b.index
  );
  let previousEnd = 0;
  let previous: ZipEntry | undefined;
  for (const entry of ordered) {
    options.signal?.throwIfAborted();
    const q = JSON.stringify(entry.name);
    const fail = (code: string, message: string, details?: Record<string, unknown>) => {
      result.failed.add(entry.index);
      result.findings.push(finding(code, message, entry.name, details));
    };
    if (entry.localHeaderOffset >= reader.size) {
      fail(
        "TRUNCATED",
        `Entry ${q} starts at offset ${entry.localHeaderOffset}, past the end of the ${reader.size}-byte file`,
      );
      continue;
    }
    if (previous && entry.localHeaderOffset < previousEnd) {
      fail(
        "ENTRY_OVERLAP",
        `Entry ${q} (offset ${entry.localHeaderOffset}) overlaps the data of ${
          JSON.stringify(previous.name)
        } (which ends at ${previousEnd})`,
      );
      continue;
    }
    const local = await readLocalHeader(reader, entry);
    if (local === null) {
      fail(
        "LOCAL_HEADER_MISMATCH",
        `Entry ${q} has no local file header at offset ${entry.localHeaderOffset}`,
      );
      continue;
    }
    if (local.mismatches.length) {
      fail(
        "LOCAL_HEADER_MISMATCH",
        `Entry ${q}: local header disagrees with the central directory on ${
          local.mismatches.join(", ")
        }`,
      );
    }
    result.dataOffsets.set(entry.index, local.dataOffset);
    previous = entry;
    previousEnd = local.dataOffset + entry.compressedSize;
    if (options.skip?.has(entry.index)) continue;
    const hash = createHash("sha256");
    const keep = !entry.isDirectory && entry.uncompressedSize <= maxCapture &&
      (options.capture?.(entry.name) ?? false);
    const parts: Uint8Array[] = [];
    try {
      const { crc32, size } = await readEntryData(reader, entry, local.dataOffset, {
        onChunk: (chunk) => {
          hash.update(chunk);
          if (keep) parts.push(chunk.slice());
        },
        onInput: (bytes) => progress(local.dataOffset + bytes, reader.size, entry.name),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (size !== entry.uncompressedSize) {
        fail(
          "SIZE_MISMATCH",
          `Entry ${q} holds ${size} bytes but declares ${entry.uncompressedSize}`,
          {
            size,
            declared: entry.uncompressedSize,
          },
        );
        continue;
      }
      if (crc32 !== entry.crc32) {
        fail(
          "CRC_MISMATCH",
          `Entry ${q} has CRC-32 0x${hex32(crc32)}, expected 0x${hex32(entry.crc32)}`,
          {
            actual: hex32(crc32),
            expected: hex32(entry.crc32),
          },
        );
        continue;
      }
    } catch (error) {
      if (!(error instanceof KitError)) throw error;
      fail(error.code, error.message);
      continue;
    }
    if (!entry.isDirectory) result.hashes.set(entry.name, hash.digest("hex"));
    if (keep) result.captured.set(entry.name, concat(parts));
  }
  if (previous && previousEnd > directory.centralDirectoryOffset) {
    result.failed.add(previous.index);
    result.findings.push(finding(
      "ENTRY_OVERLAP",
      `Entry ${
        JSON.stringify(previous.name)
      } runs into the central directory (data ends at ${previousEnd}, directory starts at ${directory.centralDirectoryOffset})`,
      previous.name,
    ));
  }
  progress(reader.size, reader.size);
  return result;
}

/**
 * Joins byte chunks.
 *
 * @param parts Chunks.
 * @returns One array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concat } from "./scan.ts";
 * assert(concat([new Uint8Array([1]), new Uint8Array([2])]).length === 2);
 * ```
 */
export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
