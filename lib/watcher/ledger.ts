/**
 * The LTM ingest ledger `manifests/ledger.ndjson` as the watcher reads it: one
 * line per accepted file, an *ingest* ledger of `lib/ledger/` (which writes
 * and verifies it). The chain hash is `chain_sha256` because `sha256` already
 * names the file's bytes; lines of the original watcher carry no chain.
 *
 * @module
 */
import { chainEntry, INGEST_CHAIN_FIELD, nextLink, parseLedger } from "../ledger/mod.ts";
import type { LedgerBadLine, TornTail } from "../ledger/mod.ts";
import type { IngestLedgerLine } from "../../schemas/watcher.ts";
import { IngestLedgerLineSchema } from "../../schemas/watcher.ts";

/** A parsed ingest ledger. */
export interface IngestLedger {
  /** The readable lines, in file order. */
  lines: IngestLedgerLine[];
  /** Lines that are not JSON objects with the ledger's fields (reported, skipped). */
  bad: LedgerBadLine[];
  /** Every file `sha256` in the ledger (the dedupe set). */
  shas: Set<string>;
  /** What the next line's `prev_sha256` will be (`null` for an empty ledger). */
  nextPrev: string | null;
  /** A last line cut short by a crash (the next append cuts it). */
  torn_tail?: TornTail | undefined;
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
  const read = parseLedger(text);
  const ledger: IngestLedger = {
    lines: [],
    bad: [...read.bad],
    shas: new Set(),
    nextPrev: nextLink(text, INGEST_CHAIN_FIELD),
    ...(read.torn_tail ? { torn_tail: read.torn_tail } : {}),
  };
  for (const entry of read.entries) {
    const parsed = IngestLedgerLineSchema.safeParse(entry.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      ledger.bad.push({
        line: entry.line,
        error: `${issue.path.join(".") || "line"}: ${issue.message}`,
      });
      continue;
    }
    ledger.lines.push(parsed.data);
    ledger.shas.add(parsed.data.sha256);
  }
  ledger.bad.sort((a, b) => a.line - b.line);
  return ledger;
}

/** The fields of a new ledger line (the chain fields are added). */
export type NewLedgerLine = Omit<IngestLedgerLine, "prev_sha256" | "chain_sha256">;

/**
 * Builds a chained ledger line (for re-chaining lines in a merge; appends go
 * through `appendChained`, which reads the link under the lock).
 *
 * @param fields The line's own fields.
 * @param prev The previous link ({@linkcode IngestLedger.nextPrev}).
 * @returns The line with `prev_sha256` and `chain_sha256`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chainLedgerLine } from "./ledger.ts";
 * import { chainHash } from "../ledger/mod.ts";
 * const line = chainLedgerLine({ ts: "t", path: "p", sha256: "0".repeat(64), bytes: 1 }, null);
 * assert(line.prev_sha256 === null && line.chain_sha256 === chainHash({ ...line }, "chain_sha256"));
 * ```
 */
export function chainLedgerLine(fields: NewLedgerLine, prev: string | null): IngestLedgerLine {
  return chainEntry({ ...fields }, prev, INGEST_CHAIN_FIELD) as IngestLedgerLine;
}
