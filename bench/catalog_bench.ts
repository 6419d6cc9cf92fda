// deno-lint-ignore-file no-console -- a benchmark prints its figures
/**
 * Knowledge-catalog benchmark: writes N generated cycle-log records with the
 * kit's own writers (CycleLog records, the ledger's chained record log), then
 * measures `ingestAuditLog` (chain verify, parse, content hash, insert, FTS5
 * index, one transaction) against plain `node:sqlite` inserts of the same
 * rows in the same run (one prepared INSERT per row, one transaction, into a
 * table of the same columns: without, then with the same FTS5 index), then
 * BM25 search latency (p50/p99) at that size and the bytes on disk per record.
 *
 * Run: `./bin/deno run -A bench/catalog_bench.ts [--records 100000] [--queries 300] [--keep]`
 * (`--records 1000000` for the issue's full figure).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { CycleLog } from "../lib/cycle/log.ts";
import { appendRecords } from "../lib/ledger/record_log.ts";
import { ingestAuditLog } from "../lib/catalog/ingest.ts";
import { recordContentHash } from "../lib/catalog/record_line.ts";
import { insertRecords, migrateCatalog } from "../lib/catalog/repository.ts";
import { verifyLedger } from "../lib/ledger/verify.ts";
import { searchMemory } from "../lib/catalog/search.ts";
import { openStore } from "../lib/store/open.ts";
import type { CycleLogRecord } from "../schemas/cycle_log.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    records: { type: "string", default: "100000" },
    queries: { type: "string", default: "300" },
    keep: { type: "boolean", default: false },
  },
});
const N = Number(values.records);
const QUERIES = Number(values.queries);

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(42);
// A Zipf-ish vocabulary: 5000 words, low ranks far more frequent.
const VOCAB = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
const word = () => VOCAB[Math.floor(VOCAB.length * rand() ** 3)]!;
const words = (n: number) => Array.from({ length: n }, word).join(" ");
const PERSONAS = ["BRICK", "ROBIN", "ALFRED", "BABS"];
const EVENTS = [
  "STATE_TRANSITION",
  "ARTIFACT_GENERATED",
  "VALIDATION_SUCCESS",
  "VALIDATION_FAILURE",
];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const rate = (n: number, t: number) =>
  `${Math.round(n / (t / 1000)).toLocaleString("en")} records/s`;

const root = await Deno.makeTempDir({ prefix: "mb_catalog_bench_" });
const log = join(root, "metacognition.jsonl");
console.log(`catalog bench: ${N.toLocaleString("en")} records in ${root}`);

let t = performance.now();
let now = Date.UTC(2026, 0, 1);
const records: CycleLogRecord[] = [];
const writer = new CycleLog({ append: () => {} }, { now: () => (now += 1000) });
for (let i = 0; i < N; i++) {
  const cycle = Math.floor(i / 5);
  const ctx = {
    cycle_id: `c-${cycle}`,
    transaction_id: `tx-${cycle}`,
    mission_brief_hash: (cycle % 65536).toString(16).padStart(64, "0"),
  };
  const kind = EVENTS[i % EVENTS.length]!;
  const artifact = kind === "ARTIFACT_GENERATED";
  records.push(writer.write(ctx, {
    event_type: kind as "STATE_TRANSITION",
    current_state: artifact ? "SYNTHESIZING" : "VALIDATING",
    active_persona: PERSONAS[cycle % PERSONAS.length]!,
    llm_prompt: artifact ? `Write the method: ${words(20)}` : null,
    llm_response_raw: artifact ? `def run(self):\n    return "${words(30)}"` : null,
    validation_result: kind.startsWith("VALIDATION")
      ? { guardian: "PersistenceGuardian", ok: kind.endsWith("SUCCESS"), note: words(6) }
      : null,
    final_outcome: i % 5 === 4 ? (cycle % 7 === 0 ? "FAILED" : "COMPLETE") : null,
  }));
}
for (let i = 0; i < N; i += 50_000) await appendRecords(log, records.slice(i, i + 50_000));
const logBytes = (await Deno.stat(log)).size;
console.log(
  `generated and chained in ${ms(performance.now() - t)} (log ${
    (logBytes / N).toFixed(0)
  } B/record)`,
);

// Baseline: plain node:sqlite, the same rows, one prepared statement, one transaction.
const COLUMNS = [
  "content_sha256",
  "ts_ms",
  "timestamp",
  "cycle_id",
  "transaction_id",
  "mission_brief_hash",
  "event_type",
  "current_state",
  "transition_to",
  "active_persona",
  "llm_prompt",
  "llm_response_raw",
  "artifact_oid",
  "validation_result",
  "final_outcome",
  "source_log",
  "source_line",
];
function plainInsert(withFts: boolean): number {
  const path = join(root, `plain_${withFts}.db`);
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  db.exec(`CREATE TABLE r (id INTEGER PRIMARY KEY, ${COLUMNS.join(", ")})`);
  if (withFts) db.exec("CREATE VIRTUAL TABLE f USING fts5(title, text, content = '')");
  const insert = db.prepare(
    `INSERT INTO r (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})`,
  );
  const fts = withFts ? db.prepare("INSERT INTO f (rowid, title, text) VALUES (?, ?, ?)") : null;
  const start = performance.now();
  db.exec("BEGIN");
  records.forEach((r, i) => {
    const validation = r.validation_result === null ? null : JSON.stringify(r.validation_result);
    insert.run(
      String(i),
      Date.parse(r.timestamp),
      r.timestamp,
      r.cycle_id,
      r.transaction_id,
      r.mission_brief_hash,
      r.event_type,
      r.current_state,
      r.transition_to,
      r.active_persona,
      r.llm_prompt,
      r.llm_response_raw,
      r.artifact_oid,
      validation,
      r.final_outcome,
      log,
      i + 1,
    );
    fts?.run(
      i + 1,
      `${r.event_type} ${r.current_state} ${r.active_persona} ${r.cycle_id}`,
      `${r.llm_prompt ?? ""} ${r.llm_response_raw ?? ""} ${validation ?? ""}`,
    );
  });
  db.exec("COMMIT");
  const elapsed = performance.now() - start;
  db.close();
  return elapsed;
}
const plainMs = plainInsert(false);
console.log(`baseline, plain node:sqlite inserts: ${ms(plainMs)} = ${rate(N, plainMs)}`);
const plainFtsMs = plainInsert(true);
console.log(`baseline, plain inserts + FTS5 rows: ${ms(plainFtsMs)} = ${rate(N, plainFtsMs)}`);

{
  // The store half alone: the same rows, pre-hashed, through the repository (one transaction).
  const sqlOnly = await openStore({ sqlite_path: join(root, "sql_only.db") });
  await migrateCatalog(sqlOnly);
  const rows = records.map((record, i) => ({
    content_sha256: recordContentHash(record),
    record,
    source_log: log,
    source_line: i + 1,
  }));
  t = performance.now();
  await sqlOnly.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 5000) await insertRecords(tx, rows.slice(i, i + 5000));
  });
  const sqlMs = performance.now() - t;
  await sqlOnly.close();
  console.log(
    `repository inserts alone (records + indexes + FTS, pre-parsed rows): ${ms(sqlMs)} = ${
      rate(N, sqlMs)
    }; ratio vs plain inserts + FTS5: ${(plainFtsMs / sqlMs).toFixed(2)}x`,
  );
}
// The generated rows are not needed any more: the ingest runs without them in the heap.
records.length = 0;
const dbPath = join(root, "catalog.db");
const store = await openStore({ sqlite_path: dbPath });
t = performance.now();
const ingested = await ingestAuditLog(store, { file: log });
const ingestMs = performance.now() - t;
if (ingested.added !== N) throw new Error(`ingested ${ingested.added} of ${N}`);
console.log(
  `ingestAuditLog (verify + parse + hash + insert + FTS, one transaction): ${ms(ingestMs)} = ${
    rate(N, ingestMs)
  }`,
);
console.log(
  `  ratio vs plain inserts: ${(plainMs / ingestMs).toFixed(2)}x; vs plain inserts + FTS5: ${
    (plainFtsMs / ingestMs).toFixed(2)
  }x (target >= 0.5x)`,
);
t = performance.now();
await verifyLedger(log);
const verifyMs = performance.now() - t;
console.log(`  of which chain verification alone (lib/ledger verifyLedger): ~${ms(verifyMs)}`);
t = performance.now();
const again = await ingestAuditLog(store, { file: log });
console.log(`second ingest (${again.added} added): ${ms(performance.now() - t)}`);

const kinds: Array<[string, () => string]> = [
  ["rare word", () => VOCAB[2000 + Math.floor(rand() * 3000)]!],
  ["mid word", () => VOCAB[300 + Math.floor(rand() * 300)]!],
  [
    "two words",
    () => `${VOCAB[100 + Math.floor(rand() * 900)]} ${VOCAB[100 + Math.floor(rand() * 900)]}`,
  ],
  ["common word", () => VOCAB[Math.floor(rand() * 5)]!],
  ["word + persona filter", () => VOCAB[300 + Math.floor(rand() * 300)]!],
];
for (const [name, query] of kinds) {
  const times: number[] = [];
  let hits = 0;
  let approximate = 0;
  for (let i = 0; i < QUERIES + 10; i++) {
    const text = query();
    const start = performance.now();
    const found = await searchMemory(store, {
      text,
      limit: 10,
      ...(name.includes("filter") ? { persona: "ROBIN" } : {}),
    });
    if (i >= 10) {
      times.push(performance.now() - start);
      hits += found.hits.length;
      if (found.ranking.approximate) approximate++;
    }
  }
  console.log(
    `BM25 search, ${name}: p50 ${ms(pct(times, 0.5))}, p99 ${ms(pct(times, 0.99))} (${
      (hits / QUERIES).toFixed(1)
    } hits/query${
      approximate ? `; ${approximate} of ${QUERIES} ranked over the newest matches only` : ""
    })`,
  );
}
await store.close();
let bytes = 0;
for (const suffix of ["", "-wal", "-shm"]) {
  bytes += await Deno.stat(dbPath + suffix).then((s) => s.size).catch(() => 0);
}
console.log(
  `catalog on disk: ${(bytes / 1e6).toFixed(1)} MB = ${(bytes / N).toFixed(0)} B/record (log: ${
    (logBytes / N).toFixed(0)
  } B/record)`,
);
if (values.keep) console.log(`kept ${root}`);
else await Deno.remove(root, { recursive: true });
