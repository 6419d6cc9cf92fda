/**
 * Positioned, block-cached reads of a large file with bounded memory, hashing
 * the whole file as a side effect of (mostly sequential) reading.
 *
 * @module
 */
import { createHash, type Hash } from "node:crypto";

/** Options of {@linkcode BlockReader.open}. */
export interface BlockReaderOptions {
  /** Bytes per read. @default {4194304} */
  blockSize?: number;
  /** Compute the SHA-256 of the whole file while reading. @default {true} */
  hashFile?: boolean;
}

/**
 * Reads a file in fixed blocks, keeping the last two in memory (their buffers
 * are recycled, so a returned view is valid only until the next read through
 * the same reader: copy what you keep), and computes
 * the file's SHA-256 from the blocks as they pass in order (out-of-order
 * blocks are hashed by a catch-up read in {@linkcode BlockReader.digest}).
 *
 * @example Read a range and hash the file
 * ```ts
 * import assert from "node:assert/strict";
 * import { BlockReader } from "./block_reader.ts";
 * const f = await Deno.makeTempFile();
 * await Deno.writeTextFile(f, "abcdef");
 * const reader = await BlockReader.open(f, { blockSize: 4 });
 * assert(new TextDecoder().decode(await reader.bytes(2, 3)) === "cde");
 * assert((await reader.digest()).startsWith("bef57ec7"));
 * reader.close();
 * await Deno.remove(f);
 * ```
 */
export class BlockReader {
  /** Size of the file in bytes. */
  readonly size: number;
  /** Bytes read from disk so far (including catch-up reads). */
  bytesRead = 0;
  #file: Deno.FsFile;
  #blockSize: number;
  #cache = new Map<number, Uint8Array>();
  #hash: Hash | null;
  #hashedUpTo = 0;
  #position = 0;

  private constructor(file: Deno.FsFile, size: number, blockSize: number, hashFile: boolean) {
    this.#file = file;
    this.size = size;
    this.#blockSize = blockSize;
    this.#hash = hashFile ? createHash("sha256") : null;
  }

  /**
   * Opens a file for block reads.
   *
   * @param path The file.
   * @param options Block size and whole-file hashing.
   * @returns The reader (close it when done).
   * @throws {Deno.errors.NotFound} When the file does not exist.
   */
  static async open(path: string, options: BlockReaderOptions = {}): Promise<BlockReader> {
    const file = await Deno.open(path, { read: true });
    try {
      const { size, isDirectory } = await file.stat();
      if (isDirectory) throw new Deno.errors.IsADirectory(`Is a directory: open '${path}'`);
      return new BlockReader(file, size, options.blockSize ?? 4 << 20, options.hashFile ?? true);
    } catch (error) {
      file.close();
      throw error;
    }
  }

  /**
   * Bytes `[offset, offset + length)`, shorter when the file ends first.
   *
   * @param offset Start.
   * @param length How many bytes.
   * @returns A view of a cached block when it fits in one (valid until the next read), else a copy.
   */
  async bytes(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    const first = Math.floor(offset / this.#blockSize);
    const last = Math.floor((end - 1) / this.#blockSize);
    if (first === last) {
      const block = await this.#block(first);
      const base = first * this.#blockSize;
      return block.subarray(offset - base, end - base);
    }
    const out = new Uint8Array(end - offset);
    let at = 0;
    for await (const chunk of this.range(offset, end - offset)) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  /**
   * Iterates `[offset, offset + length)` as views of consecutive blocks.
   *
   * @param offset Start.
   * @param length How many bytes.
   * @returns Chunks in order (each valid until the next chunk is taken), ending early when the file does.
   */
  async *range(offset: number, length: number): AsyncGenerator<Uint8Array> {
    const end = Math.min(this.size, offset + length);
    let pos = offset;
    while (pos < end) {
      const index = Math.floor(pos / this.#blockSize);
      const block = await this.#block(index);
      const base = index * this.#blockSize;
      const stop = Math.min(end, base + block.length);
      yield block.subarray(pos - base, stop - base);
      pos = stop;
    }
  }

  /**
   * The SHA-256 of the whole file, reading whatever was not read yet.
   *
   * @returns 64 lowercase hex characters.
   * @throws {Error} When the reader was opened without hashing.
   */
  async digest(): Promise<string> {
    if (!this.#hash) throw new Error("BlockReader opened without hashFile");
    while (this.#hashedUpTo < this.size) {
      const index = this.#hashedUpTo / this.#blockSize;
      const cached = this.#cache.get(index);
      if (cached) this.#advanceHash(index, cached);
      else await this.#block(index);
    }
    return this.#hash.digest("hex");
  }

  /** Closes the file. */
  close(): void {
    this.#file.close();
  }

  async #block(index: number): Promise<Uint8Array> {
    const cached = this.#cache.get(index);
    if (cached) return cached;
    const start = index * this.#blockSize;
    const length = Math.max(0, Math.min(this.#blockSize, this.size - start));
    // Recycle the oldest block's memory: callers use a view only until their next read.
    let block: Uint8Array;
    if (this.#cache.size >= 2) {
      const [oldest, buffer] = this.#cache.entries().next().value!;
      this.#cache.delete(oldest);
      block = new Uint8Array(buffer.buffer, 0, length);
    } else {
      block = new Uint8Array(this.#blockSize).subarray(0, length);
    }
    if (this.#position !== start) await this.#file.seek(start, Deno.SeekMode.Start);
    let got = 0;
    while (got < length) {
      const n = await this.#file.read(block.subarray(got));
      if (n === null) break;
      got += n;
    }
    this.#position = start + got;
    this.bytesRead += got;
    const view = got === length ? block : block.subarray(0, got);
    this.#cache.set(index, view);
    this.#advanceHash(index, view);
    return view;
  }

  #advanceHash(index: number, block: Uint8Array): void {
    if (!this.#hash || index * this.#blockSize !== this.#hashedUpTo) return;
    this.#hash.update(block);
    this.#hashedUpTo += block.length;
    if (block.length < this.#blockSize) {
      this.#hashedUpTo = this.size; // short read: the file ended (or shrank) here
      return;
    }
    const next = this.#cache.get(index + 1);
    if (next) this.#advanceHash(index + 1, next);
  }
}
