/**
 * The fine-tuning export (living-image spec §10, the "self-tuning flywheel"):
 * from every cycle that ended COMPLETE, the SYNTHESIZING step's prompt and raw
 * answer — the exchange that produced the method the cycle committed — as one
 * JSONL example, deduplicated, filtered by persona and mission type.
 *
 * Two shapes: `messages` (`{"messages":[system, user, assistant]}`, the chat
 * format of Ollama's and most SFT tools' datasets) and `prompt-completion`
 * (`{"prompt","completion"}`, the blueprint's). The log carries the user
 * prompt, not the system prompt the persona spoke with; the system message is
 * rebuilt from the persona's codex at the record's time (`system_prompt.ts`).
 *
 * @module
 */
import { ensureDir } from "../fs/ensure_dir.ts";
import { writeFileAtomic } from "../fs/atomic_write.ts";
import { sha256Hex } from "../fs/sha256.ts";
import type { CycleLogRecord } from "../../schemas/cycle_log.ts";
import type { FinetuneFormat } from "../../schemas/audit.ts";
import { type SystemPromptAt, systemPromptsOf } from "./system_prompt.ts";

/** Options of {@linkcode finetuneLines}. */
export interface FinetuneOptions {
  /** The JSONL shape. @default {"messages"} */
  format?: FinetuneFormat | undefined;
  /** Only cycles whose synthesis persona is this (case-insensitive). */
  persona?: string | undefined;
  /** Only cycles of this mission type (`unhandled_message`, `self_correction_mandate`, …). */
  mission_type?: string | undefined;
  /** The system prompt of a persona at a time. @default {from the seed codex} */
  systemPrompt?: SystemPromptAt | undefined;
  /** Stops the pass. */
  signal?: AbortSignal | undefined;
}

/** The examples and what was left out. */
export interface FinetuneLines {
  /** One JSON text per example, in log order, without newlines. */
  lines: string[];
  /** Records read. */
  records: number;
  /** COMPLETE cycles seen. */
  complete_cycles: number;
  /** COMPLETE cycles the filters left out. */
  filtered_out: number;
  /** Examples equal to an earlier one. */
  duplicates: number;
  /** COMPLETE cycles with no SYNTHESIZING artifact in the records. */
  missing_artifact: number;
}

interface Pending {
  mission_type: string | null;
  time: string;
  persona: string | null;
  prompt: string | null;
  response: string | null;
}

/**
 * The examples of a log, one JSON line each.
 *
 * @param records The cycle-log records, in log order.
 * @param options Shape and filters.
 * @returns The lines and the counts of what was left out.
 *
 * @example A COMPLETE cycle gives one example; a FAILED one none
 * ```ts
 * import assert from "node:assert/strict";
 * import { finetuneLines } from "./finetune.ts";
 * const base = { timestamp: "2026-01-10T12:00:00Z", transaction_id: "tx", mission_brief_hash: "0".repeat(64),
 *   transition_to: null, active_persona: null, llm_prompt: null, llm_response_raw: null, artifact_oid: null,
 *   validation_result: null, final_outcome: null };
 * async function* log() {
 *   for (const [id, outcome] of [["c-1", "COMPLETE"], ["c-2", "FAILED"]] as const) {
 *     yield { ...base, cycle_id: id, event_type: "ARTIFACT_GENERATED", current_state: "SYNTHESIZING",
 *       active_persona: "ROBIN", llm_prompt: "Write greet", llm_response_raw: `function greet() {} // ${id}` };
 *     yield { ...base, cycle_id: id, event_type: "FINAL_OUTCOME", current_state: "COMPLETE", final_outcome: outcome };
 *   }
 * }
 * const out = await finetuneLines(log(), { format: "prompt-completion" });
 * assert.deepEqual(out.lines.map((l) => JSON.parse(l)), [
 *   { prompt: "Write greet", completion: "function greet() {} // c-1" },
 * ]);
 * ```
 */
export async function finetuneLines(
  records: AsyncIterable<CycleLogRecord>,
  options: FinetuneOptions = {},
): Promise<FinetuneLines> {
  const format = options.format ?? "messages";
  const persona = options.persona?.toUpperCase();
  const system = options.systemPrompt ?? systemPromptsOf(undefined);
  const pending = new Map<string, Pending>();
  const seen = new Set<string>();
  const out: FinetuneLines = {
    lines: [],
    records: 0,
    complete_cycles: 0,
    filtered_out: 0,
    duplicates: 0,
    missing_artifact: 0,
  };
  for await (const r of records) {
    if ((++out.records & 0x3ff) === 0) options.signal?.throwIfAborted();
    let p = pending.get(r.cycle_id);
    if (!p) {
      p = { mission_type: null, time: r.timestamp, persona: null, prompt: null, response: null };
      pending.set(r.cycle_id, p);
    }
    if (r.event_type === "CYCLE_STARTED") {
      const type = r.validation_result?.mission_type;
      if (typeof type === "string") p.mission_type = type;
    } else if (r.event_type === "ARTIFACT_GENERATED" && r.current_state === "SYNTHESIZING") {
      [p.persona, p.prompt, p.response] = [r.active_persona, r.llm_prompt, r.llm_response_raw];
      p.time = r.timestamp;
    }
    if (!r.final_outcome) continue;
    pending.delete(r.cycle_id);
    if (r.final_outcome !== "COMPLETE") continue;
    out.complete_cycles++;
    if (p.prompt === null || p.response === null) {
      out.missing_artifact++;
      continue;
    }
    if (
      (persona && p.persona?.toUpperCase() !== persona) ||
      (options.mission_type && p.mission_type !== options.mission_type)
    ) {
      out.filtered_out++;
      continue;
    }
    const line = JSON.stringify(
      format === "prompt-completion" ? { prompt: p.prompt, completion: p.response } : {
        messages: [
          { role: "system", content: await system(p.persona, p.time) },
          { role: "user", content: p.prompt },
          { role: "assistant", content: p.response },
        ],
      },
    );
    if (seen.has(line)) {
      out.duplicates++;
      continue;
    }
    seen.add(line);
    out.lines.push(line);
  }
  return out;
}

/** What {@linkcode writeJsonl} wrote. */
export interface WrittenFile {
  /** The file. */
  path: string;
  /** Lines written. */
  count: number;
  /** Its size. */
  bytes: number;
  /** SHA-256 of its bytes. */
  sha256: string;
}

/**
 * Writes lines as a JSONL file, whole or not at all (temp file, fsync, rename),
 * creating the folder.
 *
 * @param path The file.
 * @param lines JSON texts without newlines.
 * @returns Path, count, size and the sha256 of exactly the bytes written.
 * @throws {KitError} `OUTPUT_NOT_A_DIRECTORY` when the folder cannot be made.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeJsonl } from "./finetune.ts";
 * const dir = await Deno.makeTempDir();
 * const w = await writeJsonl(`${dir}/sub/x.jsonl`, ['{"a":1}']);
 * assert.equal(await Deno.readTextFile(w.path), '{"a":1}\n');
 * assert.equal(w.bytes, 8);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeJsonl(path: string, lines: string[]): Promise<WrittenFile> {
  const bytes = new TextEncoder().encode(lines.map((l) => l + "\n").join(""));
  await ensureDir(path.slice(0, path.lastIndexOf("/")) || "/", "OUTPUT_NOT_A_DIRECTORY");
  await writeFileAtomic(path, bytes);
  return { path, count: lines.length, bytes: bytes.length, sha256: sha256Hex(bytes) };
}
