/**
 * Runs work that must run once across processes: wait for a named lease, keep
 * it renewed while the work runs, stop the work when the lease is lost, give it
 * up afterwards.
 *
 * @module
 */
import { delay } from "../delay.ts";
import { KitError } from "../errors.ts";
import { acquireLease, defaultHolder, type Lease, releaseLease, renewLease } from "./lease.ts";
import type { Store } from "./store.ts";

/** Options of {@linkcode runWithLease}. */
export interface RunWithLeaseOptions {
  /**
   * Who holds the lease; unique per process.
   * @default {defaultHolder()}
   */
  holder?: string;
  /**
   * How long the lease lasts unless renewed; it is renewed every third of that.
   * @default {30000}
   */
  ttl_ms?: number;
  /**
   * How often to try again while another holder has it.
   * @default {ttl_ms / 3}
   */
  poll_ms?: number;
  /** Stops waiting, or stops the work (then releases the lease). */
  signal?: AbortSignal;
}

/**
 * Waits until the lease `name` is this process's, then runs `work` with it. While the work
 * runs the lease is renewed; when a renewal finds it lost (this process stalled past the TTL
 * and another took over) the work's signal is aborted with `LEASE_LOST`. The lease is released
 * when the work ends, however it ends.
 *
 * @param store The store.
 * @param name What the lease guards.
 * @param work The work; it gets the lease (for {@linkcode assertLeaseHeld}) and a signal.
 * @param options Holder, TTL, polling interval, signal.
 * @returns What `work` resolves to.
 * @throws {KitError} `LEASE_LOST` when the lease was lost while the work ran; the work's own
 *   errors; the signal's reason when aborted.
 *
 * @example Two workers for one job take turns, never overlapping
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { runWithLease } from "./run_with_lease.ts";
 * await using store = await openSqliteStore(":memory:");
 * let running = 0, most = 0;
 * const worker = () => runWithLease(store, "watcher", async () => {
 *   most = Math.max(most, ++running);
 *   await new Promise((r) => setTimeout(r, 20));
 *   running--;
 * }, { poll_ms: 5 });
 * await Promise.all([worker(), worker()]);
 * assert.equal(most, 1);
 * ```
 */
export async function runWithLease<T>(
  store: Store,
  name: string,
  work: (lease: Lease, signal: AbortSignal) => Promise<T>,
  options: RunWithLeaseOptions = {},
): Promise<T> {
  const ttl_ms = options.ttl_ms ?? 30_000;
  const holder = options.holder ?? defaultHolder();
  const signal = options.signal;
  let lease: Lease | undefined;
  while (!(lease = await acquireLease(store, name, { holder, ttl_ms }))) {
    await delay(options.poll_ms ?? ttl_ms / 3, signal);
  }
  const controller = new AbortController();
  const stop = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", stop, { once: true });
  let held: Lease = lease;
  let renewing = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(async () => {
      if (controller.signal.aborted) return;
      try {
        held = await renewLease(store, held, { ttl_ms });
      } catch (error) {
        // A store that is briefly unreachable is retried at the next tick; a lost lease stops.
        if (error instanceof KitError && error.code === "LEASE_LOST") controller.abort(error);
      }
    });
  }, Math.max(1, ttl_ms / 3));
  try {
    const result = await work(held, controller.signal);
    const reason = controller.signal.reason;
    if (reason instanceof KitError && reason.code === "LEASE_LOST") throw reason;
    return result;
  } finally {
    clearInterval(timer);
    signal?.removeEventListener("abort", stop);
    await renewing;
    await releaseLease(store, held).catch(() => false);
  }
}
