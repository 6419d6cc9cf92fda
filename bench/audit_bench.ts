// deno-lint-ignore-file no-console -- a benchmark reports on the terminal
/**
 * How long does the cycle-log report take, and what does it cost on top of
 * just reading the records? Writes N records of generated cycles with the
 * kit's own log writer (a quarter of the missions fail once and are
 * corrected), then times, in the same run:
 *
 * - the report over the records in memory (the aggregation alone);
 * - the report over the log file (stream, validate, aggregate) against a
 *   baseline of reading the file and `JSON.parse`-ing every line;
 * - the report over the catalog after `ingestAuditLog` against a baseline of
 *   a plain `node:sqlite` SELECT of the same rows;
 * - the fine-tune export over the log file, and the SVG chart.
 *
 * Run: `./bin/deno run -A bench/audit_bench.ts [--records N]` (default 100 000).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createManualClock } from "../lib/clock.ts";
import { CycleLog } from "../lib/cycle/log.ts";
import { appendRecords } from "../lib/ledger/record_log.ts";
import { ingestAuditLog } from "../lib/catalog/ingest.ts";
import { openStore } from "../lib/store/open.ts";
import {
  auditChartSvg,
  buildAuditReport,
  catalogSource,
  finetuneLines,
  logSource,
} from "../lib/audit/mod.ts";
import type { CycleLogRecord } from "../schemas/cycle_log.ts";

const { values } = parseArgs({ args: Deno.args, options: { records: { type: "string" } } });
const N = Number(values.records ?? 100_000);
const PERSONAS = ["ROBIN", "BRICK", "BABS", "ALFRED"];

function generate(n: number): CycleLogRecord[] {
  const out: CycleLogRecord[] = [];
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const log = new CycleLog({ append: (r) => out.push(r as CycleLogRecord) }, clock);
  let mission = 0;
  while (out.length < n) {
    mission++;
    const fails = mission % 4 === 0;
    let parent: string | null = null;
    for (let attempt = 0; attempt <= (fails ? 1 : 0); attempt++) {
      const id = `c-${mission}-${attempt}`;
      const ctx = { cycle_id: id, transaction_id: `tx-${id}`, mission_brief_hash: "a".repeat(64) };
      const persona = PERSONAS[mission % PERSONAS.length]!;
      const step = (s: number) => clock.advance(s * 1000);
      log.write(ctx, {
        event_type: "CYCLE_STARTED",
        current_state: "IDLE",
        validation_result: {
          mission_type: attempt ? "self_correction_mandate" : "unhandled_message",
          selector: `m${mission % 97}`,
          target_oid: "genesis_obj",
          attempt,
          parent_cycle_id: parent,
        },
      });
      for (const [from, to] of [["IDLE", "DECOMPOSING"], ["DECOMPOSING", "DELEGATING"]] as const) {
        step(1 + (mission % 3));
        log.write(ctx, { event_type: "STATE_TRANSITION", current_state: from, transition_to: to });
      }
      step(2);
      log.write(ctx, {
        event_type: "STATE_TRANSITION",
        current_state: "DELEGATING",
        transition_to: "SYNTHESIZING",
      });
      step(5 + (mission % 7));
      log.write(ctx, {
        event_type: "ARTIFACT_GENERATED",
        current_state: "SYNTHESIZING",
        active_persona: persona,
        llm_prompt: `Write the method m${mission % 97} for genesis_obj. Context ${mission}`,
        llm_response_raw: `function m${mission % 97}(self) { return ${mission % 13}; }`,
      });
      step(1);
      log.write(ctx, {
        event_type: "STATE_TRANSITION",
        current_state: "SYNTHESIZING",
        transition_to: "VALIDATING",
      });
      const bad = fails && attempt === 0;
      log.write(ctx, {
        event_type: bad ? "VALIDATION_FAILURE" : "VALIDATION_SUCCESS",
        current_state: "VALIDATING",
        validation_result: {
          guardian: "PersistenceGuardian",
          ok: !bad,
          errors: bad ? [{ code: "GUARDIAN_FORBIDDEN", message: "eval" }] : [],
        },
      });
      step(1);
      const end = bad ? "FAILED" : "COMPLETE";
      log.write(ctx, {
        event_type: "STATE_TRANSITION",
        current_state: "VALIDATING",
        transition_to: end,
      });
      log.write(ctx, {
        event_type: "FINAL_OUTCOME",
        current_state: end,
        final_outcome: end,
        validation_result: bad
          ? { reason: { code: "GUARDIAN_FORBIDDEN", message: "eval", state: "VALIDATING" } }
          : null,
      });
      parent = id;
      step(30);
    }
  }
  return out.slice(0, n);
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const rate = (v: number) => `${Math.round(N / (v / 1000)).toLocaleString("en")} records/s`;

const dir = await Deno.makeTempDir({ prefix: "mb_audit_bench_" });
try {
  const records = generate(N);
  const log = join(dir, "metacognition.jsonl");
  await appendRecords(log, records);
  const bytes = (await Deno.stat(log)).size;
  console.log(`audit bench: ${N.toLocaleString("en")} records, log ${(bytes / 1e6).toFixed(1)} MB`);

  const [inMemory, tMem] = await time(() =>
    buildAuditReport((async function* () {
      yield* records;
    })())
  );
  console.log(
    `report, records in memory:   ${ms(tMem)} (${rate(tMem)}); ${inMemory.totals.cycles} cycles`,
  );

  const [, tParse] = await time(async () => {
    let n = 0;
    for (const line of (await Deno.readTextFile(log)).split("\n")) {
      if (line) {
        n += JSON.parse(line) ? 1 : 0;
      }
    }
    return n;
  });
  const [fromLog, tLog] = await time(() => buildAuditReport(logSource(log).records));
  console.log(
    `report, log file:            ${ms(tLog)} (${rate(tLog)}); baseline read+JSON.parse ${
      ms(tParse)
    }: ` +
      `${(tLog / tParse).toFixed(2)}x`,
  );

  const db = join(dir, "catalog.db");
  await using store = await openStore({ sqlite_path: db });
  const [, tIngest] = await time(() => ingestAuditLog(store, { file: log }));
  console.log(`catalog ingest (catalog's):  ${ms(tIngest)} (${rate(tIngest)})`);
  const [, tSelect] = await time(() => {
    const raw = new DatabaseSync(db, { readOnly: true });
    try {
      let n = 0;
      for (const _ of raw.prepare("SELECT * FROM catalog_records ORDER BY id").iterate()) n++;
      return Promise.resolve(n);
    } finally {
      raw.close();
    }
  });
  const [fromCatalog, tCat] = await time(() => buildAuditReport(catalogSource(store, db).records));
  console.log(
    `report, catalog:             ${ms(tCat)} (${rate(tCat)}); baseline node:sqlite SELECT ${
      ms(tSelect)
    }: ` +
      `${(tCat / tSelect).toFixed(2)}x`,
  );
  const same = JSON.stringify({ ...fromLog, source: null }) ===
    JSON.stringify({ ...fromCatalog, source: null });
  console.log(`catalog report equals the log report: ${same}`);

  const [exported, tExport] = await time(() => finetuneLines(logSource(log).records));
  console.log(
    `export-finetune, log file:   ${ms(tExport)}; ${exported.lines.length} examples, ` +
      `${exported.duplicates} duplicates of ${exported.complete_cycles} COMPLETE cycles`,
  );
  const [svg, tSvg] = await time(() => Promise.resolve(auditChartSvg(fromLog)));
  console.log(
    `SVG chart:                   ${
      ms(tSvg)
    }; ${svg.length} bytes, ${fromLog.timeline.buckets.length} buckets`,
  );
  console.log(
    `success ${(fromLog.totals.success_rate! * 100).toFixed(1)}%, self-correction ` +
      `${(fromLog.retries.self_correction_success_rate! * 100).toFixed(1)}%`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
