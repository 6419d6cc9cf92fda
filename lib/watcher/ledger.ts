/**
 * Writing the ingest ledger `manifests/ledger.ndjson`: one JSON line per
 * accepted file, hash-chained (DECISIONS "Two ledgers") with the recipe of
 * mips.md §5 as implemented by the LTM capability's `chainHash`. The chain
 * hash is `chain_sha256` because `sha256` already names the file's bytes;
 * `prev_sha256` links to the previous line's chain hash. Lines written by the
 * original watcher carry no chain; the first chained line after them links to
 * the last one's recipe hash, so the legacy tail is anchored too. The LTM
 * capability's `verifyLedger` checks all of it.
 *
 * @module
 */
import { dirname } from "node:path";
import { sha256Hex } from "../fs/sha256.ts";
import { chainHash, INGEST_CHAIN_FIELD } from "../ltm/mod.ts";
import { type JsonObjectNode, parseJsonTree } from "../mips/mod.ts";
import type { IngestLedgerLine } from "../../schemas/watcher.ts";
import { IngestLedgerLineSchema } from "../../schemas/watcher.ts";

/** A ledger line that could not be read. */
export interface BadLedgerLine {
  /** 1-based line number. */
  line: number;
  /** Why. */
  error: string;
}

/** A parsed ingest ledger. */
export interface IngestLedger {
  /** The readable lines, in file order. */
  lines: IngestLedgerLine[];
  /** Lines that are not JSON objects with the ledger's fields (reported, skipped). */
  bad: BadLedgerLine[];
  /** Every file `sha256` in the ledger (the dedupe set). */
  shas: Set<string>;
  /** What the next line's `prev_sha256` must be (`null` for an empty ledger). */
  nextPrev: string | null;
}

/**
 * Reads an ingest ledger; a missing file is an empty ledger, a bad line is
 * reported and skipped.
 *
 * @param path The ledger file.
 * @returns Lines, bad lines, the sha256 set and the next chain link.
 * @throws {Deno.errors.PermissionDenied} When the file cannot be read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readIngestLedger } from "./ledger.ts";
 * const ledger = await readIngestLedger("/nonexistent/ledger.ndjson");
 * assert(ledger.lines.length === 0 && ledger.nextPrev === null);
 * ```
 */
export async function readIngestLedger(path: string): Promise<IngestLedger> {
  let text = "";
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return parseIngestLedger(text);
}

/**
 * Parses ingest ledger text (see {@linkcode readIngestLedger}).
 *
 * @param text NDJSON text.
 * @returns The parsed ledger.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseIngestLedger } from "./ledger.ts";
 * const l = parseIngestLedger('{"ts":"t","path":"deltas/a","sha256":"' + "a".repeat(64) + '","bytes":3}\nnot json\n');
 * assert(l.lines.length === 1 && l.bad[0]?.line === 2 && l.shas.has("a".repeat(64)));
 * ```
 */
export function parseIngestLedger(text: string): IngestLedger {
  const ledger: IngestLedger = { lines: [], bad: [], shas: new Set(), nextPrev: null };
  // Only the last line's link matters for the next line, so it alone is hashed.
  let last: { raw: string; chained?: string | undefined; object: boolean } | undefined;
  const rows = text.split("\n");
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i]!.replace(/\r$/, "");
    if (raw.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      ledger.bad.push({ line: i + 1, error: "not a JSON object" });
      last = { raw, object: false };
      continue;
    }
    const parsed = IngestLedgerLineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      ledger.bad.push({
        line: i + 1,
        error: `${issue.path.join(".") || "line"}: ${issue.message}`,
      });
      last = { raw, object: true };
      continue;
    }
    const line = parsed.data;
    ledger.lines.push(line);
    ledger.shas.add(line.sha256);
    last = { raw, chained: line.chain_sha256, object: true };
  }
  if (last) ledger.nextPrev = last.chained ?? linkOf(last.raw, last.object);
  return ledger;
}

/** The recipe hash of a line as written (number lexemes kept): what `verifyLedger` links to. */
function linkOf(raw: string, object: boolean): string {
  if (!object) return sha256Hex(raw);
  const tree = parseJsonTree(raw) as JsonObjectNode;
  return chainHash(tree, INGEST_CHAIN_FIELD);
}

/** The fields of a new ledger line (the chain fields are added). */
export type NewLedgerLine = Omit<IngestLedgerLine, "prev_sha256" | "chain_sha256">;

/**
 * Builds a chained ledger line.
 *
 * @param fields The line's own fields.
 * @param prev The previous link ({@linkcode IngestLedger.nextPrev}).
 * @returns The line with `prev_sha256` and `chain_sha256`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chainLedgerLine } from "./ledger.ts";
 * import { chainHash } from "../ltm/mod.ts";
 * const line = chainLedgerLine({ ts: "t", path: "p", sha256: "0".repeat(64), bytes: 1 }, null);
 * assert(line.prev_sha256 === null && line.chain_sha256 === chainHash({ ...line }, "chain_sha256"));
 * ```
 */
export function chainLedgerLine(fields: NewLedgerLine, prev: string | null): IngestLedgerLine {
  const line: IngestLedgerLine = { ...dropUndefined(fields), prev_sha256: prev };
  return { ...line, chain_sha256: chainHash({ ...line }, INGEST_CHAIN_FIELD) };
}

/**
 * Appends one line to a ledger file in a single write (adding the missing
 * final newline of a ledger written by another tool first), fsynced.
 *
 * @param path The ledger file (created with its folder when missing).
 * @param line The line.
 * @returns Resolves once written and synced.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendIngestLine, chainLedgerLine, readIngestLedger } from "./ledger.ts";
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/manifests/ledger.ndjson`;
 * await appendIngestLine(path, chainLedgerLine({ ts: "t", path: "p", sha256: "0".repeat(64), bytes: 1 }, null));
 * assert((await readIngestLedger(path)).lines.length === 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendIngestLine(path: string, line: IngestLedgerLine): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  using file = await Deno.open(path, { read: true, append: true, create: true });
  const size = (await file.stat()).size;
  let prefix = "";
  if (size > 0) {
    const last = new Uint8Array(1);
    await file.seek(size - 1, Deno.SeekMode.Start);
    await file.read(last);
    if (last[0] !== 0x0a) prefix = "\n";
  }
  const bytes = new TextEncoder().encode(`${prefix}${JSON.stringify(line)}\n`);
  let written = 0;
  while (written < bytes.length) written += await file.write(bytes.subarray(written));
  await file.sync();
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
