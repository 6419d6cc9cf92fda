// deno-lint-ignore-file no-console -- a benchmark prints its figures
/**
 * Living image benchmark, three figures:
 *
 * 1. Committed small transactions per second (one slot of one object set, + its
 *    history row) through the image (unit of work, compare-and-set, versions kept),
 *    against the same workload written directly with `node:sqlite` in the same
 *    run (WAL, synchronous NORMAL, BEGIN IMMEDIATE; target ≥ 0.5×).
 * 2. A call to an installed method with a warm sandbox: `send()` p50/p99, for a
 *    method that only answers and one that changes its receiver (target p50 < 10 ms).
 * 3. Cycle overhead excluding inference: a whole cognitive cycle (plan, retrieval,
 *    synthesis, guardians, trial run, commit, log) with an LLM stand-in that
 *    answers at once (target < 50 ms).
 *
 * Run: `./bin/deno run -A bench/image_bench.ts [--commits 2000] [--calls 300] [--cycles 30]`
 *
 * @module
 */
import { parseArgs } from "node:util";
import { DatabaseSync } from "node:sqlite";
import { openStore } from "../lib/store/open.ts";
import { Image, methodSlot, Sandbox, send } from "../lib/image/mod.ts";
import { CycleLog, LivingImage } from "../lib/cycle/mod.ts";
import { instantLlm } from "../tests/fixtures/living_image.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    commits: { type: "string", default: "2000" },
    calls: { type: "string", default: "300" },
    cycles: { type: "string", default: "30" },
  },
});
const COMMITS = Number(values.commits);
const CALLS = Number(values.calls);
const CYCLES = Number(values.cycles);

const dir = await Deno.makeTempDir({ prefix: "mb_image_bench_" });
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

try {
  // 1. Committed small transactions/s, in alternating rounds so both see the same machine load.
  const db = new DatabaseSync(`${dir}/baseline.db`);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  db.exec(
    "CREATE TABLE objects (oid TEXT PRIMARY KEY, version INTEGER, slots_json TEXT);" +
      "CREATE TABLE versions (oid TEXT, version INTEGER, slots_json TEXT, PRIMARY KEY (oid, version));" +
      "INSERT INTO objects VALUES ('counter', 1, '{\"n\":0}');",
  );
  const read = db.prepare("SELECT version, slots_json FROM objects WHERE oid = ?");
  const update = db.prepare(
    "UPDATE objects SET version = version + 1, slots_json = ? WHERE oid = ? AND version = ?",
  );
  const history = db.prepare("INSERT INTO versions VALUES (?, ?, ?)");
  const baselineRound = (n: number) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      db.exec("BEGIN IMMEDIATE");
      const row = read.get("counter") as { version: number; slots_json: string };
      const slots = JSON.parse(row.slots_json);
      slots.n = row.version; // the same blind write of one slot
      const json = JSON.stringify(slots);
      update.run(json, "counter", row.version);
      history.run("counter", row.version + 1, json);
      db.exec("COMMIT");
    }
    return n / ((performance.now() - started) / 1000);
  };
  const store1 = await openStore({ sqlite_path: `${dir}/image.db` });
  const image1 = await Image.open(store1);
  await image1.transaction((tx) => tx.create("counter", { slots: { n: 0 }, parents: [] }));
  let next = 0;
  const imageRound = async (n: number) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const value = ++next;
      await image1.transaction((tx) => tx.set("counter", "n", value));
    }
    return n / ((performance.now() - started) / 1000);
  };
  const rounds = 5;
  const baseRates: number[] = [];
  const imageRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    baseRates.push(baselineRound(COMMITS / rounds));
    imageRates.push(await imageRound(COMMITS / rounds));
  }
  if ((await image1.get("counter")).slots.n !== COMMITS) throw new Error("lost a commit");
  await store1.close();
  db.close();
  const baseline = percentile(baseRates, 0.5);
  const imageRate = percentile(imageRates, 0.5);
  console.log(
    `committed transactions (${COMMITS} each, one object + its history row, median of ${rounds} rounds):`,
  );
  console.log(`  node:sqlite directly   ${baseline.toFixed(0)} tx/s`);
  console.log(
    `  image                  ${imageRate.toFixed(0)} tx/s  = ${
      (imageRate / baseline).toFixed(2)
    }x` +
      "  (target >= 0.5x)",
  );

  // 2. Calls to an installed method, warm sandbox.
  {
    await using store = await openStore({ sqlite_path: `${dir}/calls.db` });
    await using sandbox = Sandbox.start({ timeoutMs: 5000 });
    const image = await Image.open(store);
    const verdict = {
      guardian: "PersistenceGuardian",
      ok: true,
      checked_at: "2026-01-01T00:00:00Z",
    };
    await image.transaction((tx) =>
      tx.create("obj", {
        parents: [],
        slots: {
          n: 0,
          answer: methodSlot("answer", "function answer(self, x) { return x * 2 + self.n; }", {
            verdict,
            cycle_id: null,
            persona: null,
          }),
          bump: methodSlot("bump", "function bump(self) { self.n += 1; return self.n; }", {
            verdict,
            cycle_id: null,
            persona: null,
          }),
        },
      })
    );
    for (let i = 0; i < 10; i++) {
      await send(image, { object: "obj", selector: "answer", args: [i] }, { sandbox });
    }
    for (
      const [selector, label] of [["answer", "answers only"], ["bump", "changes self, commits"]]
    ) {
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now();
        await send(image, { object: "obj", selector: selector!, args: [i] }, { sandbox });
        times.push(performance.now() - t);
      }
      console.log(
        `send() to an installed method, warm sandbox, ${label} (${CALLS}): ` +
          `p50 ${ms(percentile(times, 0.5))}, p99 ${
            ms(percentile(times, 0.99))
          }  (target p50 < 10 ms)`,
      );
    }
  }

  // 3. Cycle overhead without inference.
  {
    await using store = await openStore({ sqlite_path: `${dir}/cycles.db` });
    await using sandbox = Sandbox.start({ timeoutMs: 5000 });
    let records = 0;
    const llm = instantLlm();
    const living = await LivingImage.open({
      image: await Image.open(store),
      sandbox,
      llm,
      log: new CycleLog({ append: () => records++ }),
    });
    await living.send("genesis_obj", "warm_up", []);
    const times: number[] = [];
    for (let i = 0; i < CYCLES; i++) {
      const t = performance.now();
      const answer = await living.send("genesis_obj", `learn_${i}`, []);
      times.push(performance.now() - t);
      if (!answer.learned) throw new Error("no cycle ran");
    }
    console.log(
      `cognitive cycle without inference (${CYCLES}, ${
        records / (CYCLES + 1)
      } log records each): ` +
        `p50 ${ms(percentile(times, 0.5))}, p99 ${ms(percentile(times, 0.99))}  (target < 50 ms)`,
    );
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
