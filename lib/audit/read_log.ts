/**
 * Reads a cycle-log file (`metacognition.jsonl`) as records, streamed, for
 * reports and exports over a log that is not (yet) in the catalog. Lines are
 * read as the catalog reads them (kit records, and the VIII code's formatter
 * shape converted); anything else is skipped, counted and named — never
 * silently dropped. The hash chain is not checked here: `audit-ingest` does
 * that when the log enters the catalog.
 *
 * @module
 */
import type { CycleLogRecord } from "../../schemas/cycle_log.ts";
import { readRecordLine } from "../catalog/record_line.ts";
import { KitError } from "../errors.ts";

/** What a read skipped. */
export interface ReadTally {
  /** Records yielded. */
  records: number;
  /** Lines skipped. */
  skipped: number;
  /** The first skipped lines, as `line N: why`. */
  skipped_examples: string[];
}

const EXAMPLES = 5;

/**
 * One line of a cycle log as a record, or why it is not one (the catalog's line reader, after
 * `JSON.parse`).
 *
 * @param line The line's text.
 * @returns The record, or `{ error }`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCycleLogLine } from "./read_log.ts";
 * assert.match((parseCycleLogLine("{") as { error: string }).error, /not JSON/);
 * assert.match((parseCycleLogLine("[1]") as { error: string }).error, /not a JSON object/);
 * ```
 */
export function parseCycleLogLine(line: string): CycleLogRecord | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: "not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: "not a JSON object" };
  }
  const read = readRecordLine(value as Record<string, unknown>);
  return read.ok ? read.record : { error: read.error };
}

/**
 * The records of a cycle-log file, in file order. Skipped lines are counted in `tally`.
 *
 * @param path The log file.
 * @param tally Filled while reading.
 * @param signal Stops the read.
 * @returns The records.
 * @throws {KitError} `AUDIT_LOG_UNREADABLE` when the file cannot be opened.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCycleLog } from "./read_log.ts";
 * const file = await Deno.makeTempFile();
 * await Deno.writeTextFile(file, "not json\n");
 * const tally = { records: 0, skipped: 0, skipped_examples: [] };
 * for await (const _ of readCycleLog(file, tally)) assert.fail();
 * assert.deepEqual(tally.skipped_examples, ["line 1: not JSON"]);
 * await Deno.remove(file);
 * ```
 */
export async function* readCycleLog(
  path: string,
  tally: ReadTally,
  signal?: AbortSignal,
): AsyncGenerator<CycleLogRecord> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    throw new KitError("AUDIT_LOG_UNREADABLE", `${path}: cannot read the cycle log`, {
      cause: error,
      exitCode: 2,
    });
  }
  let n = 0;
  for await (const line of textLines(file.readable)) {
    n++;
    signal?.throwIfAborted();
    if (!line.trim()) continue;
    const parsed = parseCycleLogLine(line);
    if ("error" in parsed) {
      tally.skipped++;
      if (tally.skipped_examples.length < EXAMPLES) {
        tally.skipped_examples.push(`line ${n}: ${parsed.error}`);
      }
      continue;
    }
    tally.records++;
    yield parsed;
  }
}

/** The lines of a byte stream (without their newlines; a last line without one included). */
async function* textLines(bytes: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of bytes) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = parts.pop()!;
    yield* parts;
  }
  rest += decoder.decode();
  if (rest) yield rest;
}
