/**
 * The LTM crash test: randomized SIGKILLs of a kit process ingesting files
 * (`ingest`, several at once: one commit batch) or running a watcher pass
 * (`watch --once`), of the kit process alone (its git children live on) or of
 * its whole process group (git dies too); after each, the next command (an
 * ingest, a watcher pass or a reindex, in this process) must leave the repo
 * sound: `ledger-verify` passes with the files, HEAD has every file the
 * ledger names, nothing twice, `git fsck` clean, nothing of the kit's in `.git/`.
 *
 * `MB_CRASH_RUNS` sets the number of kills (default 40); `MB_CRASH_SEED` the
 * random seed (printed when a run fails).
 *
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { ingestDelta } from "../../lib/watcher/ingest.ts";
import { readIngestLedger } from "../../lib/watcher/ledger.ts";
import { runWatcher } from "../../lib/watcher/watch.ts";
import { sha256Hex } from "../../lib/fs/sha256.ts";
import { createContext } from "../../ops/context.ts";
import { reindexLtmOp } from "../../ops/reindex_ltm.ts";
import { delta, download, world } from "./_fixture.ts";
import { ltmProblems } from "./_ltm_check.ts";

const CHILD = new URL("../fixtures/ingest_child.ts", import.meta.url).pathname;
const RUNS = Number(Deno.env.get("MB_CRASH_RUNS") ?? "40");
const SEED = Number(Deno.env.get("MB_CRASH_SEED") ?? Date.now() % 1_000_000);

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test({
  name:
    `${RUNS} randomized SIGKILLs of ingest and watch --once (alone and with their git): the next command leaves the LTM sound`,
  sanitizeResources: false,
  async fn() {
    await using w = await world();
    const rand = random(SEED);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const incoming = join(w.base, "incoming");
    await Deno.mkdir(incoming);
    const spec = join(w.base, "spec.json");
    const contents: string[] = [];
    // What the kills left for the next command to repair (to show they land where it matters).
    const tally = {
      ingest: 0,
      watch: 0,
      alone: 0,
      group: 0,
      finished: 0,
      left_journal: 0,
      left_git_lock: 0,
      left_staging: 0,
      left_uncommitted_lines: 0,
    };
    const has = (rel: string) => Deno.lstat(join(w.ltm, rel)).then(() => true, () => false);
    for (let run = 0; run < RUNS; run++) {
      const mode = pick(["ingest", "watch"] as const);
      const how = pick(["alone", "group"] as const);
      tally[mode]++;
      tally[how]++;
      // 1–3 new files, and now and then bytes already ingested (a duplicate).
      const files: string[] = [];
      for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) {
        const text = contents.length > 0 && rand() < 0.2
          ? pick(contents)
          : delta(`R${run}_${k}_${SEED}`);
        if (!contents.includes(text)) contents.push(text);
        const name = `MB__r${run}_${k}.mips.json`;
        if (mode === "watch") files.push(await download(w, name, text));
        else {
          files.push(join(incoming, name));
          await Deno.writeTextFile(join(incoming, name), text);
        }
      }
      await Deno.writeTextFile(
        spec,
        JSON.stringify({
          mode,
          ltm: w.ltm,
          watchDir: w.downloads,
          dataDir: w.config.dataDir,
          env: w.env,
        }),
      );
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", CHILD, spec, ...(mode === "ingest" ? files : [])],
        detached: true,
        stdout: "piped",
        stderr: "null",
      }).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let out = "";
      while (!out.includes("ready\n")) {
        const { value, done } = await reader.read();
        if (done) break;
        out += value;
      }
      await new Promise((r) => setTimeout(r, rand() * (mode === "watch" ? 700 : 400)));
      try {
        Deno.kill(how === "group" ? -child.pid : child.pid, "SIGKILL");
      } catch { /* it had finished */ }
      const status = await child.status;
      if (status.code === 0) tally.finished++;
      reader.releaseLock();
      await child.stdout.cancel().catch(() => {});
      if (await has(".git/metablooms-ingest.journal")) tally.left_journal++;
      if (await has(".git/index.lock")) tally.left_git_lock++;
      if (await has(".git/metablooms-staging")) tally.left_staging++;
      if ((await ltmProblems(w.ltm, w.env)).some((p) => p.startsWith("HEAD"))) {
        tally.left_uncommitted_lines++;
      }

      // The next command: an ingest (of the killed run's first file), a watcher pass, or a reindex.
      const next = pick(["ingest", "watch", "index"] as const);
      const context = `run ${run} (seed ${SEED}): killed ${mode} (${how}), then ${next}`;
      try {
        if (next === "ingest") {
          const source = files[0]!;
          const exists = await Deno.lstat(source).then(() => true, () => false);
          const retry = exists ? source : join(incoming, `MB__again_${run}.mips.json`);
          if (!exists) await Deno.writeTextFile(retry, delta(`AGAIN_${run}_${SEED}`));
          if (!exists) contents.push(delta(`AGAIN_${run}_${SEED}`));
          const result = await ingestDelta(w.config, w.store, retry, {
            push: false,
            reindex: false,
            git: w.gitOptions,
          });
          assert(result.status === "ingested" || result.status === "duplicate", context);
        } else if (next === "watch") {
          const report = await runWatcher(w.config, w.store, {
            once: true,
            settleMs: 0,
            stability: { samples: 2, intervalMs: 5, timeoutMs: 1000 },
            reindex: false,
            pullAtStart: false,
            git: w.gitOptions,
          });
          assertEquals(report.errors, 0, `${context}: ${JSON.stringify(report.skipped)}`);
        } else {
          await using ctx = createContext(w.config, { door: "cli", store: w.store });
          await reindexLtmOp.run({ quarantine: true }, ctx);
        }
      } catch (error) {
        throw new Error(`${context}: ${error}`, { cause: error });
      }
      assertEquals(await ltmProblems(w.ltm, w.env), [], context);
    }
    // Whatever was killed before its commit goes in now; nothing is filed twice.
    await runWatcher(w.config, w.store, {
      once: true,
      settleMs: 0,
      stability: { samples: 2, intervalMs: 5, timeoutMs: 1000 },
      reindex: false,
      pullAtStart: false,
      git: w.gitOptions,
    });
    for await (const entry of Deno.readDir(incoming)) {
      await ingestDelta(w.config, w.store, join(incoming, entry.name), {
        push: false,
        reindex: false,
        git: w.gitOptions,
      });
    }
    assertEquals(await ltmProblems(w.ltm, w.env), [], `seed ${SEED}`);
    const ledger = await readIngestLedger(join(w.ltm, "manifests/ledger.ndjson"));
    assertEquals(
      new Set(ledger.lines.map((l) => l.sha256)),
      new Set(contents.map((c) => sha256Hex(c))),
      `every content once (seed ${SEED})`,
    );
    // deno-lint-ignore no-console -- the test reports where its kills landed
    console.log(`crash test: ${JSON.stringify({ runs: RUNS, seed: SEED, ...tally })}`);
  },
});
