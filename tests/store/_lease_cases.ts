/**
 * Database leases, as cases that run on SQLite and on PostgreSQL.
 *
 * @module
 */
import {
  acquireLease,
  assertLeaseHeld,
  currentLease,
  type Lease,
  releaseLease,
  renewLease,
} from "../../lib/store/lease.ts";
import { runWithLease } from "../../lib/store/run_with_lease.ts";
import { assert, assertEquals, assertKitError } from "../_assert.ts";
import { importLine, runUntilFirstLineThenKill, type StoreCase } from "./_backends.ts";

const HOUR = 3_600_000;

/** Every lease case. */
export const leaseCases: StoreCase[] = [
  {
    name: "a lease is held by one holder at a time, re-acquired by it with the same token",
    async fn(backend) {
      await using db = await backend.fresh();
      const [one, two] = [await db.open(), await db.open()];
      const a = await acquireLease(one, "watcher", { holder: "a", ttl_ms: HOUR });
      assertEquals([a?.holder, a?.token], ["a", 1]);
      assertEquals(await acquireLease(two, "watcher", { holder: "b", ttl_ms: HOUR }), undefined);
      assertEquals((await acquireLease(two, "watcher", { holder: "a", ttl_ms: HOUR }))?.token, 1);
      assertEquals((await currentLease(two, "watcher"))?.holder, "a");
      assertEquals((await acquireLease(two, "other", { holder: "b" }))?.token, 1);
    },
  },
  {
    name: "a released lease is taken over at once with a larger fencing token",
    async fn(backend) {
      await using db = await backend.fresh();
      const [one, two] = [await db.open(), await db.open()];
      const a = (await acquireLease(one, "watcher", { holder: "a", ttl_ms: HOUR }))!;
      assert(await releaseLease(one, a));
      assertEquals(await currentLease(two, "watcher"), undefined);
      const b = (await acquireLease(two, "watcher", { holder: "b", ttl_ms: HOUR }))!;
      assertEquals([b.holder, b.token], ["b", 2]);
      await assertKitError(() => renewLease(one, a), "LEASE_LOST");
      await assertKitError(() => one.transaction((tx) => assertLeaseHeld(tx, a)), "LEASE_LOST");
      await two.transaction((tx) => assertLeaseHeld(tx, b));
    },
  },
  {
    name: "a holder that dies stops renewing; after its TTL another takes over and fences it out",
    async fn(backend) {
      await using db = await backend.fresh();
      const store = await db.open();
      const line = await runUntilFirstLineThenKill(
        `${importLine("acquireLease, openStore", "../../lib/store/mod.ts")}
         const store = await openStore(${JSON.stringify(db.location)});
         const lease = await acquireLease(store, "cycle-worker", { holder: "child", ttl_ms: 400 });
         console.log(JSON.stringify(lease));
         await new Promise((r) => setTimeout(r, 60000));`,
      );
      const dead = JSON.parse(line) as Lease;
      assertEquals([dead.holder, dead.token], ["child", 1]);
      let taken: Lease | undefined;
      for (let i = 0; i < 200 && !taken; i++) {
        taken = await acquireLease(store, "cycle-worker", { holder: "heir", ttl_ms: HOUR });
        if (!taken) await new Promise((r) => setTimeout(r, 25));
      }
      assert(taken, "the lease was never taken over");
      assertEquals([taken.holder, taken.token], ["heir", 2]);
      assert(taken.expires_ms - HOUR >= dead.expires_ms, "taken over only after the TTL passed");
      await assertKitError(() => renewLease(store, dead), "LEASE_LOST");
      await assertKitError(
        () => store.transaction((tx) => assertLeaseHeld(tx, dead)),
        "LEASE_LOST",
      );
    },
  },
  {
    name: "many processes racing for a free lease: exactly one wins",
    async fn(backend) {
      await using db = await backend.fresh();
      const stores = [await db.open(), await db.open(), await db.open()];
      const won = await Promise.all(
        Array.from(
          { length: 12 },
          (_, i) => acquireLease(stores[i % 3]!, "watcher", { holder: `h${i}`, ttl_ms: HOUR }),
        ),
      );
      const winners = won.filter((l) => l !== undefined);
      assertEquals(winners.length, 1);
      assertEquals(winners[0]!.token, 1);
    },
  },
  {
    name: "runWithLease() runs one worker at a time across stores and releases when done",
    async fn(backend) {
      await using db = await backend.fresh();
      const stores = [await db.open(), await db.open()];
      let running = 0;
      let most = 0;
      const tokens: number[] = [];
      await Promise.all(stores.map((store) =>
        runWithLease(store, "watcher", async (lease) => {
          most = Math.max(most, ++running);
          tokens.push(lease.token);
          await new Promise((r) => setTimeout(r, 50));
          await store.transaction((tx) => assertLeaseHeld(tx, lease));
          running--;
        }, { ttl_ms: HOUR, poll_ms: 10 })
      ));
      assertEquals(most, 1);
      assertEquals(tokens, [1, 2]);
      assertEquals(await currentLease(stores[0]!, "watcher"), undefined);
    },
  },
  {
    name: "runWithLease() aborts the work with LEASE_LOST when another holder takes the lease",
    async fn(backend) {
      await using db = await backend.fresh();
      const [mine, thief] = [await db.open(), await db.open()];
      await assertKitError(
        () =>
          runWithLease(mine, "watcher", async (_lease, signal) => {
            await thief.transaction((tx) =>
              tx.run(
                "UPDATE store_leases SET holder = 'thief', token = token + 1, expires_ms = expires_ms + ?",
                [HOUR],
              )
            );
            await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
            assertEquals((signal.reason as { code?: string }).code, "LEASE_LOST");
          }, { ttl_ms: 150 }),
        "LEASE_LOST",
      );
      assertEquals((await currentLease(thief, "watcher"))?.holder, "thief");
    },
  },
];
