/**
 * Reads a zip's end-of-central-directory (comment up to 64 KiB, zip64
 * locator and record) and parses the central directory into entries.
 *
 * @module
 */
import { KitError } from "../../errors.ts";
import type { BlockReader } from "./block_reader.ts";
import { decodeZipName, decodeZipText, entryKind, type ZipEntry } from "./entry.ts";
import { FLAG, fromDosDateTime, MAX16, MAX32, SIG, SIZE, ZIP64_EXTRA_ID } from "./format.ts";

/** A parsed central directory. */
export interface ZipDirectory {
  /** Entries in central-directory order. */
  entries: ZipEntry[];
  /** Archive comment. */
  comment: string;
  /** Whether zip64 end records were present. */
  zip64: boolean;
  /** Offset of the central directory (as found, after any shift). */
  centralDirectoryOffset: number;
  /** Size of the central directory. */
  centralDirectorySize: number;
  /** Offset of the end-of-central-directory record. */
  endOffset: number;
  /** Bytes before the first zip record (self-extracting stubs); offsets are shifted by this. */
  prependedBytes: number;
  /** Bytes after the end record that are not its comment. */
  trailingBytes: number;
}

/** Options of {@linkcode readZipDirectory}. */
export interface ReadDirectoryOptions {
  /** Refuse more entries than this (zip-bomb limit). @default {Infinity} */
  maxEntries?: number;
  /** Largest central directory read. @default {268435456} */
  maxDirectoryBytes?: number;
  /** Path for error messages. */
  path?: string;
}

const fail = (code: string, message: string, path?: string, details?: Record<string, unknown>) =>
  new KitError(code, message, {
    ...(path === undefined ? {} : { path }),
    ...(details === undefined ? {} : { details }),
  });

/**
 * Finds the end record and parses the central directory.
 *
 * @param reader The archive.
 * @param options Limits and the path for messages.
 * @returns The directory.
 * @throws {KitError} `ZIP_NO_END_RECORD` (no end record: not a zip, or cut off),
 * `SPLIT_ARCHIVE` (multi-disk), `TRUNCATED` (directory beyond the end of the file),
 * `CENTRAL_DIRECTORY_CORRUPT` (bad signatures, counts or sizes),
 * `BOMB_ENTRY_COUNT` (more entries than `maxEntries`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BlockReader } from "./block_reader.ts";
 * import { readZipDirectory } from "./directory.ts";
 * const f = await Deno.makeTempFile();
 * // An empty zip: just an end record.
 * await Deno.writeFile(f, new Uint8Array([0x50, 0x4b, 5, 6, ...new Array(18).fill(0)]));
 * const reader = await BlockReader.open(f);
 * assert((await readZipDirectory(reader)).entries.length === 0);
 * reader.close();
 * await Deno.remove(f);
 * ```
 */
export async function readZipDirectory(
  reader: BlockReader,
  options: ReadDirectoryOptions = {},
): Promise<ZipDirectory> {
  const path = options.path;
  const tailLength = Math.min(reader.size, SIZE.EOCD + MAX16 + SIZE.ZIP64_LOCATOR);
  const tailStart = reader.size - tailLength;
  const tail = (await reader.bytes(tailStart, tailLength)).slice();
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let at = -1;
  let loose = -1;
  for (let i = tail.length - SIZE.EOCD; i >= 0; i--) {
    if (tv.getUint32(i, true) !== SIG.EOCD) continue;
    const commentLength = tv.getUint16(i + 20, true);
    if (i + SIZE.EOCD + commentLength === tail.length) {
      at = i;
      break;
    }
    if (loose < 0 && i + SIZE.EOCD + commentLength <= tail.length) loose = i;
  }
  if (at < 0) at = loose;
  if (at < 0) {
    throw fail(
      "ZIP_NO_END_RECORD",
      `Cannot read ${path ?? "archive"}: no end-of-central-directory record`,
      path,
    );
  }
  const endOffset = tailStart + at;
  const commentLength = tv.getUint16(at + 20, true);
  const trailingBytes = tail.length - (at + SIZE.EOCD + commentLength);
  const comment = decodeZipText(
    tail.subarray(at + SIZE.EOCD, at + SIZE.EOCD + commentLength),
    false,
  );
  let disk = tv.getUint16(at + 4, true);
  let cdDisk = tv.getUint16(at + 6, true);
  let onDisk: number = tv.getUint16(at + 8, true);
  let total: number = tv.getUint16(at + 10, true);
  let cdSize: number = tv.getUint32(at + 12, true);
  let cdOffset: number = tv.getUint32(at + 16, true);
  let zip64 = false;
  let directoryEnd = endOffset;
  if (
    at >= SIZE.ZIP64_LOCATOR && tv.getUint32(at - SIZE.ZIP64_LOCATOR, true) === SIG.ZIP64_LOCATOR
  ) {
    const locator = at - SIZE.ZIP64_LOCATOR;
    const recordOffset = u64(tv, locator + 8, "zip64 locator", path);
    const totalDisks = tv.getUint32(locator + 16, true);
    if (totalDisks > 1) throw splitError(path, totalDisks);
    const record = await reader.bytes(recordOffset, SIZE.ZIP64_EOCD);
    const rv = new DataView(record.buffer, record.byteOffset, record.byteLength);
    if (record.length < SIZE.ZIP64_EOCD || rv.getUint32(0, true) !== SIG.ZIP64_EOCD) {
      throw fail(
        "CENTRAL_DIRECTORY_CORRUPT",
        `Cannot read ${
          path ?? "archive"
        }: the zip64 locator points to offset ${recordOffset}, where there is no zip64 end record`,
        path,
      );
    }
    zip64 = true;
    disk = rv.getUint32(16, true);
    cdDisk = rv.getUint32(20, true);
    onDisk = u64(rv, 24, "zip64 entries on disk", path);
    total = u64(rv, 32, "zip64 total entries", path);
    cdSize = u64(rv, 40, "zip64 directory size", path);
    cdOffset = u64(rv, 48, "zip64 directory offset", path);
    directoryEnd = recordOffset;
  }
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total) {
    throw splitError(path, Math.max(disk, cdDisk) + 1);
  }
  if (total > (options.maxEntries ?? Infinity)) {
    throw fail(
      "BOMB_ENTRY_COUNT",
      `Refusing ${path ?? "archive"}: ${total} entries exceed the limit of ${options.maxEntries}`,
      path,
      { entries: total, limit: options.maxEntries },
    );
  }
  // Self-extracting stubs shift every offset; a negative shift means the directory is cut off.
  const prependedBytes = directoryEnd - (cdOffset + cdSize);
  if (prependedBytes < 0) {
    const beyond = cdOffset + cdSize > reader.size;
    throw fail(
      beyond ? "TRUNCATED" : "CENTRAL_DIRECTORY_CORRUPT",
      `Cannot read ${
        path ?? "archive"
      }: the central directory (offset ${cdOffset}, ${cdSize} bytes) ${
        beyond ? `runs past the end of the ${reader.size}-byte file` : "overlaps the end record"
      }`,
      path,
    );
  }
  if (cdSize > (options.maxDirectoryBytes ?? 256 << 20)) {
    throw fail(
      "CENTRAL_DIRECTORY_CORRUPT",
      `Refusing ${path ?? "archive"}: central directory of ${cdSize} bytes`,
      path,
    );
  }
  const cdStart = cdOffset + prependedBytes;
  const cd = (await reader.bytes(cdStart, cdSize)).slice();
  const entries = parseEntries(cd, total, prependedBytes, path);
  return {
    entries,
    comment,
    zip64,
    centralDirectoryOffset: cdStart,
    centralDirectorySize: cdSize,
    endOffset,
    prependedBytes,
    trailingBytes,
  };
}

function parseEntries(cd: Uint8Array, total: number, shift: number, path?: string): ZipEntry[] {
  const dv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: ZipEntry[] = [];
  let p = 0;
  const corrupt = (why: string) =>
    fail(
      "CENTRAL_DIRECTORY_CORRUPT",
      `Cannot read ${path ?? "archive"}: central directory entry ${entries.length} ${why}`,
      path,
      { entry: entries.length, offset: p },
    );
  for (let index = 0; index < total; index++) {
    if (p + SIZE.CENTRAL > cd.length) throw corrupt("runs past the end of the directory");
    if (dv.getUint32(p, true) !== SIG.CENTRAL) {
      throw corrupt(`has a bad signature 0x${dv.getUint32(p, true).toString(16)}`);
    }
    const versionMadeBy = dv.getUint16(p + 4, true);
    const versionNeeded = dv.getUint16(p + 6, true);
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const time = dv.getUint16(p + 12, true);
    const date = dv.getUint16(p + 14, true);
    const crc32 = dv.getUint32(p + 16, true);
    let compressedSize: number = dv.getUint32(p + 20, true);
    let uncompressedSize: number = dv.getUint32(p + 24, true);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    let diskStart: number = dv.getUint16(p + 34, true);
    const externalAttributes = dv.getUint32(p + 38, true);
    let localHeaderOffset: number = dv.getUint32(p + 42, true);
    const end = p + SIZE.CENTRAL + nameLength + extraLength + commentLength;
    if (end > cd.length) throw corrupt("has name/extra/comment lengths past the directory end");
    const nameBytes = cd.slice(p + SIZE.CENTRAL, p + SIZE.CENTRAL + nameLength);
    const extra = cd.subarray(
      p + SIZE.CENTRAL + nameLength,
      p + SIZE.CENTRAL + nameLength + extraLength,
    );
    const isUtf8 = (flags & FLAG.UTF8) !== 0;
    const { text: name, valid: nameEncodingValid } = decodeZipName(nameBytes, isUtf8);
    let zip64 = false;
    const needs = [
      uncompressedSize === MAX32,
      compressedSize === MAX32,
      localHeaderOffset === MAX32,
      diskStart === MAX16,
    ];
    if (needs.some(Boolean)) {
      const z = findExtra(extra, ZIP64_EXTRA_ID);
      if (!z) {
        throw corrupt(`(${JSON.stringify(name)}) has 0xFFFFFFFF sizes but no zip64 extra field`);
      }
      const zv = new DataView(z.buffer, z.byteOffset, z.byteLength);
      let q = 0;
      const next = (what: string) => {
        if (q + 8 > z.length) {
          throw corrupt(`(${JSON.stringify(name)}) has a short zip64 extra field (${what})`);
        }
        const v = u64(zv, q, what, path);
        q += 8;
        return v;
      };
      if (needs[0]) uncompressedSize = next("uncompressed size");
      if (needs[1]) compressedSize = next("compressed size");
      if (needs[2]) localHeaderOffset = next("local header offset");
      if (needs[3]) {
        if (q + 4 > z.length) throw corrupt("has a short zip64 extra field (disk)");
        diskStart = zv.getUint32(q, true);
      }
      zip64 = true;
    }
    entries.push({
      index,
      name,
      nameBytes,
      nameEncodingValid,
      versionMadeBy,
      versionNeeded,
      flags,
      method,
      crc32,
      compressedSize,
      uncompressedSize,
      localHeaderOffset: localHeaderOffset + shift,
      diskStart,
      externalAttributes,
      mtime: fromDosDateTime(date, time),
      comment: decodeZipText(cd.subarray(end - commentLength, end), isUtf8),
      zip64,
      ...entryKind(versionMadeBy, externalAttributes, name, flags),
    });
    p = end;
  }
  return entries;
}

/**
 * Finds an extra field by id.
 *
 * @param extra The extra-field block.
 * @param id The header id.
 * @returns The field's data, or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findExtra } from "./directory.ts";
 * assert(findExtra(new Uint8Array([1, 0, 2, 0, 7, 8]), 1)?.length === 2);
 * ```
 */
export function findExtra(extra: Uint8Array, id: number): Uint8Array | undefined {
  const dv = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let p = 0; p + 4 <= extra.length;) {
    const fieldId = dv.getUint16(p, true);
    const size = dv.getUint16(p + 2, true);
    if (fieldId === id) return extra.subarray(p + 4, Math.min(extra.length, p + 4 + size));
    p += 4 + size;
  }
  return undefined;
}

function u64(dv: DataView, at: number, what: string, path?: string): number {
  const v = dv.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw fail(
      "CENTRAL_DIRECTORY_CORRUPT",
      `Cannot read ${path ?? "archive"}: ${what} ${v} is out of range`,
      path,
    );
  }
  return Number(v);
}

function splitError(path: string | undefined, disks: number): KitError {
  return fail(
    "SPLIT_ARCHIVE",
    `Cannot read ${
      path ?? "archive"
    } on its own: it is part of a split (multi-disk) archive of ${disks} parts`,
    path,
    { disks },
  );
}
