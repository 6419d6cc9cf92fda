import { join } from "node:path";
import { hostname } from "node:os";
import { assert, assertEquals, assertKitError, assertMatch } from "../_assert.ts";
import { runWatcher, watcherLockPath } from "../../lib/watcher/watch.ts";
import { heartbeatPath, readHeartbeat } from "../../lib/watcher/heartbeat.ts";
import { acquireLock } from "../../lib/fs/lock.ts";
import { systemClock } from "../../lib/clock.ts";
import { WatcherHeartbeatSchema } from "../../schemas/watcher.ts";
import { clockAt, delta, download, exists, T0, world } from "./_fixture.ts";

const base = (w: Awaited<ReturnType<typeof world>>) => ({
  pullAtStart: false,
  reindex: false as const,
  git: w.gitOptions,
});

Deno.test("runWatcher() --once ignores partial downloads, lock files, empty and settling files", async () => {
  await using w = await world();
  const ignored = [
    "MB__a.mips.json.crdownload",
    "MB__b.mips.json.part",
    "MB__c.mips.json.partial",
    "MB__d.mips.json.download",
    "MB__e.mips.json.tmp",
    "MB__f.mips.json.TEMP",
    "MB__g.mips.json.opdownload",
    "MB__h.zip.!ut",
    ".~lock.MB__i.mips.md#",
    "~$MB__j.md",
  ];
  for (const name of ignored) await download(w, name, delta(name));
  await download(w, "MB__empty.mips.json", "");
  await download(w, "holiday.jpg", "not a delta");
  const fresh = await download(w, "MB__fresh.mips.json", delta("FRESH"));
  const future = new Date(T0 - 200); // modified 200 ms before "now": still settling
  await Deno.utime(fresh, future, future);
  await download(w, "MB__ok.mips.json", delta("OK"));
  const lines: string[] = [];
  const report = await runWatcher(w.config, w.store, {
    ...base(w),
    once: true,
    clock: clockAt(),
    log: (l) => lines.push(l),
  });
  assertEquals(report.ingested, 1);
  assertEquals(report.results[0]!.name, "MB__ok.mips.json");
  for (const name of [...ignored, "MB__empty.mips.json", "MB__fresh.mips.json", "holiday.jpg"]) {
    assert(await exists(join(w.downloads, name)), `${name} left in place`);
  }
  const reasons = Object.fromEntries(report.skipped.map((s) => [s.name, s.reason]));
  assertEquals(reasons["MB__a.mips.json.crdownload"], "partial-download");
  assertEquals(reasons["MB__h.zip.!ut"], "partial-download");
  assertEquals(reasons["~$MB__j.md"], "lock-file");
  assertEquals(reasons["MB__empty.mips.json"], "empty");
  assertEquals(reasons["MB__fresh.mips.json"], "settling");
  assertEquals("holiday.jpg" in reasons, false, "unrecognized names are not even reported");
  assert(
    lines.some((l) =>
      /^2031-03-15T12:00:0\dZ \[SKIP\] partial-download: MB__a\.mips\.json\.crdownload$/.test(l)
    ),
  );
  assert(
    lines.some((l) =>
      /\[OK\] Ingested MB__ok\.mips\.json → deltas\/2031-03\/MB__ok\.mips\.json/.test(l)
    ),
  );
});

Deno.test("runWatcher() leaves a growing file in place until it is stable, then ingests it", async () => {
  await using w = await world();
  const path = await download(w, "MB__big.mips.md", "MIPS_HEADER:\n  artifact_id: BIG\nBODY:\n");
  let growing = true;
  const clock = clockAt(async () => {
    if (!growing) return;
    await Deno.writeTextFile(path, "more body text\n", { append: true });
    const past = new Date(Date.now() - 60_000 + Math.random() * 1000);
    await Deno.utime(path, past, past);
  });
  const stability = { samples: 3, intervalMs: 1000, timeoutMs: 5000 };
  const first = await runWatcher(w.config, w.store, { ...base(w), once: true, clock, stability });
  assertEquals(first.ingested, 0);
  assertEquals(first.unstable, 1);
  assertEquals(first.skipped.find((s) => s.name === "MB__big.mips.md")?.reason, "unstable");
  assert(await exists(path), "left in place");
  assertEquals(clock.slept, 5000, "the stability wait is bounded by its timeout");

  growing = false;
  const second = await runWatcher(w.config, w.store, { ...base(w), once: true, clock, stability });
  assertEquals(second.ingested, 1);
  assertEquals(second.results[0]!.kind, "mips");
  assertEquals(await exists(path), false);
  const stored = await Deno.readTextFile(join(w.ltm, second.results[0]!.stored_path!));
  assertEquals(stored.split("more body text").length - 1, 5, "the complete file was filed");
});

Deno.test("runWatcher() quarantines invalid files, dedupes, and exits its pass with the counts", async () => {
  await using w = await world();
  await download(w, "MB__x.mips.json", delta("X"));
  await download(w, "MB__x (1).mips.json", delta("X"));
  await download(w, "MB__bad.mips.json", "{oops");
  const report = await runWatcher(w.config, w.store, { ...base(w), once: true, clock: clockAt() });
  assertEquals([report.ingested, report.duplicates, report.quarantined], [1, 1, 1]);
  assertEquals(report.pending_push, 0);
  assertEquals([...Deno.readDirSync(w.downloads)].map((e) => e.name).sort(), ["MB_QUARANTINE"]);
  const beat = await readHeartbeat(heartbeatPath(w.config.dataDir));
  assertEquals(beat?.quarantined, 1);
});

Deno.test("runWatcher() writes a heartbeat with the spec's fields and releases its lock", async () => {
  await using w = await world();
  await download(w, "MB__hb.mips.json", delta("HB"));
  await runWatcher(w.config, w.store, { ...base(w), once: true, clock: clockAt(), hostTag: "t" });
  const raw = JSON.parse(await Deno.readTextFile(heartbeatPath(w.config.dataDir)));
  WatcherHeartbeatSchema.parse(raw);
  assertEquals(Object.keys(raw).sort(), [
    "errors_last_hour",
    "host",
    "last_ingest",
    "last_loop_utc",
    "pending_push",
    "pid",
    "quarantined",
    "started_utc",
    "version",
  ]);
  assertEquals(raw.pid, Deno.pid);
  assertEquals(raw.host, hostname());
  assertEquals(raw.started_utc, "2031-03-15T12:00:00Z");
  assertEquals(raw.last_ingest.path, "deltas/2031-03/MB__hb.mips.json");
  assertEquals([raw.pending_push, raw.quarantined, raw.errors_last_hour], [0, 0, 0]);
  assertEquals(await exists(watcherLockPath(w.config.dataDir)), false, "lock released");
});

Deno.test("a second watcher is refused while the first runs, and starts once it stopped", async () => {
  await using w = await world();
  await download(w, "MB__first.mips.json", delta("FIRST"));
  const controller = new AbortController();
  const lines: string[] = [];
  const first = runWatcher(w.config, w.store, {
    ...base(w),
    clock: systemClock,
    intervalMs: 100,
    stability: { intervalMs: 10 },
    signal: controller.signal,
    log: (l) => lines.push(l),
  });
  while (!lines.some((l) => l.includes("[OK] Ingested"))) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const error = await assertKitError(
    () => runWatcher(w.config, w.store, { ...base(w), once: true, clock: clockAt() }),
    "WATCHER_ALREADY_RUNNING",
  );
  assertEquals(error.exitCode, 3);
  assertMatch(error.message, new RegExp(`pid ${Deno.pid}`));
  controller.abort();
  const report = await first;
  assertEquals(report.ingested, 1);
  assertEquals(await exists(watcherLockPath(w.config.dataDir)), false, "released on abort");
  assert(lines.at(-1)?.endsWith("[OK] Stopped"), lines.join("\n"));
  const again = await runWatcher(w.config, w.store, { ...base(w), once: true, clock: clockAt() });
  assertEquals(again.loops, 1);
});

Deno.test("a lock left by a dead process is taken over", async () => {
  await using w = await world();
  const child = new Deno.Command("true").spawn();
  const deadPid = child.pid;
  await child.status;
  const lockPath = watcherLockPath(w.config.dataDir);
  await Deno.mkdir(join(w.config.dataDir, "state"), { recursive: true });
  await Deno.writeTextFile(
    lockPath,
    JSON.stringify({ pid: deadPid, host: hostname(), started_utc: "2031-03-15T11:00:00Z" }),
  );
  const lines: string[] = [];
  const report = await runWatcher(w.config, w.store, {
    ...base(w),
    once: true,
    clock: clockAt(),
    log: (l) => lines.push(l),
  });
  assertEquals(report.loops, 1);
  assert(lines.some((l) => l.includes(`[OK] Took over a stale lock of pid ${deadPid}`)));
});

Deno.test("a lock whose holder's heartbeat is older than 3x the interval is stale", async () => {
  await using w = await world();
  const lockPath = watcherLockPath(w.config.dataDir);
  const beat = heartbeatPath(w.config.dataDir);
  // A live PID (ours) that stopped beating: the heartbeat file is old.
  const held = await acquireLock(lockPath, { pid: 1, host: hostname() });
  await Deno.writeTextFile(beat, JSON.stringify({ pid: 1 }));
  const old = new Date(Date.now() - 10_000);
  await Deno.utime(beat, old, old);
  await Deno.utime(lockPath, old, old);
  const refused = await acquireLock(lockPath, {
    heartbeatPath: beat,
    staleAfterMs: 30_000,
    waitMs: 0,
  }).catch((e) => e.code);
  assertEquals(refused, "LOCKED", "10 s is fresh for a 10 s interval");
  const taken = await acquireLock(lockPath, { heartbeatPath: beat, staleAfterMs: 3_000 });
  assertEquals(taken.tookOverFrom?.pid, 1);
  await taken.release();
  await held.release(); // not ours any more: leaves nothing behind
  assertEquals(await exists(lockPath), false);
});

Deno.test("a watcher whose lock was taken over by another instance stops by itself", async () => {
  await using w = await world();
  const lines: string[] = [];
  const lockPath = watcherLockPath(w.config.dataDir);
  const running = runWatcher(w.config, w.store, {
    ...base(w),
    clock: systemClock,
    intervalMs: 50,
    log: (l) => lines.push(l),
  });
  while (!(await exists(lockPath))) await new Promise((r) => setTimeout(r, 10));
  await Deno.writeTextFile(
    lockPath,
    JSON.stringify({ pid: 1, host: hostname(), started_utc: "2031-03-15T12:00:00Z" }),
  );
  const report = await running;
  assert(report.loops >= 1);
  assert(lines.some((l) => l.includes("[FAIL] lost the watcher lock")), lines.join("\n"));
  assertEquals(
    JSON.parse(await Deno.readTextFile(lockPath)).pid,
    1,
    "the new holder's lock is kept",
  );
});
