/**
 * The living image: a persistent world of prototype objects in the store.
 * Every change runs in an {@linkcode ImageTransaction} (a unit of work
 * committed with compare-and-set); every committed version is kept.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { KitError } from "../errors.ts";
import type { Store } from "../store/store.ts";
import { newId } from "./ids.ts";
import { type LookupHit, lookupSlot } from "./lookup.ts";
import { checkOid, type ImageObject, type JsonValue, type ObjectState } from "./object.ts";
import { ImageRepository } from "./repository.ts";
import { type CommitOutcome, ImageTransaction } from "./unit_of_work.ts";

/** Options of {@linkcode Image.transaction}. */
export interface ImageTransactionOptions {
  /** The transaction log's kind: `commit`, `send`, `cycle`, `undo`, `seed`. @default {"commit"} */
  kind?: string;
  /** A note for the transaction log. */
  note?: string | null;
  /** The cycle committing, for `cycle` transactions. */
  cycle_id?: string | null;
  /** The transaction id. @default {a new `tx-…` id} */
  id?: string;
  /**
   * How often to run `fn` again after a conflict that cannot be rebased (`IMAGE_CONFLICT`,
   * including a commit the store kept rolling back). Only for work that is a pure function
   * of the image (no LLM calls, no other side effects).
   * @default {0}
   */
  retries?: number;
  /** Aborts the work: nothing is committed. */
  signal?: AbortSignal;
}

/**
 * An open image.
 *
 * @example Create an object with a parent, change it, read its slot by delegation
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image } from "./image.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const image = await Image.open(store);
 * await image.transaction(async (tx) => {
 *   await tx.create("traits", { slots: { greeting: "hello" }, parents: [] });
 *   await tx.create("obj", { slots: {}, parents: ["traits"] });
 * });
 * assert.deepEqual(await image.lookup("obj", "greeting"), { holder: "traits", value: "hello" });
 * ```
 */
export class Image {
  /** The repository (the only SQL). */
  readonly repository: ImageRepository;
  /** The clock that stamps commits. */
  readonly clock: Clock;

  private constructor(repository: ImageRepository, clock: Clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /**
   * Opens the image in a store, creating its tables on first use.
   *
   * @param store An open store.
   * @param options The clock that stamps commits (`committed_at`, whole seconds).
   * @returns The image.
   * @throws {KitError} `STORE_UNSUPPORTED` for a store dialect the image cannot use.
   */
  static async open(store: Store, options: { clock?: Clock } = {}): Promise<Image> {
    return new Image(await ImageRepository.open(store), options.clock ?? systemClock);
  }

  /**
   * Runs `fn` as one image transaction and commits what it wrote: everything or
   * nothing. `fn` may await for as long as it needs (no database lock is held);
   * the commit compare-and-sets every written object.
   *
   * @param fn The work; reads and writes through the transaction it gets.
   * @param options Kind, note, cycle, id, retries, signal.
   * @returns What `fn` returned.
   * @throws {KitError} `IMAGE_CONFLICT` when another writer changed what this one
   *   depends on (after `retries`); `IMAGE_LOCKED` when another process held the
   *   database's write lock past the busy timeout; `CANCELLED` when aborted; what `fn` throws.
   */
  async transaction<T>(
    fn: (tx: ImageTransaction) => Promise<T>,
    options: ImageTransactionOptions = {},
  ): Promise<T> {
    const retries = options.retries ?? 0;
    for (let attempt = 0;; attempt++) {
      throwIfCancelled(options.signal);
      const tx = this.begin(options.id);
      const value = await fn(tx);
      throwIfCancelled(options.signal);
      try {
        await this.commit(tx, {
          kind: options.kind ?? "commit",
          note: options.note ?? null,
          cycle_id: options.cycle_id ?? null,
        });
        return value;
      } catch (error) {
        if ((error as KitError).code === "IMAGE_CONFLICT" && attempt < retries) continue;
        throw error;
      }
    }
  }

  /**
   * Starts a unit of work to commit later with {@linkcode Image.commit} (for work
   * that manages its own commit, like a cognitive cycle); most callers want
   * {@linkcode Image.transaction}. Dropping it aborts: nothing was written.
   *
   * @param id The transaction id. @default {a new `tx-…` id}
   * @returns The open unit of work.
   */
  begin(id?: string): ImageTransaction {
    return new ImageTransaction(this.repository, id ?? newId("tx"), this.clock);
  }

  /**
   * Commits a unit of work from {@linkcode Image.begin}.
   *
   * @param tx The unit of work.
   * @param meta The transaction log's kind, note and cycle.
   * @returns What was committed.
   * @throws {KitError} `IMAGE_CONFLICT`, `IMAGE_EXISTS`, `IMAGE_LOCKED`.
   */
  async commit(
    tx: ImageTransaction,
    meta: { kind: string; note: string | null; cycle_id: string | null },
  ): Promise<CommitOutcome> {
    try {
      return await tx.commit(meta);
    } catch (error) {
      if ((error as KitError).code !== "STORE_BUSY") throw error;
      throw new KitError(
        "IMAGE_LOCKED",
        `Cannot commit to the image in ${this.repository.store.location}: ` +
          "another process holds its write lock",
        { cause: error, path: this.repository.store.location },
      );
    }
  }

  /**
   * The current version of an object.
   *
   * @param oid The object.
   * @returns The object.
   * @throws {KitError} `IMAGE_NOT_FOUND` (exit 2), `IMAGE_BAD_OID`.
   */
  async get(oid: string): Promise<ImageObject> {
    const object = await this.repository.loadObject(checkOid(oid));
    if (!object) {
      throw new KitError("IMAGE_NOT_FOUND", `The image has no object ${oid}`, {
        exitCode: 2,
        details: { oid },
      });
    }
    return object;
  }

  /**
   * Finds a slot by delegation in committed data.
   *
   * @param oid The receiver.
   * @param name The slot.
   * @returns The holder and value, or undefined.
   * @throws {KitError} `IMAGE_NOT_FOUND` when the receiver does not exist.
   */
  async lookup(oid: string, name: string): Promise<LookupHit | undefined> {
    await this.get(oid);
    const cache = new Map<string, ImageObject | undefined>();
    const load = async (id: string) => {
      if (!cache.has(id)) cache.set(id, await this.repository.loadObject(id));
      return cache.get(id);
    };
    return await lookupSlot(
      {
        slot: async (id, slot) => {
          const o = await load(id);
          return o && Object.hasOwn(o.slots, slot) ? o.slots[slot] as JsonValue : undefined;
        },
        parentsOf: async (id) => (await load(id))?.parents,
      },
      oid,
      name,
    );
  }

  /**
   * Every current object, by oid.
   *
   * @returns The objects.
   */
  objects(): Promise<ImageObject[]> {
    return this.repository.listObjects();
  }

  /**
   * Creates objects that do not exist yet, in one transaction (seeding).
   *
   * @param objects Oid → content.
   * @param note The transaction note.
   * @returns The oids created (empty when all existed).
   */
  async ensure(objects: Record<string, ObjectState>, note = "seed"): Promise<string[]> {
    // Processes opening one image together seed it together: when another one created an
    // object first (IMAGE_EXISTS), look again — it is there now.
    for (let attempt = 0;; attempt++) {
      try {
        return await this.transaction(async (tx) => {
          const created: string[] = [];
          for (const [oid, state] of Object.entries(objects)) {
            if (await tx.exists(oid)) continue;
            await tx.create(oid, state);
            created.push(oid);
          }
          return created;
        }, { kind: "seed", note, retries: 3 });
      } catch (error) {
        if ((error as KitError).code !== "IMAGE_EXISTS" || attempt >= 3) throw error;
      }
    }
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new KitError("CANCELLED", "The image transaction was cancelled; nothing was committed", {
      cause: signal.reason,
    });
  }
}
