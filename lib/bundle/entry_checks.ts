/**
 * Checks on the central-directory listing alone, before any data is read:
 * unsafe paths, duplicates and case-fold collisions, symlinks, encryption,
 * methods, declared zip-bomb sizes, zip64 and data-descriptor notes.
 *
 * @module
 */
import type { Finding } from "../../schemas/bundle.ts";
import type { BundleLimitOptions } from "./limits.ts";
import { finding } from "./findings.ts";
import { FLAG, METHOD } from "./zip/format.ts";
import type { ZipEntry } from "./zip/entry.ts";
import type { ZipDirectory } from "./zip/directory.ts";

/** The outcome of {@linkcode checkEntries}. */
export interface EntryCheckResult {
  /** Findings about the listing. */
  findings: Finding[];
  /** Entries whose data must not be read (encrypted, unknown method, ratio bomb). */
  skip: Set<number>;
  /** True when no data may be read at all (total-size bomb). */
  skipAll: boolean;
  /** Sum of declared uncompressed sizes. */
  totalSize: number;
}

/**
 * Classifies an entry name: the unsafe-path codes it triggers (empty when safe).
 * Backslashes count as separators for the other checks.
 *
 * @param name The entry name as stored.
 * @returns Codes among `UNSAFE_PATH_*`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unsafePathCodes } from "./entry_checks.ts";
 * assert(unsafePathCodes("..\\x").join() === "UNSAFE_PATH_BACKSLASH,UNSAFE_PATH_TRAVERSAL");
 * assert(unsafePathCodes("a/b.txt").length === 0);
 * ```
 */
export function unsafePathCodes(name: string): string[] {
  const codes: string[] = [];
  if (name === "" || name === "/") codes.push("UNSAFE_PATH_EMPTY");
  if (name.includes("\0")) codes.push("UNSAFE_PATH_NUL");
  if (name.includes("\\")) codes.push("UNSAFE_PATH_BACKSLASH");
  const n = name.replaceAll("\\", "/");
  if (n.startsWith("/")) codes.push("UNSAFE_PATH_ABSOLUTE");
  if (/^[A-Za-z]:/.test(n)) codes.push("UNSAFE_PATH_DRIVE");
  if (n.split("/").some((segment) => segment === "..")) codes.push("UNSAFE_PATH_TRAVERSAL");
  return codes;
}

const PATH_WHY: Record<string, string> = {
  UNSAFE_PATH_EMPTY: "has an empty name",
  UNSAFE_PATH_NUL: "contains a NUL byte",
  UNSAFE_PATH_BACKSLASH: "uses backslashes, which Windows tools treat as folder separators",
  UNSAFE_PATH_ABSOLUTE: "is an absolute path",
  UNSAFE_PATH_DRIVE: "starts with a drive letter",
  UNSAFE_PATH_TRAVERSAL: "has a '..' segment that escapes the extraction folder",
};

const JUNK = new Set(["__pycache__", ".git", ".pytest_cache", ".DS_Store"]);

/**
 * Checks the listing of a zip.
 *
 * @param directory The parsed central directory.
 * @param limits Zip-bomb limits.
 * @returns Findings, entries to skip, and the declared total size.
 *
 * @example
 * ```ts ignore
 * const { findings, skip } = checkEntries(directory, limits);
 * ```
 */
export function checkEntries(
  directory: ZipDirectory,
  limits: BundleLimitOptions,
): EntryCheckResult {
  const findings: Finding[] = [];
  const skip = new Set<number>();
  const { entries } = directory;
  const byExact = new Map<string, ZipEntry>();
  const byFolded = new Map<string, ZipEntry>();
  let totalSize = 0;
  let descriptors = 0;
  const junk = new Map<string, number>();
  for (const e of entries) {
    const q = JSON.stringify(e.name);
    totalSize += e.uncompressedSize;
    for (const code of unsafePathCodes(e.name)) {
      findings.push(finding(code, `Entry ${q} ${PATH_WHY[code]}`, e.name));
    }
    if (e.isSymlink) {
      findings.push(
        finding(
          "SYMLINK_ENTRY",
          `Entry ${q} is a symbolic link (Unix mode ${e.unixMode?.toString(8)})`,
          e.name,
        ),
      );
    }
    const exact = byExact.get(e.name);
    if (exact) {
      findings.push(
        finding(
          "DUPLICATE_NAME",
          `Entry ${q} appears more than once (entries ${exact.index} and ${e.index})`,
          e.name,
        ),
      );
    } else {
      byExact.set(e.name, e);
      const folded = e.name.replaceAll("\\", "/").replace(/\/+$/, "").normalize("NFC")
        .toLowerCase();
      const other = byFolded.get(folded);
      if (other) {
        findings.push(finding(
          "CASE_COLLISION",
          `Entry ${q} collides with ${JSON.stringify(other.name)} on case-insensitive file systems`,
          e.name,
        ));
      } else byFolded.set(folded, e);
    }
    if (e.encrypted) {
      findings.push(
        finding(
          "ENCRYPTED_ENTRY",
          `Entry ${q} is encrypted; bundles must be readable without a password`,
          e.name,
        ),
      );
      skip.add(e.index);
    } else if (e.method !== METHOD.STORE && e.method !== METHOD.DEFLATE) {
      findings.push(
        finding(
          "UNSUPPORTED_METHOD",
          `Entry ${q} uses compression method ${e.method} (only store and deflate are supported)`,
          e.name,
          { method: e.method },
        ),
      );
      skip.add(e.index);
    }
    if (
      e.uncompressedSize > 0 && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio
    ) {
      const ratio = Math.round(e.uncompressedSize / Math.max(1, e.compressedSize));
      findings.push(finding(
        "BOMB_RATIO",
        `Entry ${q} expands ${ratio}:1 (${e.compressedSize} → ${e.uncompressedSize} bytes), above the limit of ${limits.maxRatio}:1`,
        e.name,
        {
          ratio,
          limit: limits.maxRatio,
          compressedSize: e.compressedSize,
          size: e.uncompressedSize,
        },
      ));
      skip.add(e.index);
    }
    if (e.flags & FLAG.DATA_DESCRIPTOR) descriptors++;
    const segments = e.name.split("/");
    const junkAt = segments.findIndex((s) => JUNK.has(s));
    if (junkAt >= 0) {
      const folder = segments.slice(0, junkAt + 1).join("/");
      junk.set(folder, (junk.get(folder) ?? 0) + 1);
    }
  }
  addFileFolderConflicts(entries, findings);
  for (const [folder, count] of junk) {
    findings.push(
      finding(
        "JUNK_ENTRY",
        `${folder} (${count} entries) does not belong in a bundle (cache or VCS data)`,
        folder,
        { entries: count },
      ),
    );
  }
  const skipAll = totalSize > limits.maxTotalBytes;
  if (skipAll) {
    findings.push(finding(
      "BOMB_TOTAL_SIZE",
      `Entries declare ${totalSize} uncompressed bytes in all, above the limit of ${limits.maxTotalBytes}`,
      undefined,
      { total_size: totalSize, limit: limits.maxTotalBytes },
    ));
  }
  if (directory.zip64 || entries.some((e) => e.zip64)) {
    findings.push(
      finding(
        "ZIP64",
        `The archive uses zip64 records (${
          entries.filter((e) => e.zip64).length
        } entries with zip64 fields)`,
      ),
    );
  }
  if (descriptors) {
    findings.push(
      finding(
        "DATA_DESCRIPTOR",
        `${descriptors} entries use data descriptors (sizes after the data); the central directory values were used`,
      ),
    );
  }
  if (directory.comment.length) {
    findings.push(
      finding(
        "ARCHIVE_COMMENT",
        `The archive has a ${directory.comment.length}-character comment`,
        undefined,
        { length: directory.comment.length },
      ),
    );
  }
  if (directory.prependedBytes > 0) {
    findings.push(
      finding(
        "PREPENDED_DATA",
        `${directory.prependedBytes} bytes precede the zip data (self-extracting stub or junk)`,
        undefined,
        { bytes: directory.prependedBytes },
      ),
    );
  }
  if (directory.trailingBytes > 0) {
    findings.push(
      finding(
        "TRAILING_DATA",
        `${directory.trailingBytes} bytes follow the end record`,
        undefined,
        { bytes: directory.trailingBytes },
      ),
    );
  }
  return { findings, skip, skipAll, totalSize };
}

/** A file `a` and an entry `a/b` cannot both be extracted. */
function addFileFolderConflicts(entries: ZipEntry[], findings: Finding[]): void {
  const files = new Set(entries.filter((e) => !e.isDirectory).map((e) => e.name));
  const reported = new Set<string>();
  for (const e of entries) {
    const parts = e.name.split("/");
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      if (files.has(prefix) && !reported.has(prefix)) {
        reported.add(prefix);
        findings.push(
          finding(
            "PATH_CONFLICT",
            `Entry ${JSON.stringify(prefix)} is a file but ${
              JSON.stringify(e.name)
            } uses it as a folder`,
            prefix,
          ),
        );
      }
    }
  }
}
