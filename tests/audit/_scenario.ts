/**
 * Three missions run by real cycles of a living image (fake Ollama), whose log
 * the audit tests read: greet_architect fails at VALIDATING (a forbidden
 * `eval`) and its corrective cycle completes; wave completes at once; fly's plan
 * is not JSON (FAILED at DECOMPOSING, BRICK), and its corrective cycle fails to
 * write a `fly` method (FAILED at VALIDATING), which ends the mission (one
 * correction allowed).
 *
 * @module
 */
import { join } from "node:path";
import { appendRecords } from "../../lib/ledger/record_log.ts";
import type { CycleLogRecord } from "../../schemas/cycle_log.ts";
import type { CycleRow } from "../../lib/image/repository.ts";
import { GOOD_GREETING, GOOD_PLAN, startLivingImage } from "../fixtures/living_image.ts";

/** The wave method ROBIN writes. */
export const WAVE = "function wave(self) { return 'o/ ' + self.architect; }";

/** What the scenario leaves. */
export interface Scenario {
  /** Every record, in log order. */
  records: CycleLogRecord[];
  /** The image's own cycle rows (outcome, failed state, error, attempt, parent, type). */
  cycles: CycleRow[];
}

/**
 * Runs the three missions.
 *
 * @returns The log records and the image's cycle rows.
 */
export async function runScenario(): Promise<Scenario> {
  await using f = await startLivingImage({
    max_corrections: 1,
    queue: {
      brick: [GOOD_PLAN, GOOD_PLAN, "Sure! My plan: fly high"],
      robin: ["function greet_architect(self) { return eval('1'); }", GOOD_GREETING, WAVE],
    },
  });
  await f.living.send("genesis_obj", "greet_architect", []);
  await f.living.send("genesis_obj", "wave", []);
  await f.living.send("genesis_obj", "fly", []).then(
    () => Promise.reject(new Error("fly was expected to fail")),
    () => {},
  );
  return { records: [...f.records], cycles: await f.image.repository.listCycles() };
}

/**
 * Writes records with the kit's record-log writer (chained in `<file>.chain`).
 *
 * @param dir A folder.
 * @param records The records.
 * @param name The file name.
 * @returns The log's path.
 */
export async function writeLog(
  dir: string,
  records: readonly object[],
  name = "metacognition.jsonl",
): Promise<string> {
  const path = join(dir, name);
  await appendRecords(path, records);
  return path;
}
