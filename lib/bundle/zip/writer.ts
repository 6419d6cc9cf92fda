/**
 * A deterministic, streaming zip writer: entries in the order added, fixed
 * timestamps and attributes, deflate via node:zlib (stored when deflate does
 * not help), zip64 records only when sizes or counts need them.
 *
 * @module
 */
import zlib from "node:zlib";
import { createHash } from "node:crypto";
import {
  FLAG,
  MAX16,
  MAX32,
  METHOD,
  S_IFREG,
  SIG,
  toDosDateTime,
  ZIP64_EXTRA_ID,
} from "./format.ts";

/** Options of one added entry. */
export interface AddEntryOptions {
  /** Modification time stored in the entry. @default {new Date("1980-01-01T00:00:00Z")} */
  mtime?: Date;
  /** Unix permission bits. @default {0o644} */
  mode?: number;
  /** `auto` stores when deflate does not make the entry smaller. @default {"auto"} */
  method?: "auto" | "deflate" | "store";
  /** Deflate level 0–9. @default {6} */
  level?: number;
  /** Also compute the SHA-256 of the uncompressed data. @default {false} */
  sha256?: boolean;
  /** Aborts the write of this entry. */
  signal?: AbortSignal;
  /** Called with uncompressed bytes written so far for this entry. */
  onInput?: (bytes: number) => void;
}

/** What was written for one entry. */
export interface WrittenEntry {
  /** Entry name. */
  name: string;
  /** Uncompressed size. */
  size: number;
  /** Compressed size. */
  compressedSize: number;
  /** CRC-32. */
  crc32: number;
  /** SHA-256 hex of the uncompressed data, when asked for. */
  sha256?: string | undefined;
  /** 0 stored, 8 deflate. */
  method: number;
}

interface CentralRecord extends WrittenEntry {
  nameBytes: Uint8Array;
  offset: number;
  dos: { date: number; time: number };
  mode: number;
  zip64Local: boolean;
}

const EPOCH = new Date(Date.UTC(1980, 0, 1));
const SMALL = 8 << 20;
const ZIP64_LOCAL_THRESHOLD = 0xf0000000;
const encoder = new TextEncoder();

/**
 * Writes a zip file entry by entry.
 *
 * @example Write and finish a two-entry zip
 * ```ts
 * import assert from "node:assert/strict";
 * import { ZipWriter } from "./writer.ts";
 * const f = await Deno.makeTempFile({ suffix: ".zip" });
 * const zip = await ZipWriter.create(f);
 * await zip.addBytes("a.txt", new TextEncoder().encode("hello"));
 * await zip.addBytes("b.txt", new TextEncoder().encode("hello ".repeat(100)));
 * const { size } = await zip.finish();
 * assert(size === (await Deno.stat(f)).size);
 * await Deno.remove(f);
 * ```
 */
export class ZipWriter {
  #file: Deno.FsFile;
  #buffer = new Uint8Array(1 << 20);
  #buffered = 0;
  #position = 0;
  #records: CentralRecord[] = [];
  #names = new Set<string>();

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /**
   * Creates (or truncates) a zip file.
   *
   * @param path The file to write.
   * @returns The writer; call {@linkcode ZipWriter.finish} or {@linkcode ZipWriter.abort}.
   */
  static async create(path: string): Promise<ZipWriter> {
    return new ZipWriter(await Deno.open(path, { write: true, create: true, truncate: true }));
  }

  /**
   * Adds an entry from bytes.
   *
   * @param name Entry name (forward slashes).
   * @param data Uncompressed content.
   * @param options Time, mode, method, hashing.
   * @returns What was written.
   * @throws {TypeError} When the name was already added.
   */
  async addBytes(
    name: string,
    data: Uint8Array,
    options: AddEntryOptions = {},
  ): Promise<WrittenEntry> {
    this.#claim(name);
    const crc = zlib.crc32(data) >>> 0;
    const sha256 = options.sha256 ? createHash("sha256").update(data).digest("hex") : undefined;
    let method: number = METHOD.STORE;
    let payload = data;
    if (options.method !== "store" && data.length > 0) {
      const deflated = zlib.deflateRawSync(data, { level: options.level ?? 6 });
      if (options.method === "deflate" || deflated.length < data.length) {
        method = METHOD.DEFLATE;
        payload = deflated;
      }
    }
    const record = this.#record(
      name,
      options,
      data.length,
      method,
      data.length >= ZIP64_LOCAL_THRESHOLD,
    );
    record.crc32 = crc;
    record.compressedSize = payload.length;
    record.sha256 = sha256;
    await this.#write(this.#localHeader(record));
    await this.#write(payload);
    options.onInput?.(data.length);
    this.#records.push(record);
    return publicView(record);
  }

  /**
   * Adds an entry from a file, streaming large files (bounded memory).
   *
   * @param name Entry name (forward slashes).
   * @param path The source file.
   * @param options Time, mode, method, hashing.
   * @returns What was written.
   * @throws {TypeError} When the name was already added.
   * @throws {Deno.errors.NotFound} When the file does not exist.
   */
  async addFile(name: string, path: string, options: AddEntryOptions = {}): Promise<WrittenEntry> {
    using file = await Deno.open(path, { read: true });
    const { size } = await file.stat();
    if (size <= SMALL) {
      const data = new Uint8Array(size);
      let got = 0;
      while (got < size) {
        const n = await file.read(data.subarray(got));
        if (n === null) break;
        got += n;
      }
      return this.addBytes(name, data.subarray(0, got), options);
    }
    this.#claim(name);
    const method = options.method === "store" ? METHOD.STORE : METHOD.DEFLATE;
    const record = this.#record(name, options, size, method, size >= ZIP64_LOCAL_THRESHOLD);
    await this.#write(this.#localHeader(record));
    const dataStart = this.#position;
    let written = await this.#streamData(file, record, options);
    if (options.method !== "deflate" && method === METHOD.DEFLATE && written >= record.size) {
      // Deflate did not help: rewrite the data stored (same bytes for the same input).
      await this.#flush();
      await this.#file.seek(dataStart, Deno.SeekMode.Start);
      await this.#file.truncate(dataStart);
      this.#position = dataStart;
      await file.seek(0, Deno.SeekMode.Start);
      record.method = METHOD.STORE;
      written = await this.#streamData(file, record, { ...options, sha256: false });
    }
    record.compressedSize = written;
    await this.#patchLocalHeader(record);
    this.#records.push(record);
    return publicView(record);
  }

  /**
   * Writes the central directory and end records and closes the file.
   *
   * @param comment Archive comment (at most 65535 bytes).
   * @returns The entries and the file size.
   * @throws {RangeError} When the comment is too long.
   */
  async finish(comment = ""): Promise<{ entries: WrittenEntry[]; size: number }> {
    const commentBytes = encoder.encode(comment);
    if (commentBytes.length > MAX16) throw new RangeError("zip comment longer than 65535 bytes");
    const cdStart = this.#position;
    for (const r of this.#records) await this.#write(this.#centralHeader(r));
    const cdSize = this.#position - cdStart;
    const count = this.#records.length;
    if (count >= MAX16 || cdStart >= MAX32 || cdSize >= MAX32) {
      const recordAt = this.#position;
      const z = new DataView(new ArrayBuffer(56));
      z.setUint32(0, SIG.ZIP64_EOCD, true);
      z.setBigUint64(4, 44n, true);
      z.setUint16(12, (3 << 8) | 45, true);
      z.setUint16(14, 45, true);
      z.setBigUint64(24, BigInt(count), true);
      z.setBigUint64(32, BigInt(count), true);
      z.setBigUint64(40, BigInt(cdSize), true);
      z.setBigUint64(48, BigInt(cdStart), true);
      await this.#write(new Uint8Array(z.buffer));
      const l = new DataView(new ArrayBuffer(20));
      l.setUint32(0, SIG.ZIP64_LOCATOR, true);
      l.setBigUint64(8, BigInt(recordAt), true);
      l.setUint32(16, 1, true);
      await this.#write(new Uint8Array(l.buffer));
    }
    const e = new DataView(new ArrayBuffer(22));
    e.setUint32(0, SIG.EOCD, true);
    e.setUint16(8, Math.min(count, MAX16), true);
    e.setUint16(10, Math.min(count, MAX16), true);
    e.setUint32(12, Math.min(cdSize, MAX32), true);
    e.setUint32(16, Math.min(cdStart, MAX32), true);
    e.setUint16(20, commentBytes.length, true);
    await this.#write(new Uint8Array(e.buffer));
    await this.#write(commentBytes);
    await this.#flush();
    await this.#file.sync();
    this.#file.close();
    return { entries: this.#records.map(publicView), size: this.#position };
  }

  /** Closes the file without finishing it (the caller removes it). */
  abort(): void {
    try {
      this.#file.close();
    } catch { /* already closed */ }
  }

  #claim(name: string): void {
    if (this.#names.has(name)) {
      throw new TypeError(`duplicate zip entry name ${JSON.stringify(name)}`);
    }
    this.#names.add(name);
  }

  #record(
    name: string,
    options: AddEntryOptions,
    size: number,
    method: number,
    zip64Local: boolean,
  ): CentralRecord {
    return {
      name,
      nameBytes: encoder.encode(name),
      offset: this.#position,
      dos: toDosDateTime(options.mtime ?? EPOCH),
      mode: options.mode ?? 0o644,
      size,
      compressedSize: 0,
      crc32: 0,
      method,
      zip64Local,
    };
  }

  async #streamData(
    file: Deno.FsFile,
    record: CentralRecord,
    options: AddEntryOptions,
  ): Promise<number> {
    const hash = options.sha256 ? createHash("sha256") : undefined;
    const deflate = record.method === METHOD.DEFLATE
      ? zlib.createDeflateRaw({ level: options.level ?? 6, chunkSize: 256 << 10 })
      : undefined;
    const out: Uint8Array[] = [];
    let failure: unknown;
    deflate?.on("data", (c: Uint8Array) => out.push(c));
    deflate?.on("error", (e: unknown) => (failure = e));
    const ended = deflate ? new Promise<void>((r) => deflate.on("end", () => r())) : undefined;
    let crc = 0;
    let read = 0;
    let written = 0;
    const chunk = new Uint8Array(1 << 20);
    for (;;) {
      options.signal?.throwIfAborted();
      const n = await file.read(chunk);
      if (n === null) break;
      const view = chunk.subarray(0, n);
      crc = zlib.crc32(view, crc);
      hash?.update(view);
      read += n;
      if (deflate) {
        const copy = view.slice();
        if (!deflate.write(copy)) await new Promise<void>((r) => deflate.once("drain", () => r()));
        for (const c of out.splice(0)) {
          await this.#write(c);
          written += c.length;
        }
      } else {
        await this.#write(view);
        written += n;
      }
      options.onInput?.(read);
      if (failure) throw failure;
    }
    if (deflate) {
      deflate.end();
      await ended;
      if (failure) throw failure;
      for (const c of out.splice(0)) {
        await this.#write(c);
        written += c.length;
      }
    }
    if (read !== record.size) {
      throw new Error(
        `file for entry ${record.name} changed size while zipping (${record.size} → ${read})`,
      );
    }
    record.crc32 = crc >>> 0;
    if (hash) record.sha256 = hash.digest("hex");
    return written;
  }

  async #patchLocalHeader(record: CentralRecord): Promise<void> {
    await this.#flush();
    const header = this.#localHeader(record);
    await this.#file.seek(record.offset, Deno.SeekMode.Start);
    let done = 0;
    while (done < header.length) done += await this.#file.write(header.subarray(done));
    await this.#file.seek(this.#position, Deno.SeekMode.Start);
  }

  #localHeader(r: CentralRecord): Uint8Array {
    const extra = r.zip64Local ? 20 : 0;
    const h = new Uint8Array(30 + r.nameBytes.length + extra);
    const v = new DataView(h.buffer);
    v.setUint32(0, SIG.LOCAL, true);
    v.setUint16(4, r.zip64Local ? 45 : r.method === METHOD.DEFLATE ? 20 : 10, true);
    v.setUint16(6, isAscii(r.nameBytes) ? 0 : FLAG.UTF8, true);
    v.setUint16(8, r.method, true);
    v.setUint16(10, r.dos.time, true);
    v.setUint16(12, r.dos.date, true);
    v.setUint32(14, r.crc32, true);
    v.setUint32(18, r.zip64Local ? MAX32 : r.compressedSize, true);
    v.setUint32(22, r.zip64Local ? MAX32 : r.size, true);
    v.setUint16(26, r.nameBytes.length, true);
    v.setUint16(28, extra, true);
    h.set(r.nameBytes, 30);
    if (r.zip64Local) {
      const at = 30 + r.nameBytes.length;
      v.setUint16(at, ZIP64_EXTRA_ID, true);
      v.setUint16(at + 2, 16, true);
      v.setBigUint64(at + 4, BigInt(r.size), true);
      v.setBigUint64(at + 12, BigInt(r.compressedSize), true);
    }
    return h;
  }

  #centralHeader(r: CentralRecord): Uint8Array {
    const big = [r.size >= MAX32, r.compressedSize >= MAX32, r.offset >= MAX32];
    const extraFields = big.filter(Boolean).length;
    const extra = extraFields ? 4 + 8 * extraFields : 0;
    const zip64 = extraFields > 0 || r.zip64Local;
    const h = new Uint8Array(46 + r.nameBytes.length + extra);
    const v = new DataView(h.buffer);
    v.setUint32(0, SIG.CENTRAL, true);
    v.setUint16(4, (3 << 8) | (zip64 ? 45 : 20), true);
    v.setUint16(6, zip64 ? 45 : r.method === METHOD.DEFLATE ? 20 : 10, true);
    v.setUint16(8, isAscii(r.nameBytes) ? 0 : FLAG.UTF8, true);
    v.setUint16(10, r.method, true);
    v.setUint16(12, r.dos.time, true);
    v.setUint16(14, r.dos.date, true);
    v.setUint32(16, r.crc32, true);
    v.setUint32(20, big[1] ? MAX32 : r.compressedSize, true);
    v.setUint32(24, big[0] ? MAX32 : r.size, true);
    v.setUint16(28, r.nameBytes.length, true);
    v.setUint16(30, extra, true);
    v.setUint32(38, ((S_IFREG | (r.mode & 0o777)) << 16) >>> 0, true);
    v.setUint32(42, big[2] ? MAX32 : r.offset, true);
    h.set(r.nameBytes, 46);
    if (extra) {
      let at = 46 + r.nameBytes.length;
      v.setUint16(at, ZIP64_EXTRA_ID, true);
      v.setUint16(at + 2, extra - 4, true);
      at += 4;
      if (big[0]) (v.setBigUint64(at, BigInt(r.size), true), at += 8);
      if (big[1]) (v.setBigUint64(at, BigInt(r.compressedSize), true), at += 8);
      if (big[2]) v.setBigUint64(at, BigInt(r.offset), true);
    }
    return h;
  }

  async #write(data: Uint8Array): Promise<void> {
    if (this.#buffered + data.length > this.#buffer.length) await this.#flush();
    if (data.length >= this.#buffer.length) {
      let done = 0;
      while (done < data.length) done += await this.#file.write(data.subarray(done));
    } else {
      this.#buffer.set(data, this.#buffered);
      this.#buffered += data.length;
    }
    this.#position += data.length;
  }

  async #flush(): Promise<void> {
    let done = 0;
    while (done < this.#buffered) {
      done += await this.#file.write(this.#buffer.subarray(done, this.#buffered));
    }
    this.#buffered = 0;
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}

function publicView(r: CentralRecord): WrittenEntry {
  return {
    name: r.name,
    size: r.size,
    compressedSize: r.compressedSize,
    crc32: r.crc32,
    method: r.method,
    ...(r.sha256 === undefined ? {} : { sha256: r.sha256 }),
  };
}
