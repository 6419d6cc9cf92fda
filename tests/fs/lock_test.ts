import { assert, assertEquals, assertKitError } from "../_assert.ts";
import { withTempDir as withDir } from "../fixtures/temp_dir.ts";
import { hostname } from "node:os";
import { acquireLock, readLockFile, withLock } from "../../lib/fs/lock.ts";

Deno.test("a lock released while a waiter looks is taken at once, never reported stale", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/x.lock`;
    const first = await acquireLock(path);
    const waiting = acquireLock(path, { waitMs: 5_000 });
    await new Promise((r) => setTimeout(r, 20));
    await first.release();
    const second = await waiting;
    assertEquals(second.tookOverFrom, undefined);
    await second.release();
    assertEquals(await readLockFile(path), "missing");
  });
});

Deno.test("a live holder on this host is never stale by age; another host's lock is, after staleAfterMs", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/x.lock`;
    const mine = await acquireLock(path, { purpose: "long work" });
    const old = new Date(Date.now() - 120_000);
    await Deno.utime(path, old, old);
    const error = await assertKitError(
      () => acquireLock(path, { waitMs: 0, staleAfterMs: 1_000 }),
      "LOCKED",
    );
    assert(error.message.includes("long work"));
    await mine.release();
    const remote = { pid: 1, host: "other-host", started_utc: "2026-01-10T12:00:00Z" };
    await Deno.writeTextFile(path, JSON.stringify(remote));
    await assertKitError(() => acquireLock(path, { waitMs: 0, staleAfterMs: 60_000 }), "LOCKED");
    await Deno.utime(path, old, old);
    const taken = await acquireLock(path, { waitMs: 0, staleAfterMs: 60_000 });
    assertEquals(taken.tookOverFrom?.host, "other-host");
    await taken.release();
  });
});

Deno.test("an empty lock file (kit 0.1's released flock) and a dead holder are taken over", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/x.lock`;
    await Deno.writeTextFile(path, "");
    await withLock(path, async (lock) => {
      assertEquals(lock.tookOverFrom, undefined);
      assert(await lock.held());
    }, { waitMs: 0 });
    const dead = { pid: 2 ** 22 + 12345, host: hostname(), since_utc: "2026-01-10T12:00:00Z" };
    await Deno.writeTextFile(path, JSON.stringify(dead));
    const stale = await withLock(path, (lock) => Promise.resolve(lock.tookOverFrom), { waitMs: 0 });
    assertEquals([stale?.pid, stale?.started_utc], [dead.pid, dead.since_utc]);
  });
});

Deno.test("release() leaves a lock that another acquisition took over", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/x.lock`;
    const a = await acquireLock(path, { pid: 2 ** 22 + 12346 }); // a PID that is not alive
    const b = await acquireLock(path, { waitMs: 0 });
    assertEquals(b.tookOverFrom?.token, a.record.token);
    assertEquals(await a.held(), false);
    await a.release();
    assert(await b.held(), "b still holds the lock");
    await b.release();
  });
});
