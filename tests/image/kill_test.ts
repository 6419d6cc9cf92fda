import assert from "node:assert/strict";
import { loadConfig } from "../../lib/config.ts";
import { openLivingImage } from "../../lib/cycle/open.ts";
import { dataLayout } from "../../lib/layout.ts";
import { verifyLedger } from "../../lib/ledger/verify.ts";
import { methodOf, objectAt } from "../../lib/image/mod.ts";

const CHILD = new URL("../fixtures/kill_child.ts", import.meta.url).pathname;
const LANES = 4;
/** 100 kills in all; `MB_KILL_TEST_KILLS` runs more (or fewer) when hunting a bug. */
const KILLS = Number(Deno.env.get("MB_KILL_TEST_KILLS") ?? 100);
const KILLS_PER_LANE = Math.ceil(KILLS / LANES);

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed from its seed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts the child, kills it with SIGKILL at a random moment, returns what it acknowledged. */
async function killOnce(dir: string, rand: () => number): Promise<string[]> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", CHILD, dir],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const lines: string[] = [];
  const reading = (async () => {
    let buffered = "";
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
      buffered += text;
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      lines.push(...parts);
    }
  })();
  // Sometimes while it opens, seeds or repairs; else once it has acknowledged 0-3 operations
  // (cycle, commit, commit, cycle, …), a few ms into the next one: the kill lands mid-work
  // however fast or slow the machine is.
  const early = rand() < 0.2;
  const acknowledged = Math.floor(rand() * 4);
  const started = Date.now();
  const done = () => lines.includes("ready") && lines.length - 1 >= acknowledged;
  while (!early && !done() && Date.now() - started < 30_000) {
    await new Promise((r) => setTimeout(r, 2));
  }
  await new Promise((r) => setTimeout(r, Math.floor(rand() * (early ? 300 : 30))));
  child.kill("SIGKILL");
  await child.status;
  await reading;
  return lines;
}

Deno.test("100 random SIGKILLs during cycles and commits: the image opens, every acknowledged version is intact, the log chain verifies", async () => {
  const seed = Date.now() % 1_000_000;
  const dirs = await Promise.all(
    Array.from({ length: LANES }, () => Deno.makeTempDir({ prefix: "mb_kill_" })),
  );
  try {
    const acknowledged = await Promise.all(dirs.map(async (dir, lane) => {
      const rand = random(seed + lane);
      const lines: string[] = [];
      for (let k = 0; k < KILLS_PER_LANE; k++) lines.push(...await killOnce(dir, rand));
      return lines;
    }));
    for (const [lane, dir] of dirs.entries()) {
      const lines = acknowledged[lane]!;
      const config = await loadConfig({ env: { MB_DATA_DIR: dir }, cwd: dir });
      await using living = await openLivingImage(config, {
        llm: { chat: () => Promise.reject(new Error("no inference in the check")) },
      });
      const image = living.image;
      const counts = await image.repository.counts();
      for (const object of await image.objects()) {
        const versions = await image.repository.listVersions(object.oid);
        assert.deepEqual(versions.map((v) => v.version), versions.map((_, i) => i + 1), object.oid);
        const last = versions.at(-1)!;
        assert.deepEqual([last.version, last.slots, last.parents], [
          object.version,
          object.slots,
          object.parents,
        ]);
      }
      const counter = await image.get("counter");
      for (let v = 1; v <= counter.version; v++) {
        assert.equal(
          (await objectAt(image, "counter", { version: v })).slots.n,
          v - 1,
          `seed ${seed}`,
        );
      }
      for (const line of lines) {
        const [kind, value] = line.split(" ");
        if (kind === "commit") {
          assert(Number(value) <= (counter.slots.n as number), `seed ${seed}: ${line}`);
        }
        if (kind === "cycle") {
          const method = methodOf((await image.get("genesis_obj")).slots[value!]);
          assert.equal(method?.verdict.ok, true, `seed ${seed}: ${line}`);
        }
      }
      const verdict = await verifyLedger(dataLayout(dir).metacognition);
      assert(verdict.ok, `seed ${seed}: ${JSON.stringify(verdict)}`);
      assert(counts.versions > 0);
    }
    const total = acknowledged.flat().filter((l) => l !== "ready");
    assert(total.some((l) => l.startsWith("cycle")), "no cycle completed before a kill");
    assert(total.some((l) => l.startsWith("commit")), "no commit completed before a kill");
  } finally {
    for (const dir of dirs) await Deno.remove(dir, { recursive: true });
  }
});
