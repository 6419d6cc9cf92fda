import assert from "node:assert/strict";
import { ingestAuditLog } from "../../lib/catalog/ingest.ts";
import { iterateRecords } from "../../lib/catalog/records.ts";
import { dataLayout } from "../../lib/layout.ts";
import { verifyLedger } from "../../lib/ledger/verify.ts";
import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { cycleRecords, writeLog } from "./_logs.ts";

const CHILD = new URL("./_ingest_child.ts", import.meta.url).pathname;
/** 50 kills; `MB_KILL_TEST_KILLS` runs more (or fewer) when hunting a bug. */
const KILLS = Number(Deno.env.get("MB_KILL_TEST_KILLS") ?? 50);

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed from its seed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts the ingesting child, appends a batch while it runs, SIGKILLs it at a random moment. */
async function killOnce(dir: string, run: number, rand: () => number): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", CHILD, dir],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const lines: string[] = [];
  const reading = (async () => {
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
      lines.push(...text.split("\n").filter(Boolean));
    }
  })();
  // Sometimes while it starts; else once it runs, after 0-2 acknowledged ingests.
  const early = rand() < 0.2;
  const acknowledged = Math.floor(rand() * 3);
  const started = Date.now();
  while (
    !early && !(lines.includes("ready") && lines.length - 1 >= acknowledged) &&
    Date.now() - started < 30_000
  ) {
    await new Promise((r) => setTimeout(r, 2));
  }
  const cycles = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, i) => ({
    id: `k${run}-${i}`,
    outcome: i % 2 ? "FAILED" as const : "COMPLETE" as const,
    words: `run ${run} cycle ${i}`,
  }));
  const records = cycleRecords(cycles, Date.UTC(2026, 0, 10) + run * 60_000);
  const appending = writeLog(dataLayout(dir).metacognition, records);
  await new Promise((r) => setTimeout(r, Math.floor(rand() * (early ? 400 : 40))));
  child.kill("SIGKILL");
  await child.status;
  await reading;
  await appending;
  return records.length;
}

Deno.test("50 random SIGKILLs during ingest and rotation: every appended record is in the catalog once, and every archive verifies", async () => {
  const seed = Date.now() % 1_000_000;
  const rand = random(seed);
  const dir = await Deno.makeTempDir({ prefix: "mb_catalog_kill_" });
  try {
    let appended = 0;
    for (let run = 0; run < KILLS; run++) appended += await killOnce(dir, run, rand);
    const layout = dataLayout(dir);
    await using store = await openSqliteStore(layout.db);
    const last = await ingestAuditLog(store, { live: layout.metacognition });
    assert.equal(last.total_records, appended, `seed ${seed}`);
    const keys = new Set<string>();
    for await (const r of iterateRecords(store)) {
      keys.add(`${r.record.cycle_id}/${r.record.event_type}`);
    }
    assert.equal(keys.size, appended, `seed ${seed}: a record is missing or stored twice`);
    const left = [...Deno.readDirSync(layout.audit)].map((e) => e.name);
    // (A journal's temp file a kill left behind is not a pending rotation.)
    const pending = left.filter((n) => n.includes(".ingesting") && !n.endsWith(".tmp"));
    assert.deepEqual(pending, [], `seed ${seed}`);
    for (const name of left.filter((n) => n.endsWith(".ingested"))) {
      const verdict = await verifyLedger(`${layout.audit}/${name}`);
      assert(verdict.ok && verdict.kind === "sidecar", `seed ${seed}: ${JSON.stringify(verdict)}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
