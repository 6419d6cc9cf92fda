/**
 * Constants of the zip format (APPNOTE 6.3.10) and MS-DOS time conversion.
 *
 * @module
 */

/** Record signatures, little-endian. */
export const SIG = {
  /** Local file header `PK\x03\x04`. */
  LOCAL: 0x04034b50,
  /** Central directory file header `PK\x01\x02`. */
  CENTRAL: 0x02014b50,
  /** End of central directory `PK\x05\x06`. */
  EOCD: 0x06054b50,
  /** Zip64 end of central directory record `PK\x06\x06`. */
  ZIP64_EOCD: 0x06064b50,
  /** Zip64 end of central directory locator `PK\x06\x07`. */
  ZIP64_LOCATOR: 0x07064b50,
  /** Optional data descriptor `PK\x07\x08`. */
  DESCRIPTOR: 0x08074b50,
  /** First part of a split archive `PK\x07\x08` at offset 0 (same value as DESCRIPTOR). */
  SPLIT: 0x08074b50,
} as const;

/** General-purpose flag bits. */
export const FLAG = {
  /** Bit 0: the entry is encrypted. */
  ENCRYPTED: 0x0001,
  /** Bit 3: sizes and CRC follow the data in a data descriptor. */
  DATA_DESCRIPTOR: 0x0008,
  /** Bit 6: strong encryption. */
  STRONG_ENCRYPTION: 0x0040,
  /** Bit 11: name and comment are UTF-8. */
  UTF8: 0x0800,
} as const;

/** Compression methods the kit reads and writes. */
export const METHOD = {
  /** No compression. */
  STORE: 0,
  /** Deflate (RFC 1951). */
  DEFLATE: 8,
} as const;

/** Fixed sizes of the records (without variable parts). */
export const SIZE = {
  /** Local file header. */
  LOCAL: 30,
  /** Central directory file header. */
  CENTRAL: 46,
  /** End of central directory record. */
  EOCD: 22,
  /** Zip64 end of central directory locator. */
  ZIP64_LOCATOR: 20,
  /** Zip64 end of central directory record (without extensible data). */
  ZIP64_EOCD: 56,
} as const;

/** Largest value a 32-bit field holds; `0xffffffff` in a field means "see zip64 extra". */
export const MAX32 = 0xffffffff;
/** Largest value a 16-bit field holds. */
export const MAX16 = 0xffff;
/** Zip64 extended information extra field id. */
export const ZIP64_EXTRA_ID = 0x0001;
/** Unix file-type bits of `external_attributes >>> 16`. */
export const S_IFMT = 0o170000;
/** Unix symlink type. */
export const S_IFLNK = 0o120000;
/** Unix directory type. */
export const S_IFDIR = 0o040000;
/** Unix regular file type. */
export const S_IFREG = 0o100000;

/**
 * Converts a date to MS-DOS date and time words (local fields taken as UTC,
 * two-second resolution, clamped to 1980-01-01 … 2107-12-31).
 *
 * @param date The time.
 * @returns `{ date, time }` words.
 *
 * @example The zip epoch
 * ```ts
 * import assert from "node:assert/strict";
 * import { toDosDateTime } from "./format.ts";
 * const dos = toDosDateTime(new Date(Date.UTC(1980, 0, 1)));
 * assert(dos.date === 0x21 && dos.time === 0);
 * ```
 */
export function toDosDateTime(date: Date): { date: number; time: number } {
  const min = Date.UTC(1980, 0, 1);
  const max = Date.UTC(2107, 11, 31, 23, 59, 58);
  const d = new Date(Math.min(max, Math.max(min, date.getTime())));
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

/**
 * Converts MS-DOS date and time words to an ISO-8601 string (fields read as UTC).
 *
 * @param date The date word.
 * @param time The time word.
 * @returns `YYYY-MM-DDTHH:MM:SSZ`, or `null` for an impossible date.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromDosDateTime } from "./format.ts";
 * assert(fromDosDateTime(0x21, 0) === "1980-01-01T00:00:00Z");
 * ```
 */
export function fromDosDateTime(date: number, time: number): string | null {
  const year = 1980 + (date >> 9);
  const month = (date >> 5) & 0xf;
  const day = date & 0x1f;
  const hours = time >> 11;
  const minutes = (time >> 5) & 0x3f;
  const seconds = (time & 0x1f) * 2;
  if (month < 1 || month > 12 || day < 1 || hours > 23 || minutes > 59 || seconds > 59) {
    return null;
  }
  return new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds)).toISOString()
    .replace(".000Z", "Z");
}
