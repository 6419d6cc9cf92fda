/**
 * Recognises files that are not a readable zip before zip parsing: empty
 * files, Git LFS pointers (with oid and size), split-archive parts, and what
 * a non-zip file looks like.
 *
 * @module
 */
import type { Finding } from "../../schemas/bundle.ts";
import { finding } from "./findings.ts";

/** A parsed Git LFS pointer. */
export interface LfsPointer {
  /** `sha256:<hex>`. */
  oid: string;
  /** Size of the real object in bytes. */
  size: number;
}

/**
 * Parses a Git LFS pointer file.
 *
 * @param head The first bytes of the file (pointers are < 1 KiB).
 * @returns The pointer, or null when the bytes are not one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLfsPointer } from "./sniff.ts";
 * const text = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a".repeat(64) + "\nsize 1900000000\n";
 * assert(parseLfsPointer(new TextEncoder().encode(text))?.size === 1900000000);
 * ```
 */
export function parseLfsPointer(head: Uint8Array): LfsPointer | null {
  if (head.length > 1024) return null;
  const text = new TextDecoder().decode(head);
  if (!text.startsWith("version https://git-lfs.github.com/spec/")) return null;
  const oid = /^oid (sha256:[0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d+)$/m.exec(text)?.[1];
  if (!oid || !size) return null;
  return { oid, size: Number(size) };
}

const SPLIT_NAME = /\.(zip\.)?(part\d+|z\d{2}|\d{3})$/i;

/**
 * Whether a file name is a part of a split or parted archive.
 *
 * @param name File name.
 * @returns True for `x.zip.part1`, `x.part001`, `x.z01`, `x.zip.001`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSplitArchiveName } from "./sniff.ts";
 * assert(isSplitArchiveName("os.zip.part1") && !isSplitArchiveName("os.zip"));
 * ```
 */
export function isSplitArchiveName(name: string): boolean {
  return SPLIT_NAME.test(name);
}

/**
 * Findings that make a file unreadable as a zip, from its name, size and first bytes.
 *
 * @param name File name.
 * @param size File size.
 * @param head Up to the first 1 KiB.
 * @returns A finding, or null when the file may be a zip.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sniffBundle } from "./sniff.ts";
 * assert(sniffBundle("x.zip", 0, new Uint8Array())?.code === "EMPTY_FILE");
 * ```
 */
export function sniffBundle(name: string, size: number, head: Uint8Array): Finding | null {
  if (size === 0) return finding("EMPTY_FILE", `Cannot read ${name}: the file is empty`, name);
  const lfs = size <= 1024 ? parseLfsPointer(head) : null;
  if (lfs) {
    return finding(
      "LFS_POINTER",
      `Cannot read ${name} as it is not a zip archive: found a Git LFS pointer (oid ${lfs.oid}, ${
        formatBytes(lfs.size)
      }); fetch the object with git lfs pull`,
      name,
      { oid: lfs.oid, size: lfs.size },
    );
  }
  if (
    isSplitArchiveName(name) ||
    (head[0] === 0x50 && head[1] === 0x4b && head[2] === 7 && head[3] === 8)
  ) {
    return finding(
      "SPLIT_ARCHIVE",
      `Cannot read ${name} on its own: it is one part of a split archive; join the parts first`,
      name,
    );
  }
  return null;
}

/**
 * Describes what a non-zip file looks like, for the NOT_A_ZIP message.
 *
 * @param head The first bytes.
 * @returns A short description.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeContent } from "./sniff.ts";
 * assert(describeContent(new TextEncoder().encode("hello")) === "plain text");
 * ```
 */
export function describeContent(head: Uint8Array): string {
  const text = new TextDecoder().decode(head.subarray(0, 64));
  if (head[0] === 0x4d && head[1] === 0x5a) return "a Windows executable (MZ header)";
  if (text.startsWith("{\\rtf")) return "an RTF document";
  if (/^\s*</.test(text)) return "HTML or XML";
  if (/^\s*[[{]/.test(text)) return "JSON";
  if (head[0] === 0x1f && head[1] === 0x8b) return "a gzip file";
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    return "a zstd file";
  }
  const printable = head.subarray(0, 512).every((b) =>
    b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0x80
  );
  return printable ? "plain text" : "binary data";
}

/**
 * Formats a byte count for messages (`1.9 GB`).
 *
 * @param bytes Count.
 * @returns Human text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatBytes } from "./sniff.ts";
 * assert(formatBytes(1_900_000_000) === "1.9 GB");
 * ```
 */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
