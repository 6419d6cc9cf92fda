import assert from "node:assert/strict";
import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { ingestAuditLog } from "../../lib/catalog/ingest.ts";
import { iterateRecords } from "../../lib/catalog/records.ts";
import { KitError } from "../../lib/errors.ts";
import { startLivingImage } from "../fixtures/living_image.ts";
import { dataLayout } from "../../lib/layout.ts";
import { cycleRecords, writeLog } from "./_logs.ts";

const CYCLES = [
  { id: "c-1", outcome: "COMPLETE", words: "green tea timer" },
  { id: "c-2", outcome: "FAILED", words: "black coffee grinder", persona: "BRICK" },
  { id: "c-3", outcome: "COMPLETE", words: "oolong kettle" },
] as const;

async function withLog(fn: (dir: string, log: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mb_catalog_" });
  try {
    const log = `${dir}/metacognition.jsonl`;
    await writeLog(log, cycleRecords(CYCLES));
    await fn(dir, log);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function stored(store: Awaited<ReturnType<typeof openSqliteStore>>) {
  const out = [];
  for await (const r of iterateRecords(store)) out.push(r);
  return out;
}

Deno.test("ingestAuditLog() stores every record once; a second ingest adds 0 and says so", async () => {
  await withLog(async (_dir, log) => {
    await using store = await openSqliteStore(":memory:");
    const first = await ingestAuditLog(store, { file: log });
    assert.deepEqual([first.added, first.duplicates, first.total_records], [15, 0, 15]);
    assert.equal(first.files[0]!.chain, "verified");
    const second = await ingestAuditLog(store, { file: log });
    assert.deepEqual([second.added, second.duplicates, second.total_records], [0, 15, 15]);
    assert.equal(second.message, "0 added: all 15 records were already in the catalog");
    const records = await stored(store);
    assert.deepEqual(
      records.map((r) => r.source_line),
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
    const lines = (await Deno.readTextFile(log)).trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(records.map((r) => r.record), lines);
  });
});

Deno.test("ingestAuditLog() reads a log in small pieces with the same lines, records and malformed-line numbers", async () => {
  await withLog(async (_dir, log) => {
    await writeLog(log, [{ not: "a record" } as never, ...cycleRecords([CYCLES[0]], 0)]);
    await using whole = await openSqliteStore(":memory:");
    await using pieces = await openSqliteStore(":memory:");
    const a = await ingestAuditLog(whole, { file: log, allowBroken: true });
    const b = await ingestAuditLog(pieces, { file: log, allowBroken: true, pieceBytes: 100 });
    assert.deepEqual(b, a);
    assert.deepEqual([a.added, a.files[0]!.malformed], [20, [{
      line: 16,
      error: a.files[0]!.malformed[0]!.error,
    }]]);
    assert.deepEqual(
      (await stored(pieces)).map((r) => r.source_line),
      (await stored(whole)).map((r) => r.source_line),
    );
  });
});

Deno.test("iterateRecords() filters by cycle, persona, event type, outcome and time", async () => {
  await withLog(async (_dir, log) => {
    await using store = await openSqliteStore(":memory:");
    await ingestAuditLog(store, { file: log });
    const ids = async (filter: Parameters<typeof iterateRecords>[1]) => {
      const out: string[] = [];
      for await (const r of iterateRecords(store, filter, { pageSize: 2 })) {
        out.push(`${r.record.cycle_id}:${r.record.event_type}`);
      }
      return out;
    };
    assert.equal((await ids({ cycle_id: "c-2" })).length, 5);
    assert.deepEqual(await ids({ persona: "BRICK" }), ["c-2:ARTIFACT_GENERATED"]);
    assert.deepEqual(await ids({ event_type: "FINAL_OUTCOME", outcome: "COMPLETE" }), [
      "c-1:FINAL_OUTCOME",
      "c-3:FINAL_OUTCOME",
    ]);
    // Records are one second apart from 12:00:01: the 6th to the 10th are cycle c-2's.
    assert.deepEqual(
      new Set((await ids({ since: "2026-01-10T12:00:06Z", until: "2026-01-10T12:00:11Z" }))
        .map((s) => s.split(":")[0])),
      new Set(["c-2"]),
    );
  });
});

/** Rewrites the log's lines with `edit` (the chain is left as it was). */
async function tamper(log: string, edit: (lines: string[]) => string[]): Promise<void> {
  const lines = (await Deno.readTextFile(log)).trimEnd().split("\n");
  await Deno.writeTextFile(log, edit(lines).join("\n") + "\n");
}

for (
  const [what, edit, line] of [
    [
      "an edited line",
      (l: string[]) => l.map((x, i) => i === 7 ? x.replace("coffee", "cocoa") : x),
      8,
    ],
    ["a deleted line", (l: string[]) => l.filter((_, i) => i !== 4), 5],
    ["two swapped lines", (l: string[]) => [...l.slice(0, 9), l[10]!, l[9]!, ...l.slice(11)], 10],
    ["a truncated log", (l: string[]) => l.slice(0, 12), 13],
  ] as const
) {
  Deno.test(`ingestAuditLog() refuses ${what} with AUDIT_LOG_BROKEN naming line ${line}; --allow-broken ingests the lines before it`, async () => {
    await withLog(async (_dir, log) => {
      await tamper(log, edit);
      await using store = await openSqliteStore(":memory:");
      const error = await ingestAuditLog(store, { file: log }).catch((e) => e);
      assert(error instanceof KitError, String(error));
      assert.equal(error.code, "AUDIT_LOG_BROKEN");
      assert.match(error.message, new RegExp(`breaks at line ${line} `));
      assert.equal((error.details?.first_broken as { line: number }).line, line);
      assert.equal((await stored(store)).length, 0, "nothing ingested from a broken log");
      const partial = await ingestAuditLog(store, { file: log, allowBroken: true });
      assert.equal(partial.added, line - 1);
      assert.equal(partial.files[0]!.chain, "broken");
      assert.equal(partial.files[0]!.first_broken?.line, line);
      assert.match(partial.message, new RegExp(`breaks at line ${line}`));
    });
  });
}

Deno.test("ingestAuditLog() counts and names malformed lines, and reads the VIII formatter's older shape", async () => {
  await withLog(async (_dir, log) => {
    await writeLog(log, [
      { not: "a record" } as never,
      {
        timestamp: "2026-01-10T13:00:00Z",
        event_type: "STATE_TRANSITION",
        actor: "BRICK",
        data: { cycle_id: "legacy-1", current_state: "IDLE", transition_to: "DECOMPOSING" },
      } as never,
    ]);
    await using store = await openSqliteStore(":memory:");
    const result = await ingestAuditLog(store, { file: log });
    assert.equal(result.added, 16);
    assert.equal(result.malformed_count, 1);
    assert.equal(result.files[0]!.malformed[0]!.line, 16);
    assert.match(result.files[0]!.malformed[0]!.error, /not a cycle-log record/);
    assert.equal(result.files[0]!.legacy, 1);
    assert.match(result.message, /1 malformed line/);
  });
});

Deno.test("a live ingest rotates only after its commit, archives the log, and a crash's leftover .ingesting file is ingested next time", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mb_catalog_" });
  try {
    const live = dataLayout(dir).metacognition;
    await writeLog(live, cycleRecords(CYCLES.slice(0, 2)));
    await using store = await openSqliteStore(`${dir}/metablooms.db`);
    const first = await ingestAuditLog(store, { live, clock: { now: () => 1000 } });
    assert.equal(first.added, 10);
    assert.equal(first.files[0]!.archived_to, `${live}.1000.ingested`);
    await assert.rejects(Deno.stat(live), Deno.errors.NotFound);
    assert.equal(
      (await Deno.readTextFile(`${live}.1000.ingested`)).trimEnd().split("\n").length,
      10,
    );
    // A crash after the rotation, before its ingest: the rotated pair waits as .ingesting.
    await writeLog(`${live}.2000.ingesting`, cycleRecords(CYCLES.slice(2)));
    await writeLog(live, cycleRecords([{ id: "c-4", outcome: "FAILED", words: "mate gourd" }]));
    const second = await ingestAuditLog(store, { live, clock: { now: () => 3000 } });
    assert.deepEqual(second.files.map((f) => [f.added, f.archived_to]), [
      [5, `${live}.2000.ingested`],
      [5, `${live}.3000.ingested`],
    ]);
    assert.equal(second.total_records, 20);
    const third = await ingestAuditLog(store, { live });
    assert.equal(third.added, 0);
    assert.match(third.message, /Nothing to ingest/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the log of a real cycle (living image, fake Ollama) ingests and is searchable by its fields", async () => {
  await using f = await startLivingImage();
  await f.living.send("genesis_obj", "greet_architect", []);
  await using store = await openSqliteStore(":memory:");
  // The fixture's writer flushes in the background: wait until the log holds every record.
  const log = dataLayout(f.dir).metacognition;
  for (let i = 0; i < 200; i++) {
    const text = await Deno.readTextFile(log).catch(() => "");
    if (text.trimEnd().split("\n").filter(Boolean).length >= f.records.length) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const result = await ingestAuditLog(store, { file: log });
  assert.equal(result.added + result.files[0]!.unchained, f.records.length, JSON.stringify(result));
  const outcomes = [];
  for await (const r of iterateRecords(store, { event_type: "FINAL_OUTCOME" })) {
    outcomes.push(r.record.final_outcome);
  }
  assert.deepEqual(outcomes, ["COMPLETE"]);
});
