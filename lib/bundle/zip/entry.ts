/**
 * The zip entry model read from a central directory, and name decoding.
 *
 * @module
 */
import { FLAG, S_IFDIR, S_IFLNK, S_IFMT } from "./format.ts";

/** One central-directory entry, with zip64 values already applied. */
export interface ZipEntry {
  /** Position in the central directory (0-based). */
  index: number;
  /**
   * Decoded name (UTF-8 when flag bit 11 is set, else CP437); when the bytes
   * are not valid UTF-8 although flagged so, a display form with U+FFFD in
   * place of the bad bytes (see `nameEncodingValid`).
   */
  name: string;
  /** Raw name bytes, as stored. */
  nameBytes: Uint8Array;
  /** False when flag bit 11 declares UTF-8 and the name bytes are not valid UTF-8. */
  nameEncodingValid: boolean;
  /** "Version made by" (high byte: host system, 3 = Unix). */
  versionMadeBy: number;
  /** "Version needed to extract". */
  versionNeeded: number;
  /** General-purpose flags. */
  flags: number;
  /** Compression method (0 store, 8 deflate). */
  method: number;
  /** CRC-32 of the uncompressed data. */
  crc32: number;
  /** Compressed size. */
  compressedSize: number;
  /** Uncompressed size. */
  uncompressedSize: number;
  /** Offset of the local file header. */
  localHeaderOffset: number;
  /** Disk number where the entry starts (split archives). */
  diskStart: number;
  /** External attributes (Unix mode in the high 16 bits when made on Unix). */
  externalAttributes: number;
  /** Modification time (ISO-8601), or null when the DOS fields are invalid. */
  mtime: string | null;
  /** Entry comment. */
  comment: string;
  /** Whether a zip64 extra field supplied any value. */
  zip64: boolean;
  /** Unix mode bits when the entry was made on a Unix-like host. */
  unixMode: number | null;
  /** Name ends with `/` or attributes say directory. */
  isDirectory: boolean;
  /** Unix mode says symbolic link. */
  isSymlink: boolean;
  /** Flag bit 0 or 6 is set. */
  encrypted: boolean;
}

// CP437 upper half (0x80–0xFF), as Python's zipfile decodes names without the UTF-8 flag.
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";
const utf8 = new TextDecoder("utf-8");
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes an entry name or comment: UTF-8 when flagged, else CP437.
 *
 * @param bytes The raw bytes.
 * @param isUtf8 Whether flag bit 11 is set.
 * @returns The text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeZipText } from "./entry.ts";
 * assert(decodeZipText(new Uint8Array([0x82]), false) === "é");
 * ```
 */
export function decodeZipText(bytes: Uint8Array, isUtf8: boolean): string {
  if (isUtf8) return utf8.decode(bytes);
  let out = "";
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return out;
}

/**
 * Decodes an entry name as its flag declares it, telling whether the bytes
 * really are in that encoding: a name flagged UTF-8 (bit 11) whose bytes are
 * not valid UTF-8 is `valid: false`, with U+FFFD in place of the bad bytes for
 * display — never silently taken as another name. CP437 (flag off) decodes
 * every byte.
 *
 * @param bytes The raw name bytes.
 * @param isUtf8 Whether flag bit 11 is set.
 * @returns The name and whether it decoded cleanly.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeZipName } from "./entry.ts";
 * assert.deepEqual(decodeZipName(new Uint8Array([0x61, 0xff]), true), { text: "a\uFFFD", valid: false });
 * assert.deepEqual(decodeZipName(new Uint8Array([0x82]), false), { text: "é", valid: true });
 * ```
 */
export function decodeZipName(
  bytes: Uint8Array,
  isUtf8: boolean,
): { text: string; valid: boolean } {
  if (!isUtf8) return { text: decodeZipText(bytes, false), valid: true };
  try {
    return { text: strictUtf8.decode(bytes), valid: true };
  } catch {
    return { text: utf8.decode(bytes), valid: false };
  }
}

/**
 * Derives the type facts of an entry (unix mode, directory, symlink, encryption).
 *
 * @param versionMadeBy The "version made by" field.
 * @param externalAttributes The external attributes.
 * @param name The decoded name.
 * @param flags General-purpose flags.
 * @returns The derived facts.
 *
 * @example A Unix symlink entry
 * ```ts
 * import assert from "node:assert/strict";
 * import { entryKind } from "./entry.ts";
 * assert(entryKind(0x031e, (0o120777 << 16) >>> 0, "link", 0).isSymlink);
 * ```
 */
export function entryKind(
  versionMadeBy: number,
  externalAttributes: number,
  name: string,
  flags: number,
): Pick<ZipEntry, "unixMode" | "isDirectory" | "isSymlink" | "encrypted"> {
  const host = versionMadeBy >> 8;
  const unixMode = host === 3 || host === 19 ? externalAttributes >>> 16 : null;
  const type = unixMode === null ? 0 : unixMode & S_IFMT;
  return {
    unixMode,
    isDirectory: name.endsWith("/") || type === S_IFDIR || (externalAttributes & 0x10) !== 0,
    isSymlink: type === S_IFLNK,
    encrypted: (flags & (FLAG.ENCRYPTED | FLAG.STRONG_ENCRYPTION)) !== 0,
  };
}
