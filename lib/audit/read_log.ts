/**
 * Reads a cycle-log file (`metacognition.jsonl`) as records, for reports and
 * exports over a log that is not (yet) in the catalog. Kit records are taken
 * as they are; the VIII code's formatter shape (`{timestamp, event_type,
 * actor, data:{cycle_id, …}}`) is flattened into the 13 fields; anything else
 * is skipped, counted and named — never silently dropped. The hash chain is
 * not checked here: `audit-ingest` does that when the log enters the catalog.
 *
 * @module
 */
import {
  CYCLE_LOG_FIELDS,
  type CycleLogRecord,
  CycleLogRecordSchema,
  LegacyCycleLogRecordSchema,
} from "../../schemas/cycle_log.ts";
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
 * One line of a cycle log as a record, or why it is not one.
 *
 * @param line The line's text.
 * @returns The record, or `{ error }`.
 *
 * @example A VIII-code line is flattened
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCycleLogLine } from "./read_log.ts";
 * const r = parseCycleLogLine(JSON.stringify({
 *   timestamp: "2026-01-10T12:00:00Z", event_type: "STATE_TRANSITION", actor: "orchestrator",
 *   data: { cycle_id: "c-1", current_state: "IDLE", transition_to: "DECOMPOSING" },
 * }));
 * assert(!("error" in r));
 * assert.deepEqual([r.cycle_id, r.transition_to, r.llm_prompt], ["c-1", "DECOMPOSING", null]);
 * assert.match((parseCycleLogLine("{") as { error: string }).error, /not JSON/);
 * ```
 */
export function parseCycleLogLine(line: string): CycleLogRecord | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: "not JSON" };
  }
  const strict = CycleLogRecordSchema.safeParse(value);
  if (strict.success) return strict.data;
  const legacy = LegacyCycleLogRecordSchema.safeParse(value);
  const data = legacy.success ? legacy.data.data : undefined;
  if (legacy.success && typeof data?.cycle_id === "string" && data.cycle_id) {
    const flat: Record<string, unknown> = {};
    for (const field of CYCLE_LOG_FIELDS) flat[field] = data[field] ?? null;
    flat.timestamp = legacy.data.timestamp;
    flat.event_type = legacy.data.event_type;
    flat.mission_brief_hash = typeof data.mission_brief_hash === "string"
      ? data.mission_brief_hash
      : "0".repeat(64);
    flat.transaction_id = typeof data.transaction_id === "string" ? data.transaction_id : "unknown";
    flat.current_state = typeof data.current_state === "string" ? data.current_state : "unknown";
    const again = CycleLogRecordSchema.safeParse(flat);
    if (again.success) return again.data;
  }
  const issue = strict.error.issues[0];
  return { error: `not a cycle-log record (${issue?.path.join(".") || "line"}: ${issue?.message})` };
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
  let rest = "";
  for await (const chunk of bytes.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
}
