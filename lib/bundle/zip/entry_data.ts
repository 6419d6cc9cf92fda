/**
 * Streams one entry's uncompressed data (stored or deflate) with bounded
 * memory, computing its CRC-32 and refusing output beyond the declared size.
 *
 * @module
 */
import zlib from "node:zlib";
import { KitError } from "../../errors.ts";
import type { BlockReader } from "./block_reader.ts";
import type { ZipEntry } from "./entry.ts";
import { METHOD } from "./format.ts";

/** Options of {@linkcode readEntryData}. */
export interface EntryDataOptions {
  /** Receives each uncompressed chunk (views valid during the call only if you copy them). */
  onChunk?: (chunk: Uint8Array) => void;
  /** Stop after this many uncompressed bytes (a partial read; `complete` is false). */
  limit?: number;
  /** Largest output accepted. @default {entry.uncompressedSize} */
  maxOutput?: number;
  /** Entries at most this big (compressed and declared) are inflated in one call. @default {8388608} */
  syncThreshold?: number;
  /** Called with compressed bytes consumed so far for this entry. */
  onInput?: (bytes: number) => void;
  /** Aborts the read. */
  signal?: AbortSignal;
}

/** The outcome of {@linkcode readEntryData}. */
export interface EntryDataResult {
  /** CRC-32 of the bytes produced. */
  crc32: number;
  /** Uncompressed bytes produced. */
  size: number;
  /** False when `limit` stopped the read early. */
  complete: boolean;
}

const STOP = Symbol("stop");

/**
 * Reads an entry's data.
 *
 * @param reader The archive.
 * @param entry The entry (method 0 or 8, not encrypted).
 * @param dataOffset Where its data starts (from the local header).
 * @param options Sink, limits, progress and cancellation.
 * @returns CRC-32, size, and whether the whole entry was read.
 * @throws {KitError} `UNSUPPORTED_METHOD`, `ENCRYPTED_ENTRY`, `TRUNCATED` (data past the end
 * of the file), `INFLATE_FAILED` (corrupt deflate stream), `SIZE_MISMATCH` (more output than
 * declared, or a stored entry whose sizes differ).
 *
 * @example
 * ```ts ignore
 * const { crc32, size } = await readEntryData(reader, entry, local.dataOffset, { onChunk: (c) => hash.update(c) });
 * ```
 */
export async function readEntryData(
  reader: BlockReader,
  entry: ZipEntry,
  dataOffset: number,
  options: EntryDataOptions = {},
): Promise<EntryDataResult> {
  const problem = (code: string, why: string) =>
    new KitError(code, `Entry ${JSON.stringify(entry.name)}: ${why}`, { path: entry.name });
  if (entry.encrypted) throw problem("ENCRYPTED_ENTRY", "is encrypted");
  if (entry.method !== METHOD.STORE && entry.method !== METHOD.DEFLATE) {
    throw problem("UNSUPPORTED_METHOD", `uses compression method ${entry.method}`);
  }
  if (dataOffset + entry.compressedSize > reader.size) {
    throw problem(
      "TRUNCATED",
      `its ${entry.compressedSize} bytes of data at offset ${dataOffset} run past the end of the ${reader.size}-byte file`,
    );
  }
  const maxOutput = options.maxOutput ?? entry.uncompressedSize;
  const limit = options.limit ?? Infinity;
  let crc = 0;
  let size = 0;
  let complete = true;
  const emit = (chunk: Uint8Array) => {
    if (size + chunk.length > limit) {
      chunk = chunk.subarray(0, limit - size);
      complete = false;
    }
    crc = zlib.crc32(chunk, crc);
    size += chunk.length;
    options.onChunk?.(chunk);
    if (!complete) throw STOP;
  };
  try {
    if (entry.method === METHOD.STORE) {
      if (entry.compressedSize !== entry.uncompressedSize) {
        throw problem(
          "SIZE_MISMATCH",
          `is stored but its sizes differ (${entry.compressedSize} vs ${entry.uncompressedSize})`,
        );
      }
      let consumed = 0;
      for await (const chunk of reader.range(dataOffset, entry.compressedSize)) {
        options.signal?.throwIfAborted();
        consumed += chunk.length;
        emit(chunk);
        options.onInput?.(consumed);
      }
    } else if (
      entry.compressedSize <= (options.syncThreshold ?? 1 << 20) &&
      maxOutput <= (options.syncThreshold ?? 1 << 20) * 4
    ) {
      const input = await reader.bytes(dataOffset, entry.compressedSize);
      let output: Uint8Array;
      try {
        output = zlib.inflateRawSync(input, { maxOutputLength: Math.max(1, maxOutput + 1) });
      } catch (error) {
        throw inflateProblem(error, problem, maxOutput);
      }
      if (output.length > maxOutput) throw tooBig(problem, maxOutput);
      options.onInput?.(entry.compressedSize);
      if (output.length) emit(output);
    } else {
      await inflateStream(
        reader.range(dataOffset, entry.compressedSize),
        (chunk) => {
          if (size + chunk.length > maxOutput) throw tooBig(problem, maxOutput);
          emit(chunk);
        },
        problem,
        maxOutput,
        options,
      );
    }
  } catch (error) {
    if (error !== STOP) throw error;
  }
  return { crc32: crc >>> 0, size, complete };
}

type Problem = (code: string, why: string) => KitError;

function tooBig(problem: Problem, maxOutput: number): KitError {
  return problem("SIZE_MISMATCH", `inflates to more than its declared ${maxOutput} bytes`);
}

function inflateProblem(error: unknown, problem: Problem, maxOutput: number): unknown {
  if (error === STOP || error instanceof KitError) return error;
  const code = (error as { code?: string }).code;
  if (code === "ERR_BUFFER_TOO_LARGE") return tooBig(problem, maxOutput);
  return problem("INFLATE_FAILED", `cannot be inflated: ${(error as Error).message ?? error}`);
}

async function inflateStream(
  input: AsyncIterable<Uint8Array>,
  onData: (chunk: Uint8Array) => void,
  problem: Problem,
  maxOutput: number,
  options: EntryDataOptions,
): Promise<void> {
  const inflate = zlib.createInflateRaw({ chunkSize: 256 << 10 });
  let failure: unknown = undefined;
  const done = new Promise<void>((resolve) => {
    inflate.on("data", (chunk: Uint8Array) => {
      if (failure !== undefined) return;
      try {
        onData(chunk);
      } catch (error) {
        failure = error;
        inflate.destroy();
      }
    });
    inflate.on("error", (error: unknown) => {
      if (failure === undefined) failure = error;
      resolve();
    });
    inflate.on("end", () => resolve());
    inflate.on("close", () => resolve());
  });
  let consumed = 0;
  for await (const chunk of input) {
    if (failure !== undefined) break;
    if (options.signal?.aborted) {
      inflate.destroy();
      await done;
      throw options.signal.reason;
    }
    consumed += chunk.length;
    // zlib may hold the chunk after write() returns; the reader recycles its buffers, so copy.
    if (!inflate.write(chunk.slice())) {
      await new Promise<void>((resolve) => {
        const go = () => {
          inflate.off("drain", go);
          inflate.off("close", go);
          resolve();
        };
        inflate.on("drain", go);
        inflate.on("close", go);
      });
    }
    options.onInput?.(consumed);
  }
  if (failure === undefined) inflate.end();
  await done;
  if (failure !== undefined) throw inflateProblem(failure, problem, maxOutput);
}
