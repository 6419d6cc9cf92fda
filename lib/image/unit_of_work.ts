/**
 * An image transaction as a unit of work (ZODB's model): objects are read
 * from committed data on first touch and kept in a working set with the
 * version they were read at and what was read of them (the whole object, or
 * single slots and the parents list); writes stay in the working set. Nothing
 * holds the database's write lock until the commit, which is one short store
 * transaction that compare-and-sets every written object on its read version.
 *
 * So a cognitive cycle can spend minutes in LLM calls without blocking other
 * writers, and two writers of one object never lose an update: if the object
 * moved on, the commit re-applies this unit's slot changes on top of the new
 * version only when nothing this unit read or wrote of it changed (slot
 * granularity); otherwise it fails with `IMAGE_CONFLICT`.
 *
 * A write to an object the unit has not read (a blind write) does not load it:
 * the commit reads the object inside its store transaction and applies the
 * change there, so a plain update costs one short write transaction.
 *
 * @module
 */
import { type Clock, isoUtc, systemClock } from "../clock.ts";
import { KitError } from "../errors.ts";
import {
  checkOid,
  checkSlotName,
  type ImageObject,
  jsonEqual,
  type JsonValue,
  type ObjectState,
  toJsonValue,
} from "./object.ts";
import type { ImageRepository, PlannedCheck, PlannedWrite, TransactionMeta } from "./repository.ts";

/** The working-set entry of one object. */
interface Entry {
  oid: string;
  /** Whether `base` was read; an unloaded entry holds only blind writes (an overlay). */
  loaded: boolean;
  /** As read (undefined: it did not exist). */
  base: ImageObject | undefined;
  /** The working copy (undefined: does not exist). */
  state: ObjectState | undefined;
  readAll: boolean;
  readSlots: Set<string>;
  readParents: boolean;
  written: Set<string>;
  wroteParents: boolean;
}

/** What a commit of a unit of work did. */
export interface CommitOutcome {
  /** The transaction id. */
  tx_id: string;
  /** Whether anything was written (a unit without writes commits nothing). */
  committed: boolean;
  /** New version per written object. */
  versions: Map<string, number>;
}

/**
 * One image transaction: reads, delegation lookups and buffered writes,
 * committed at the end with compare-and-set. Get one from
 * {@linkcode Image.transaction}; do not keep it after its function returns.
 *
 * @example Read, change, and commit through the image
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image } from "./image.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const image = await Image.open(store);
 * await image.transaction(async (tx) => {
 *   await tx.create("counter", { slots: { n: 0 }, parents: [] });
 * });
 * await image.transaction(async (tx) => {
 *   const n = (await tx.slot("counter", "n")) as number;
 *   tx.set("counter", "n", n + 1);
 * });
 * assert.equal((await image.get("counter")).slots.n, 1);
 * ```
 */
export class ImageTransaction {
  /** The transaction id (`tx-…`), also the cycle log's `transaction_id`. */
  readonly id: string;
  readonly #repo: ImageRepository;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();

  /**
   * Opens a unit of work (prefer {@linkcode Image.begin} or {@linkcode Image.transaction}).
   *
   * @param repo The image repository.
   * @param id The transaction id.
   * @param clock Stamps the commit. @default {systemClock}
   */
  constructor(repo: ImageRepository, id: string, clock: Clock = systemClock) {
    this.#repo = repo;
    this.id = id;
    this.#clock = clock;
  }

  /** Whether the unit has buffered any write. */
  get dirty(): boolean {
    for (const e of this.#entries.values()) if (isWritten(e)) return true;
    return false;
  }

  /**
   * The object as this transaction sees it (its own writes included); the
   * transaction depends on all of it.
   *
   * @param oid The object.
   * @returns A copy of the object's content and the version it was read at.
   * @throws {KitError} `IMAGE_NOT_FOUND` (exit 2).
   */
  async get(oid: string): Promise<ObjectState & { oid: string; version: number | null }> {
    const e = await this.#entry(oid);
    if (!e.state) throw notFound(oid);
    e.readAll = true;
    return { oid, version: e.base?.version ?? null, ...structuredClone(e.state) };
  }

  /**
   * Whether the object exists (for this transaction).
   *
   * @param oid The object.
   * @returns True when it exists.
   */
  async exists(oid: string): Promise<boolean> {
    const e = await this.#entry(oid);
    e.readParents = true;
    return e.state !== undefined;
  }

  /**
   * One own slot of an object; the transaction depends on that slot only.
   *
   * @param oid The object.
   * @param name The slot.
   * @returns A copy of the value, or undefined when the object has no such own slot.
   * @throws {KitError} `IMAGE_NOT_FOUND` (exit 2).
   */
  async slot(oid: string, name: string): Promise<JsonValue | undefined> {
    const e = await this.#entry(oid);
    if (!e.state) throw notFound(oid);
    e.readSlots.add(name);
    const v = Object.hasOwn(e.state.slots, name) ? e.state.slots[name] : undefined;
    return v === undefined ? undefined : structuredClone(v);
  }

  /**
   * An object's delegation parents; the transaction depends on them.
   *
   * @param oid The object.
   * @returns The parents, or undefined when the object does not exist.
   */
  async parentsOf(oid: string): Promise<string[] | undefined> {
    const e = await this.#entry(oid);
    e.readParents = true;
    return e.state ? [...e.state.parents] : undefined;
  }

  /**
   * Creates an object.
   *
   * @param oid The new object's id.
   * @param state Its slots and parents.
   * @throws {KitError} `IMAGE_EXISTS` when it exists; `IMAGE_BAD_OID`, `IMAGE_BAD_SLOT`,
   *   `IMAGE_NOT_JSON` for invalid content.
   */
  async create(oid: string, state: ObjectState): Promise<void> {
    checkOid(oid);
    const e = await this.#entry(oid);
    e.readParents = true;
    if (e.state) {
      throw new KitError("IMAGE_EXISTS", `Cannot create object ${oid}: it exists`, {
        details: { oid },
      });
    }
    e.state = { slots: {}, parents: [] };
    this.#setParents(e, state.parents);
    for (const [name, value] of Object.entries(state.slots)) this.#setSlot(e, name, value);
  }

  /**
   * Sets a slot (buffered until commit).
   *
   * @param oid The object (already read or created in this transaction, or loaded now).
   * @param name The slot.
   * @param value A JSON value.
   * @returns Resolves once buffered.
   * @throws {KitError} `IMAGE_NOT_FOUND`, `IMAGE_BAD_SLOT`, `IMAGE_NOT_JSON`.
   */
  set(oid: string, name: string, value: unknown): Promise<void> {
    const e = this.#blind(oid);
    if (!e.state) return Promise.reject(notFound(oid));
    this.#setSlot(e, name, value);
    return Promise.resolve();
  }

  /**
   * Removes a slot (buffered until commit).
   *
   * @param oid The object.
   * @param name The slot.
   * @throws {KitError} `IMAGE_NOT_FOUND`.
   */
  remove(oid: string, name: string): Promise<void> {
    const e = this.#blind(oid);
    if (!e.state) return Promise.reject(notFound(oid));
    if (e.loaded && !Object.hasOwn(e.state.slots, name)) return Promise.resolve();
    delete e.state.slots[name];
    e.written.add(name);
    return Promise.resolve();
  }

  /**
   * Replaces an object's delegation parents (buffered until commit).
   *
   * @param oid The object.
   * @param parents The new parents, in lookup order.
   * @throws {KitError} `IMAGE_NOT_FOUND`, `IMAGE_BAD_OID`.
   */
  setParents(oid: string, parents: readonly string[]): Promise<void> {
    const e = this.#blind(oid);
    if (!e.state) return Promise.reject(notFound(oid));
    this.#setParents(e, parents);
    return Promise.resolve();
  }

  /**
   * Replaces an object's whole content (undo); depends on all of it.
   *
   * @param oid The object.
   * @param state The new content.
   * @throws {KitError} `IMAGE_NOT_FOUND`.
   */
  async replace(oid: string, state: ObjectState): Promise<void> {
    await this.get(oid);
    const e = this.#entries.get(oid)!;
    for (const name of Object.keys(e.state!.slots)) {
      if (!Object.hasOwn(state.slots, name)) await this.remove(oid, name);
    }
    for (const [name, value] of Object.entries(state.slots)) {
      if (!jsonEqual(e.state!.slots[name], value)) this.#setSlot(e, name, value);
    }
    if (!jsonEqual(e.state!.parents, state.parents)) this.#setParents(e, state.parents);
  }

  /**
   * Commits the buffered writes (one short store transaction with
   * compare-and-set). Called by {@linkcode Image.transaction}.
   *
   * @param meta Kind, note and cycle of the transaction log entry.
   * @returns What was committed.
   * @throws {KitError} `IMAGE_CONFLICT`, `IMAGE_EXISTS`.
   */
  async commit(meta: Omit<TransactionMeta, "tx_id" | "committed_at">): Promise<CommitOutcome> {
    const writes: PlannedWrite[] = [];
    const checks: PlannedCheck[] = [];
    for (const e of [...this.#entries.values()].sort((a, b) => a.oid < b.oid ? -1 : 1)) {
      if (isWritten(e)) writes.push(plannedWrite(e));
      else if (e.readAll || e.readSlots.size > 0 || e.readParents) checks.push(plannedCheck(e));
    }
    if (writes.length === 0) return { tx_id: this.id, committed: false, versions: new Map() };
    const versions = await this.#repo.commit(
      { ...meta, tx_id: this.id, committed_at: isoUtc(this.#clock.now()) },
      writes,
      checks,
    );
    return { tx_id: this.id, committed: true, versions };
  }

  /**
   * The slots this transaction changed on an object.
   *
   * @param oid The object.
   * @returns Slot names, sorted.
   */
  changedSlots(oid: string): string[] {
    return [...(this.#entries.get(oid)?.written ?? [])].sort();
  }

  /** The entry of an object, read from committed data (blind writes so far applied on top). */
  async #entry(oid: string): Promise<Entry> {
    const known = this.#entries.get(oid);
    if (known?.loaded) return known;
    const base = await this.#repo.loadObject(oid);
    const e = this.#entries.get(oid); // a concurrent call of this unit may have loaded it meanwhile
    if (e?.loaded) return e;
    // Slot values are replaced, never changed in place, so a shallow copy is a private copy.
    const state = base && { slots: { ...base.slots }, parents: [...base.parents] };
    if (!e) {
      const fresh: Entry = { ...emptyEntry(oid), loaded: true, base, state };
      this.#entries.set(oid, fresh);
      return fresh;
    }
    e.loaded = true;
    e.base = base;
    if (state) e.state = applyWrites(e, state);
    else e.state = undefined;
    return e;
  }

  /** The entry to write to, without reading the object (a blind write). */
  #blind(oid: string): Entry {
    let e = this.#entries.get(oid);
    if (!e) {
      e = { ...emptyEntry(oid), state: { slots: {}, parents: [] } };
      this.#entries.set(oid, e);
    }
    return e;
  }

  #setSlot(e: Entry, name: string, value: unknown): void {
    checkSlotName(name);
    e.state!.slots[name] = toJsonValue(value, `slot ${name} of ${e.oid}`);
    e.written.add(name);
  }

  #setParents(e: Entry, parents: readonly string[]): void {
    for (const p of parents) checkOid(p);
    e.state!.parents = [...parents];
    e.wroteParents = true;
  }
}

function emptyEntry(oid: string): Entry {
  return {
    oid,
    loaded: false,
    base: undefined,
    state: undefined,
    readAll: false,
    readSlots: new Set(),
    readParents: false,
    written: new Set(),
    wroteParents: false,
  };
}

/** `e`'s writes on top of `onto` (a copy is returned). */
function applyWrites(e: Entry, onto: ObjectState): ObjectState {
  const slots = { ...onto.slots };
  for (const name of e.written) {
    if (Object.hasOwn(e.state!.slots, name)) slots[name] = e.state!.slots[name]!;
    else delete slots[name];
  }
  return { slots, parents: e.wroteParents ? [...e.state!.parents] : [...onto.parents] };
}

function isWritten(e: Entry): boolean {
  return e.written.size > 0 || e.wroteParents;
}

/** Whether what `e` read and wrote of its object is unchanged between `e.base` and `current`. */
function dependenciesHold(e: Entry, current: ImageObject | undefined): boolean {
  if (!e.loaded) return current !== undefined; // blind writes depend on nothing read
  if (!e.base || !current) return e.base === current;
  if (e.readAll) return false;
  const slots = new Set([...e.readSlots, ...e.written]);
  for (const name of slots) {
    if (!jsonEqual(e.base.slots[name], current.slots[name])) return false;
  }
  if (e.readParents || e.wroteParents) return jsonEqual(e.base.parents, current.parents);
  return true;
}

function plannedWrite(e: Entry): PlannedWrite {
  return {
    oid: e.oid,
    expected_version: e.loaded ? e.base?.version ?? null : undefined,
    state: e.state!,
    rebase: (current) => dependenciesHold(e, current) ? applyWrites(e, current) : undefined,
  };
}

function plannedCheck(e: Entry): PlannedCheck {
  return {
    oid: e.oid,
    expected_version: e.base?.version ?? null,
    holds: (current) => dependenciesHold(e, current),
  };
}

function notFound(oid: string): KitError {
  return new KitError("IMAGE_NOT_FOUND", `The image has no object ${oid}`, {
    exitCode: 2,
    details: { oid },
  });
}
