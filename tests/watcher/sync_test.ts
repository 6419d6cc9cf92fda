import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { ingestDelta } from "../../lib/watcher/ingest.ts";
import { runWatcher } from "../../lib/watcher/watch.ts";
import { verifyLedger } from "../../lib/ledger/verify.ts";
import { git } from "../../lib/git/run.ts";
import { pendingPushCount } from "../../lib/git/repo.ts";
import { clockAt, delta, download, world } from "./_fixture.ts";

Deno.test("a rejected push is rebased onto the other clone's commit and pushed", async () => {
  await using w = await world();
  const other = await w.clone("laptop");
  await Deno.writeTextFile(join(other, "NOTES.md"), "from the laptop\n");
  await git(other, ["add", "NOTES.md"], w.gitOptions);
  await git(
    other,
    ["-c", "user.name=l", "-c", "user.email=l@x", "commit", "-qm", "laptop note"],
    w.gitOptions,
  );
  await git(other, ["push", "--quiet"], w.gitOptions);

  const result = await ingestDelta(
    w.config,
    w.store,
    await download(w, "MB__a.mips.json", delta("A")),
    { clock: clockAt(), reindex: false, git: w.gitOptions },
  );
  assertEquals(result.git?.push_status, "rebased", JSON.stringify(result.git));
  assertEquals(result.git?.pushed, true);
  assertEquals(result.git?.pending_push, 0);
  assertEquals((await w.remoteLog()).slice(0, 3), [
    "ingest: MB__a.mips.json",
    "laptop note",
    "seed",
  ]);
});

Deno.test("when two machines ingest at once, the ledger conflict is merged and re-chained", async () => {
  await using w = await world();
  const laptop = await w.clone("laptop");
  const laptopDownloads = join(w.base, "laptop_downloads");
  await Deno.mkdir(laptopDownloads);
  const laptopConfig = { ...w.config, ltmDir: laptop, watchDir: laptopDownloads };
  const opts = { clock: clockAt(), reindex: false as const, git: w.gitOptions };
  // Both start from the same ledger line.
  await ingestDelta(
    w.config,
    w.store,
    await download(w, "MB__base.mips.json", delta("BASE")),
    opts,
  );
  await git(laptop, ["pull", "--quiet"], w.gitOptions);
  const laptopFile = join(laptopDownloads, "MB__laptop.mips.json");
  await Deno.writeTextFile(laptopFile, delta("LAPTOP"));
  const first = await ingestDelta(laptopConfig, w.store, laptopFile, {
    ...opts,
    hostTag: "laptop",
  });
  assertEquals(first.git?.push_status, "pushed");

  const phone = await ingestDelta(
    w.config,
    w.store,
    await download(w, "MB__phone.mips.json", delta("PHONE")),
    { ...opts, hostTag: "phone" },
  );
  assertEquals(phone.git?.push_status, "rebased");
  assertEquals(phone.git?.pending_push, 0);
  const ledger = await git(w.bare, ["show", "main:manifests/ledger.ndjson"], w.gitOptions);
  const lines = ledger.split("\n").map((l) => JSON.parse(l));
  assertEquals(lines.map((l) => l.path), [
    "deltas/2031-03/MB__base.mips.json",
    "deltas/2031-03/MB__laptop.mips.json",
    "deltas/2031-03/MB__phone.mips.json",
  ]);
  await git(w.ltm, ["pull", "--quiet"], w.gitOptions);
  const verdict = await verifyLedger(join(w.ltm, "manifests/ledger.ndjson"), { checkFiles: true });
  assertEquals(
    [verdict.ok, verdict.lines, verdict.chained],
    [true, 3, 3],
    "the merged chain verifies",
  );
  const latest = JSON.parse(
    await git(w.bare, ["show", "main:manifests/latest.json"], w.gitOptions),
  );
  assertEquals(latest.deltas.length, 3);
  const recent = JSON.parse(
    await git(w.bare, ["show", "main:manifests/recent.json"], w.gitOptions),
  );
  assertEquals(recent.items[0].path, "deltas/2031-03/MB__phone.mips.json");
  assertEquals(await git(w.ltm, ["status", "--porcelain"], w.gitOptions), "", "clean work tree");
});

Deno.test("an unreachable remote leaves the push pending; the watcher retries with backoff until it returns", async () => {
  await using w = await world();
  const away = `${w.bare}.away`;
  await Deno.rename(w.bare, away);
  const lines: string[] = [];
  let restoredAt = 0;
  const clock = clockAt(async (now) => {
    // The remote comes back 20 s (virtual) into the run.
    if (!restoredAt && now >= clockAt().now() + 20_000) {
      restoredAt = now;
      await Deno.rename(away, w.bare);
    }
  });
  await download(w, "MB__offline.mips.json", delta("OFFLINE"));
  const report = await runWatcher(w.config, w.store, {
    clock,
    intervalMs: 1000,
    maxLoops: 40,
    pullAtStart: false,
    reindex: false,
    git: w.gitOptions,
    backoff: { initialMs: 5000, maxMs: 60_000 },
    log: (l) => lines.push(l),
  });
  assertEquals(report.ingested, 1);
  assertEquals(report.pending_push, 0);
  const failures = lines.filter((l) => l.includes("[FAIL] git push failed"));
  const pushed = lines.filter((l) => l.includes("[OK] Pushed 1 commit"));
  // Attempts at t=1 s (fail, wait 5 s), 6 s (fail, wait 10 s), 16 s (fail, wait 20 s), 36 s (ok).
  assertEquals(failures.length, 3, lines.join("\n"));
  assertMatch(failures[0]!, /retry in 5 s/);
  assertMatch(failures[1]!, /retry in 10 s/);
  assertMatch(failures[2]!, /retry in 20 s/);
  assertEquals(pushed.length, 1);
  assert(restoredAt > 0);
  assertEquals((await w.remoteLog())[0], "ingest: MB__offline.mips.json");
  assertEquals(await pendingPushCount(w.ltm, w.gitOptions), 0);
});
