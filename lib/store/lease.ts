/**
 * Database leases: work that must run once across processes and replicas (the
 * downloads watcher, a cycle worker) holds a named lease in the store instead of
 * a local lock file, so it works the same on one machine (SQLite) and across a
 * fleet (PostgreSQL).
 *
 * A lease has a holder, an expiry on the database's clock (a TTL the holder
 * renews) and a fencing token that grows every time the lease changes hands. A
 * holder that dies simply stops renewing; once its TTL has passed another takes
 * the lease over with a larger token. Writes made on behalf of a lease call
 * {@linkcode assertLeaseHeld} in the same transaction, so a holder that was
 * paused past its TTL cannot write after its successor started.
 *
 * @module
 */
import { hostname } from "node:os";
import { KitError } from "../errors.ts";
import type { LeaseRecord } from "../../schemas/store.ts";
import type { Dialect, Store, Tx } from "./store.ts";

/** A lease as held: plain data ({@linkcode LeaseRecord}, schema `LeaseRecordSchema`). */
export type Lease = LeaseRecord;

/** Options of {@linkcode acquireLease}. */
export interface AcquireLeaseOptions {
  /**
   * Who asks; unique per process.
   * @default {defaultHolder()}
   */
  holder?: string;
  /**
   * How long the lease lasts unless renewed.
   * @default {30000}
   */
  ttl_ms?: number;
}

const COMPONENT = "store_leases";
const MIGRATIONS = [
  `CREATE TABLE store_leases (
     name TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     token BIGINT NOT NULL,
     expires_ms BIGINT NOT NULL
   )`,
];
/** The database clock in ms since the epoch, per dialect. */
const NOW: Record<Dialect, string> = {
  sqlite: "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
  postgres: "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT)",
};
const RETRIES = 8;
const COLUMNS = "name, holder, token, expires_ms";
const migrated = new WeakSet<Store>();

async function ready(store: Store): Promise<void> {
  if (migrated.has(store)) return;
  await store.migrate(COMPONENT, MIGRATIONS);
  migrated.add(store);
}

function toLease(row: Record<string, unknown> | undefined): Lease | undefined {
  if (row === undefined) return undefined;
  return {
    name: String(row.name),
    holder: String(row.holder),
    token: Number(row.token),
    expires_ms: Number(row.expires_ms),
  };
}

function lost(lease: Lease, now: Lease | undefined): KitError {
  const by = now === undefined
    ? "it is no longer held"
    : now.holder === lease.holder && now.token === lease.token
    ? "its TTL has passed"
    : `${now.holder} holds it now (token ${now.token})`;
  return new KitError(
    "LEASE_LOST",
    `Lease ${lease.name} (token ${lease.token}) is no longer held by ${lease.holder}: ${by}`,
    { details: { name: lease.name, holder: lease.holder, token: lease.token } },
  );
}

/**
 * A holder id unique to this process: host, pid and a random part.
 *
 * @returns The id.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultHolder } from "./lease.ts";
 * assert.notEqual(defaultHolder(), defaultHolder());
 * ```
 */
export function defaultHolder(): string {
  return `${hostname()}:${Deno.pid}:${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * Takes the lease `name` if it is free, expired, or already this holder's.
 *
 * @param store The store.
 * @param name What the lease guards.
 * @param options Holder and TTL.
 * @returns The lease, or undefined while another holder's lease is live.
 * @throws {KitError} `STORE_BUSY`/`STORE_UNREACHABLE` from the store.
 *
 * @example Held by one, refused to another, taken over once released
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { acquireLease, releaseLease } from "./lease.ts";
 * await using store = await openSqliteStore(":memory:");
 * const a = await acquireLease(store, "watcher", { holder: "a" });
 * assert.equal(a?.token, 1);
 * assert.equal(await acquireLease(store, "watcher", { holder: "b" }), undefined);
 * assert(await releaseLease(store, a!));
 * assert.equal((await acquireLease(store, "watcher", { holder: "b" }))?.token, 2);
 * ```
 */
export async function acquireLease(
  store: Store,
  name: string,
  options: AcquireLeaseOptions = {},
): Promise<Lease | undefined> {
  await ready(store);
  const holder = options.holder ?? defaultHolder();
  const now = NOW[store.dialect];
  return await store.transaction(async (tx) =>
    toLease(
      await tx.get(
        `INSERT INTO store_leases (${COLUMNS}) VALUES (?, ?, 1, ${now} + ?)
         ON CONFLICT (name) DO UPDATE SET
           token = CASE WHEN store_leases.holder = excluded.holder
                        THEN store_leases.token ELSE store_leases.token + 1 END,
           holder = excluded.holder,
           expires_ms = excluded.expires_ms
         WHERE store_leases.holder = excluded.holder OR store_leases.expires_ms <= ${now}
         RETURNING ${COLUMNS}`,
        [name, holder, options.ttl_ms ?? 30_000],
      ),
    ), { retries: RETRIES });
}

/**
 * Extends a held lease by its TTL from now. Succeeds as long as nobody else has taken it,
 * even a little after the TTL passed.
 *
 * @param store The store.
 * @param lease The lease as held.
 * @param options The TTL.
 * @returns The renewed lease.
 * @throws {KitError} `LEASE_LOST` when another holder has taken it (or it was released).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { acquireLease, renewLease } from "./lease.ts";
 * await using store = await openSqliteStore(":memory:");
 * const lease = (await acquireLease(store, "cycle-worker", { ttl_ms: 1000 }))!;
 * const renewed = await renewLease(store, lease, { ttl_ms: 60_000 });
 * assert(renewed.expires_ms > lease.expires_ms && renewed.token === lease.token);
 * ```
 */
export async function renewLease(
  store: Store,
  lease: Lease,
  options: { ttl_ms?: number } = {},
): Promise<Lease> {
  await ready(store);
  const now = NOW[store.dialect];
  return await store.transaction(async (tx) => {
    const renewed = toLease(
      await tx.get(
        `UPDATE store_leases SET expires_ms = ${now} + ?
         WHERE name = ? AND holder = ? AND token = ? AND expires_ms > 0
         RETURNING ${COLUMNS}`,
        [options.ttl_ms ?? 30_000, lease.name, lease.holder, lease.token],
      ),
    );
    if (renewed === undefined) throw lost(lease, await currentRow(tx, lease.name));
    return renewed;
  }, { retries: RETRIES });
}

/**
 * Gives a lease up so another holder can take it at once. The row stays, so fencing tokens
 * keep growing.
 *
 * @param store The store.
 * @param lease The lease as held.
 * @returns True when it was still held and is now released.
 * @throws {KitError} `STORE_BUSY`/`STORE_UNREACHABLE` from the store.
 *
 * @example Releasing twice is harmless
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { acquireLease, releaseLease } from "./lease.ts";
 * await using store = await openSqliteStore(":memory:");
 * const lease = (await acquireLease(store, "watcher"))!;
 * assert.equal(await releaseLease(store, lease), true);
 * assert.equal(await releaseLease(store, lease), false);
 * ```
 */
export async function releaseLease(store: Store, lease: Lease): Promise<boolean> {
  await ready(store);
  return await store.transaction(async (tx) =>
    (await tx.run(
      "UPDATE store_leases SET expires_ms = 0 WHERE name = ? AND holder = ? AND token = ? AND expires_ms > 0",
      [lease.name, lease.holder, lease.token],
    )).changes > 0, { retries: RETRIES });
}

/**
 * Fencing: throws unless `lease` is still held and live, checked inside the caller's
 * transaction so its writes commit only while the lease is held.
 *
 * @param tx The caller's transaction (on a store where leases were used).
 * @param lease The lease as held.
 * @throws {KitError} `LEASE_LOST` when it expired or another holder took it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { acquireLease, assertLeaseHeld, releaseLease } from "./lease.ts";
 * await using store = await openSqliteStore(":memory:");
 * const lease = (await acquireLease(store, "watcher"))!;
 * await store.transaction((tx) => assertLeaseHeld(tx, lease));
 * await releaseLease(store, lease);
 * await assert.rejects(store.transaction((tx) => assertLeaseHeld(tx, lease)), { code: "LEASE_LOST" });
 * ```
 */
export async function assertLeaseHeld(tx: Tx, lease: Lease): Promise<void> {
  const row = await tx.get(
    `SELECT 1 AS ok FROM store_leases
     WHERE name = ? AND holder = ? AND token = ? AND expires_ms > ${NOW[tx.dialect]}`,
    [lease.name, lease.holder, lease.token],
  );
  if (row === undefined) throw lost(lease, await currentRow(tx, lease.name));
}

/**
 * Who holds lease `name` now, if anyone (a live lease only).
 *
 * @param store The store.
 * @param name What the lease guards.
 * @returns The live lease, or undefined.
 * @throws {KitError} `STORE_UNREACHABLE` from the store.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { acquireLease, currentLease } from "./lease.ts";
 * await using store = await openSqliteStore(":memory:");
 * assert.equal(await currentLease(store, "watcher"), undefined);
 * await acquireLease(store, "watcher", { holder: "me" });
 * assert.equal((await currentLease(store, "watcher"))?.holder, "me");
 * ```
 */
export async function currentLease(store: Store, name: string): Promise<Lease | undefined> {
  await ready(store);
  return await store.read(async (tx) =>
    toLease(
      await tx.get(
        `SELECT ${COLUMNS} FROM store_leases WHERE name = ? AND expires_ms > ${NOW[tx.dialect]}`,
        [name],
      ),
    )
  );
}

async function currentRow(tx: Tx, name: string): Promise<Lease | undefined> {
  return toLease(
    await tx.get(`SELECT ${COLUMNS} FROM store_leases WHERE name = ? AND expires_ms > 0`, [name]),
  );
}
