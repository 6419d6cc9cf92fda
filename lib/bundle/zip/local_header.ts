/**
 * Reads and checks a local file header against its central-directory entry.
 *
 * @module
 */
import type { BlockReader } from "./block_reader.ts";
import type { ZipEntry } from "./entry.ts";
import { FLAG, MAX32, SIG, SIZE } from "./format.ts";

/** What a local header says, and how it disagrees with the central directory. */
export interface LocalHeader {
  /** Offset where the entry's (compressed) data starts. */
  dataOffset: number;
  /** Disagreements with the central directory (empty when consistent). */
  mismatches: string[];
}

/**
 * Reads the local header of an entry.
 *
 * @param reader The archive.
 * @param entry The central-directory entry.
 * @returns The data offset and any mismatches; `null` when no header is there
 * (bad signature or past the end of the file).
 *
 * @example
 * ```ts ignore
 * const local = await readLocalHeader(reader, entry);
 * if (local === null || local.mismatches.length) console.log("inconsistent");
 * ```
 */
export async function readLocalHeader(
  reader: BlockReader,
  entry: ZipEntry,
): Promise<LocalHeader | null> {
  const fixed = await reader.bytes(entry.localHeaderOffset, SIZE.LOCAL);
  if (fixed.length < SIZE.LOCAL) return null;
  const dv = new DataView(fixed.buffer, fixed.byteOffset, fixed.byteLength);
  if (dv.getUint32(0, true) !== SIG.LOCAL) return null;
  const flags = dv.getUint16(6, true);
  const method = dv.getUint16(8, true);
  const crc = dv.getUint32(14, true);
  const compressed = dv.getUint32(18, true);
  const uncompressed = dv.getUint32(22, true);
  const nameLength = dv.getUint16(26, true);
  const extraLength = dv.getUint16(28, true);
  const name = await reader.bytes(entry.localHeaderOffset + SIZE.LOCAL, nameLength);
  const mismatches: string[] = [];
  if (!sameBytes(name, entry.nameBytes)) {
    mismatches.push(`name ${JSON.stringify(new TextDecoder().decode(name))}`);
  }
  if (method !== entry.method) mismatches.push(`method ${method} (directory says ${entry.method})`);
  if ((flags & FLAG.ENCRYPTED) !== (entry.flags & FLAG.ENCRYPTED)) {
    mismatches.push("encryption flag");
  }
  if ((flags & FLAG.DATA_DESCRIPTOR) === 0) {
    if (crc !== entry.crc32) {
      mismatches.push(`crc 0x${hex32(crc)} (directory says 0x${hex32(entry.crc32)})`);
    }
    if (compressed !== MAX32 && compressed !== entry.compressedSize) {
      mismatches.push(`compressed size ${compressed} (directory says ${entry.compressedSize})`);
    }
    if (uncompressed !== MAX32 && uncompressed !== entry.uncompressedSize) {
      mismatches.push(`size ${uncompressed} (directory says ${entry.uncompressedSize})`);
    }
  }
  return {
    dataOffset: entry.localHeaderOffset + SIZE.LOCAL + nameLength + extraLength,
    mismatches,
  };
}

/**
 * A CRC-32 as 8 lowercase hex digits.
 *
 * @param value The CRC.
 * @returns Zero-padded hex.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hex32 } from "./local_header.ts";
 * assert(hex32(255) === "000000ff");
 * ```
 */
export function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
