/**
 * On a shared PostgreSQL store the downloads watcher takes a database lease,
 * not a file lock: a watcher of another data directory (another machine or
 * replica) on the same database is refused while the first runs, and starts
 * once it stopped.
 */
import { assert, assertEquals, assertKitError, assertMatch } from "../_assert.ts";
import { runWatcher, watcherLockPath } from "../../lib/watcher/watch.ts";
import { openPgStore } from "../../lib/store/pg_store.ts";
import { systemClock } from "../../lib/clock.ts";
import { pgUnavailable, startPgCluster } from "../fixtures/pg_cluster.ts";
import { clockAt, delta, download, exists, world } from "./_fixture.ts";

const unavailable = await pgUnavailable();

Deno.test({
  name: "watchers of two data directories on one PostgreSQL store run one at a time (a lease)",
  ignore: unavailable !== undefined,
  async fn() {
    await using cluster = await startPgCluster();
    const url = await cluster.createSchema();
    await using storeA = await openPgStore(url);
    await using storeB = await openPgStore(url);
    await using a = await world();
    await using b = await world();
    const base = (w: typeof a) => ({
      pullAtStart: false,
      reindex: false as const,
      git: w.gitOptions,
    });
    await download(a, "MB__first.mips.json", delta("FIRST"));
    const controller = new AbortController();
    const lines: string[] = [];
    const first = runWatcher(a.config, storeA, {
      ...base(a),
      clock: systemClock,
      intervalMs: 100,
      stability: { intervalMs: 10 },
      signal: controller.signal,
      log: (l) => lines.push(l),
    });
    while (!lines.some((l) => l.includes("[OK] Ingested"))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assertEquals(await exists(watcherLockPath(a.config.dataDir)), false, "no lock file");
    const error = await assertKitError(
      () => runWatcher(b.config, storeB, { ...base(b), once: true, clock: clockAt() }),
      "WATCHER_ALREADY_RUNNING",
    );
    assertEquals(error.exitCode, 3);
    assertMatch(error.message, /lease metablooms\.downloads_watcher/);
    controller.abort();
    assertEquals((await first).ingested, 1);
    assert(lines.at(-1)?.endsWith("[OK] Stopped"), lines.join("\n"));
    const again = await runWatcher(b.config, storeB, { ...base(b), once: true, clock: clockAt() });
    assertEquals(again.loops, 1);
  },
});
