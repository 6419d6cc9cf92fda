/**
 * The sidecar chain's mechanics (the recipe and crash rules are documented in
 * `mod.ts`): reconciling a log with its `.chain` under the lock, writing a
 * batch, verifying.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import { sha256Hex } from "../fs/sha256.ts";
import { readRange } from "../fs/read_range.ts";
import { type JsonObjectNode, parseJsonTree } from "../json/json_tree.ts";
import {
  type ChainEntry,
  ChainEntrySchema,
  type LedgerBreak,
  type LedgerVerifyResult,
} from "../../schemas/state.ts";
import { isJsonObject, readFileTail, writeAtTail } from "./_lines.ts";
import { chainHash } from "./chain.ts";
import { chainPathOf, sidecarEntry } from "./sidecar.ts";
import { brk, broken } from "./_break.ts";

/** Where a log and its chain stand after the last reconcile or write. */
export interface SidecarPosition {
  /** Size of the log. */
  logSize: number;
  /** Size of the chain. */
  chainSize: number;
  /** Log lines covered by the chain. */
  seq: number;
  /** The last entry's chain hash (`null` before line 1). */
  prev: string | null;
}

const NL = 0x0a;
const decoder = new TextDecoder();

/**
 * Under the log's lock: cuts torn tails, adds the missing newline of a
 * complete last line, gives every complete log line without a chain entry its
 * entry. Skips all of it when both files are as `known` left them.
 *
 * @param path The log.
 * @param known The position after this process's last write, if any.
 * @returns The position now.
 * @throws {KitError} `LEDGER_BROKEN` when the chain covers more lines than the log has, or
 *   its last entry is not a chain entry (rotate the pair away to start afresh).
 */
export async function reconcile(path: string, known?: SidecarPosition): Promise<SidecarPosition> {
  using log = await Deno.open(path, { read: true, write: true, create: true });
  using chain = await Deno.open(chainPathOf(path), { read: true, write: true, create: true });
  const [logSize, chainSize] = [(await log.stat()).size, (await chain.stat()).size];
  if (known && known.logSize === logSize && known.chainSize === chainSize) return known;

  const chainTail = await readFileTail(chain);
  let seq = 0;
  let prev: string | null = null;
  if (chainTail.last !== undefined) {
    const last = parseEntry(chainTail.last);
    if (!last) {
      throw brokenError(path, `the last line of ${chainPathOf(path)} is not a chain entry`);
    }
    [seq, prev] = [last.seq, last.chain_sha256];
  }
  let chainEnd = chainTail.end < chainTail.size || chainTail.needsNewline
    ? await writeAtTail(chain, chainTail, "")
    : chainTail.size;

  const covered = await offsetAfterLine(log, logSize, seq);
  if (covered === undefined) {
    throw brokenError(path, `the log has fewer than the ${seq} lines its chain covers`);
  }
  const rest = await readRange(log, covered.end, logSize);
  const { lines, tailStart, tailComplete } = byteLines(rest);
  let logEnd = logSize;
  if (covered.needsNewline || tailComplete) {
    logEnd = await writeAtTail(log, { size: logSize, end: logSize, needsNewline: true }, "");
    if (tailComplete) lines.push(rest.subarray(tailStart));
  } else if (tailStart < rest.length) {
    logEnd = covered.end + tailStart;
    await log.truncate(logEnd);
    await log.syncData();
  }
  if (lines.length > 0) {
    let text = "";
    for (const line of lines) {
      const entry = sidecarEntry(++seq, line, prev);
      prev = entry.chain_sha256;
      text += JSON.stringify(entry) + "\n";
    }
    chainEnd = await writeAtTail(
      chain,
      { size: chainEnd, end: chainEnd, needsNewline: false },
      text,
    );
  }
  return { logSize: logEnd, chainSize: chainEnd, seq, prev };
}

/**
 * Under the log's lock, after {@linkcode reconcile}: appends lines to the log
 * (one write, fsync), then their entries to the chain (one write, fsync).
 *
 * @param path The log.
 * @param at The reconciled position.
 * @param lines Complete lines, each without its newline.
 * @returns The position after the write.
 */
export async function writeBatch(
  path: string,
  at: SidecarPosition,
  lines: readonly string[],
): Promise<SidecarPosition> {
  if (lines.length === 0) return at;
  using log = await Deno.open(path, { write: true });
  const logSize = await writeAtTail(
    log,
    { size: at.logSize, end: at.logSize, needsNewline: false },
    lines.map((l) => l + "\n").join(""),
  );
  let { seq, prev } = at;
  let text = "";
  for (const line of lines) {
    const entry = sidecarEntry(++seq, line, prev);
    prev = entry.chain_sha256;
    text += JSON.stringify(entry) + "\n";
  }
  using chain = await Deno.open(chainPathOf(path), { write: true });
  const chainSize = await writeAtTail(
    chain,
    { size: at.chainSize, end: at.chainSize, needsNewline: false },
    text,
  );
  return { logSize, chainSize, seq, prev };
}

/**
 * Verifies a log against its chain (read-only; see `mod.ts` for the recipe). Both files are read
 * in lockstep, a piece at a time into reused buffers, so memory stays bounded and no log-sized
 * buffer is allocated (on a million-line log that allocation alone cost seconds).
 *
 * @param path The log.
 * @returns The verdict; `lines - chained` log lines await their entries.
 */
export async function verifySidecar(path: string): Promise<LedgerVerifyResult> {
  using logFile = await Deno.open(path, { read: true });
  using chainFile = await openIfExists(chainPathOf(path));
  const log = new ByteLineReader(logFile);
  const chain = new ByteLineReader(chainFile);
  const result: LedgerVerifyResult = {
    path,
    ok: true,
    kind: "sidecar",
    lines: 0,
    chained: 0,
    genesis_legacy: false,
  };
  // The rest of the log is still counted (and its torn tail found) when the chain breaks.
  const finish = async (at?: LedgerBreak): Promise<LedgerVerifyResult> => {
    while ((await log.next()) !== undefined) result.lines++;
    if (log.tornBytes > 0) result.torn_tail = { line: result.lines + 1, bytes: log.tornBytes };
    return at ? broken(result, at) : result;
  };
  const chainPath = chainPathOf(path);
  let prev: string | null = null;
  for (let seq = 1;; seq++) {
    const bytes = await chain.next();
    if (bytes === undefined) break;
    const raw = decoder.decode(bytes);
    const entry = writtenEntry(raw) ?? parseEntry(raw);
    if (!entry || entry.seq !== seq) {
      const message = `line ${seq} of ${chainPath} is not the chain entry of log line ${seq}`;
      return await finish(brk(seq, "CHAIN_ENTRY_INVALID", `seq ${seq}`, raw.slice(0, 80), message));
    }
    if (entry.prev_sha256 !== prev) {
      const message = `chain entry ${seq} does not link to entry ${seq - 1}`;
      return await finish(brk(seq, "PREV_MISMATCH", prev, entry.prev_sha256, message));
    }
    const computed = entry.canonical !== undefined
      ? sha256Hex(entry.canonical)
      : chainHash(parseJsonTree(raw) as JsonObjectNode, "chain_sha256");
    if (computed !== entry.chain_sha256) {
      const message = `chain entry ${seq} does not match its content`;
      return await finish(brk(seq, "HASH_MISMATCH", computed, entry.chain_sha256, message));
    }
    const line = await log.next();
    if (line === undefined) {
      const message = `log line ${seq} is missing (the log was truncated or lines were deleted)`;
      return await finish(brk(seq, "LINE_MISSING", entry.line_sha256, null, message));
    }
    result.lines++;
    const actual = sha256Hex(line);
    if (actual !== entry.line_sha256) {
      const message = `log line ${seq} was changed, deleted or moved`;
      return await finish(brk(seq, "LINE_MISMATCH", entry.line_sha256, actual, message));
    }
    result.chained++;
    prev = entry.chain_sha256;
  }
  return await finish();
}

async function openIfExists(path: string): Promise<Deno.FsFile | undefined> {
  try {
    return await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * The lines of a file by the torn-tail rule, read a piece at a time into one reused buffer: each
 * complete line (without its newline), then the text after the last newline when it is a complete
 * JSON object; a torn tail's length is left in `tornBytes`. A line's bytes stay valid until the
 * next call.
 */
class ByteLineReader {
  #file: Deno.FsFile | undefined;
  #buf = new Uint8Array(1 << 20);
  #view = this.#buf.subarray(0, 0);
  #pos = 0;
  #eof: boolean;
  /** Bytes of a torn tail, once the end is reached (0: none). */
  tornBytes = 0;

  constructor(file: Deno.FsFile | undefined) {
    this.#file = file;
    this.#eof = file === undefined;
  }

  async next(): Promise<Uint8Array | undefined> {
    for (;;) {
      const nl = this.#view.indexOf(NL, this.#pos);
      if (nl !== -1) {
        const line = this.#view.subarray(this.#pos, nl);
        this.#pos = nl + 1;
        return line;
      }
      if (this.#eof) return this.#tail();
      await this.#refill();
    }
  }

  #tail(): Uint8Array | undefined {
    const tail = this.#view.subarray(this.#pos);
    this.#pos = this.#view.length;
    if (tail.length === 0) return undefined;
    const text = decoder.decode(tail);
    if (text.trim() === "") return undefined;
    if (isJsonObject(text)) return tail;
    this.tornBytes = tail.length;
    return undefined;
  }

  async #refill(): Promise<void> {
    const rest = this.#view.length - this.#pos;
    if (rest * 2 > this.#buf.length) {
      // A line longer than half the buffer: grow it.
      const bigger = new Uint8Array(this.#buf.length * 2);
      bigger.set(this.#view.subarray(this.#pos));
      this.#buf = bigger;
    } else {
      this.#buf.copyWithin(0, this.#pos, this.#view.length);
    }
    const n = await this.#file!.read(this.#buf.subarray(rest));
    if (n === null) this.#eof = true;
    this.#view = this.#buf.subarray(0, rest + (n ?? 0));
    this.#pos = 0;
  }
}

/** Splits bytes into complete lines and the tail after the last newline. */
function byteLines(buf: Uint8Array): {
  lines: Uint8Array[];
  tailStart: number;
  tailComplete: boolean;
} {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let nl = buf.indexOf(NL); nl !== -1; nl = buf.indexOf(NL, start)) {
    lines.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  const tail = decoder.decode(buf.subarray(start));
  return { lines, tailStart: start, tailComplete: tail.trim() !== "" && isJsonObject(tail) };
}

/** The offset just after log line `n` (0 for n = 0), or undefined when the log is shorter. */
async function offsetAfterLine(
  log: Deno.FsFile,
  size: number,
  n: number,
): Promise<{ end: number; needsNewline: boolean } | undefined> {
  if (n === 0) return { end: 0, needsNewline: false };
  let seen = 0;
  const chunk = 1 << 20;
  for (let offset = 0; offset < size; offset += chunk) {
    const buf = await readRange(log, offset, Math.min(size, offset + chunk));
    for (let nl = buf.indexOf(NL); nl !== -1; nl = buf.indexOf(NL, nl + 1)) {
      if (++seen === n) return { end: offset + nl + 1, needsNewline: false };
    }
  }
  if (seen === n - 1) {
    // Line n may be complete but lack its newline.
    const tailStart = await offsetAfterLine(log, size, n - 1);
    const tail = decoder.decode(await readRange(log, tailStart!.end, size));
    if (tail.trim() !== "" && isJsonObject(tail)) return { end: size, needsNewline: true };
  }
  return undefined;
}

// An entry exactly as `sidecarEntry` + `JSON.stringify` write it (keys in that order, compact).
const WRITTEN_ENTRY =
  /^\{"seq":([1-9][0-9]{0,14}),"line_sha256":"([0-9a-f]{64})","prev_sha256":(null|"[0-9a-f]{64}"),"chain_sha256":"([0-9a-f]{64})"\}$/;

/**
 * A chain line in the form the kit writes, read without a general JSON parse, with the recipe's
 * canonical text of it (keys sorted, compact; nothing to escape in digits and hex), so its hash
 * is the one {@linkcode chainHash} gives. Any other spelling takes the general path.
 */
function writtenEntry(text: string): (ChainEntry & { canonical: string }) | undefined {
  const m = WRITTEN_ENTRY.exec(text);
  if (!m) return undefined;
  const [, seq, line, prev, chain] = m as unknown as [string, string, string, string, string];
  return {
    seq: Number(seq),
    line_sha256: line,
    prev_sha256: prev === "null" ? null : prev.slice(1, -1),
    chain_sha256: chain,
    canonical: `{"line_sha256":"${line}","prev_sha256":${prev},"seq":${seq}}`,
  };
}

function parseEntry(text: string): (ChainEntry & { canonical?: undefined }) | undefined {
  try {
    const parsed = ChainEntrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function brokenError(path: string, why: string): KitError {
  return new KitError(
    "LEDGER_BROKEN",
    `Cannot append to ${path}: ${why}; verify it, then rotate it away to start a new log`,
    { path },
  );
}
