/**
 * The image repository: the only code in `lib/image/` that writes SQL. The
 * image (current objects, every committed version with the transaction that
 * committed it) and the cycle bookkeeping live in three tables of the store:
 *
 * - `image_objects(oid, version, slots_json, parents_json, tx_id, committed_at)`: current versions
 * - `image_versions(oid, version, slots_json, parents_json, tx_id, committed_at, kind, note,
 *   cycle_id)`: every committed version; grouped by `tx_id` it is the transaction log
 * - `image_cycles(cycle_id, …, outcome, error_json)`: one row per finished cognitive cycle
 *
 * The SQL is portable (plain tables, JSON as TEXT, `?` placeholders, `ON CONFLICT
 * DO NOTHING`): the same migration and statements run on SQLite and PostgreSQL.
 * A commit is one short store transaction that compare-and-sets each written
 * object on its version (optimistic concurrency): a lost race is detected,
 * never overwritten. On PostgreSQL a commit that collides with another
 * process's is rolled back by the database (`STORE_CONFLICT`); the commit is a
 * pure function of the committed data and the unit's buffered writes, so it is
 * run again on a fresh snapshot (rebasing as usual), and reported as
 * `IMAGE_CONFLICT` only when the collisions go on.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import type { Migration, Row, Store, Tx } from "../store/store.ts";
import type { ImageObject, JsonValue, ObjectState } from "./object.ts";

/** The component name the image's tables are migrated under. */
export const IMAGE_COMPONENT_NAME = "image";

/** The image's migrations (component `image`); never edit a shipped step, add one. */
export const IMAGE_MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE image_objects (
      oid TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      slots_json TEXT NOT NULL,
      parents_json TEXT NOT NULL,
      tx_id TEXT NOT NULL,
      committed_at TEXT NOT NULL);
   CREATE TABLE image_versions (
      oid TEXT NOT NULL,
      version INTEGER NOT NULL,
      slots_json TEXT NOT NULL,
      parents_json TEXT NOT NULL,
      tx_id TEXT NOT NULL,
      committed_at TEXT NOT NULL,
      kind TEXT NOT NULL,
      note TEXT,
      cycle_id TEXT,
      PRIMARY KEY (oid, version));
   CREATE TABLE image_cycles (
      cycle_id TEXT PRIMARY KEY,
      parent_cycle_id TEXT,
      attempt INTEGER NOT NULL,
      mission_type TEXT NOT NULL,
      target_oid TEXT NOT NULL,
      selector TEXT NOT NULL,
      transaction_id TEXT NOT NULL,
      outcome TEXT NOT NULL,
      failed_state TEXT,
      error_json TEXT,
      started_at TEXT NOT NULL,
      ended_at TEXT NOT NULL);
   CREATE INDEX image_cycles_by_parent ON image_cycles (parent_cycle_id);`,
];

/** What a commit records about itself in the transaction log. */
export interface TransactionMeta {
  /** The transaction id (`tx-…`), unique. */
  tx_id: string;
  /** `seed`, `commit`, `send`, `cycle`, `undo`. */
  kind: string;
  /** A short note (the selector of a send, …). */
  note: string | null;
  /** The cycle that commits, for `cycle` commits. */
  cycle_id: string | null;
  /** When (ISO 8601). */
  committed_at: string;
}

/** One object a commit writes. */
export interface PlannedWrite {
  /** The object. */
  oid: string;
  /**
   * The version the writer read, null for an object it creates, undefined for blind
   * writes (the object is read inside the commit and `rebase` applies them).
   */
  expected_version: number | null | undefined;
  /** The new content. */
  state: ObjectState;
  /**
   * Called when the object moved on since it was read: the new content on top of
   * `current`, or undefined when the writer depended on something that changed (a conflict).
   */
  rebase(current: ImageObject): ObjectState | undefined;
}

/** One object a commit read and depends on, without writing it. */
export interface PlannedCheck {
  /** The object. */
  oid: string;
  /** The version read (null: it did not exist). */
  expected_version: number | null;
  /** Whether what was read still holds for `current` (undefined: the object is gone). */
  holds(current: ImageObject | undefined): boolean;
}

/** A version of an object with the transaction that committed it. */
export interface VersionRow extends ImageObject {
  /** The transaction's kind. */
  kind: string;
  /** The transaction's note. */
  note: string | null;
  /** The transaction's cycle. */
  cycle_id: string | null;
}

/** A finished cognitive cycle, as recorded. */
export interface CycleRow {
  /** The cycle's id. */
  cycle_id: string;
  /** The cycle it corrects. */
  parent_cycle_id: string | null;
  /** 0 for a first cycle. */
  attempt: number;
  /** The mission type. */
  mission_type: string;
  /** The receiver of the unanswered message. */
  target_oid: string;
  /** The unanswered selector. */
  selector: string;
  /** The cycle's transaction id. */
  transaction_id: string;
  /** `COMPLETE` or `FAILED`. */
  outcome: "COMPLETE" | "FAILED";
  /** Where it failed. */
  failed_state: string | null;
  /** Why it failed (`{ code, message }`). */
  error: Record<string, JsonValue> | null;
  /** Start (ISO 8601). */
  started_at: string;
  /** End (ISO 8601). */
  ended_at: string;
}

/** How often a commit is run again after the store rolled it back with `STORE_CONFLICT`. */
const COMMIT_RETRIES = 30;

const OBJECT_COLUMNS = "oid, version, slots_json, parents_json, tx_id, committed_at";
const VERSION_COLUMNS = `${OBJECT_COLUMNS}, kind, note, cycle_id`;

/**
 * The image's tables, behind plain methods. Reads run on a consistent snapshot
 * ({@linkcode Store.read}); a commit is one short write transaction.
 *
 * @example Create an object, read it back
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { ImageRepository } from "./repository.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const repo = await ImageRepository.open(store);
 * await repo.commit(
 *   { tx_id: "tx-1", kind: "commit", note: null, cycle_id: null, committed_at: new Date().toISOString() },
 *   [{ oid: "a", expected_version: null, state: { slots: { n: 1 }, parents: [] }, rebase: () => undefined }],
 * );
 * assert.equal((await repo.loadObject("a"))?.slots.n, 1);
 * ```
 */
export class ImageRepository {
  /** The store the image lives in. */
  readonly store: Store;

  private constructor(store: Store) {
    this.store = store;
  }

  /**
   * Brings the image's tables up to date and returns the repository.
   *
   * @param store An open store.
   * @returns The repository.
   * @throws {KitError} `STORE_UNSUPPORTED` for a dialect without the image's migrations.
   */
  static async open(store: Store): Promise<ImageRepository> {
    await store.migrate(IMAGE_COMPONENT_NAME, IMAGE_MIGRATIONS);
    return new ImageRepository(store);
  }

  /**
   * The current version of an object.
   *
   * @param oid The object.
   * @returns The object, or undefined when there is none.
   */
  loadObject(oid: string): Promise<ImageObject | undefined> {
    return this.store.read(async (tx) => {
      const row = await tx.get(`SELECT ${OBJECT_COLUMNS} FROM image_objects WHERE oid = ?`, [oid]);
      return row && toObject(row);
    });
  }

  /**
   * Every current object, by oid.
   *
   * @returns The objects.
   */
  listObjects(): Promise<ImageObject[]> {
    return this.store.read(async (tx) =>
      (await tx.all(`SELECT ${OBJECT_COLUMNS} FROM image_objects ORDER BY oid`)).map(toObject)
    );
  }

  /**
   * Every committed version of an object, oldest first.
   *
   * @param oid The object.
   * @returns The versions (empty when the object never existed).
   */
  listVersions(oid: string): Promise<VersionRow[]> {
    return this.store.read(async (tx) =>
      (await tx.all(
        `SELECT ${VERSION_COLUMNS} FROM image_versions WHERE oid = ? ORDER BY version`,
        [oid],
      )).map(toVersion)
    );
  }

  /**
   * One committed version of an object: a version number, or the last one
   * committed at or before a time.
   *
   * @param oid The object.
   * @param at `{ version }` or `{ time }` (ISO 8601).
   * @returns The version, or undefined when there is none.
   */
  loadVersion(
    oid: string,
    at: { version: number } | { time: string },
  ): Promise<VersionRow | undefined> {
    return this.store.read(async (tx) => {
      const base = `SELECT ${VERSION_COLUMNS} FROM image_versions WHERE oid = ? `;
      const row = "version" in at
        ? await tx.get(base + "AND version = ?", [oid, at.version])
        : await tx.get(base + "AND committed_at <= ? ORDER BY version DESC LIMIT 1", [
          oid,
          at.time,
        ]);
      return row && toVersion(row);
    });
  }

  /**
   * Commits writes in one store transaction, compare-and-setting each written
   * object on the version it was read at. An object that moved on is rebased
   * (when its writer allows) or the whole commit fails; checked objects must
   * still hold what was read.
   *
   * @param meta The transaction's log entry.
   * @param writes Objects to create or update.
   * @param checks Objects read but not written, re-validated.
   * @returns The new version of each written object.
   * @throws {KitError} `IMAGE_CONFLICT` when another writer got there first and the
   *   change cannot be rebased, or the store kept rolling the commit back for colliding
   *   with other processes' (`details.store_conflict`); `IMAGE_EXISTS` when creating an
   *   object that exists.
   */
  async commit(
    meta: TransactionMeta,
    writes: readonly PlannedWrite[],
    checks: readonly PlannedCheck[] = [],
  ): Promise<Map<string, number>> {
    try {
      return await this.#commitOnce(meta, writes, checks);
    } catch (error) {
      if ((error as KitError).code !== "STORE_CONFLICT") throw error;
      const oids = writes.map((w) => w.oid);
      throw new KitError(
        "IMAGE_CONFLICT",
        `Cannot commit ${oids.join(", ")}: other transactions kept changing the same objects ` +
          `(${COMMIT_RETRIES + 1} attempts); nothing was written`,
        { cause: error, details: { oids, store_conflict: true } },
      );
    }
  }

  #commitOnce(
    meta: TransactionMeta,
    writes: readonly PlannedWrite[],
    checks: readonly PlannedCheck[],
  ): Promise<Map<string, number>> {
    return this.store.transaction(async (tx) => {
      for (const check of checks) {
        const current = await selectCurrent(tx, check.oid);
        if ((current?.version ?? null) === check.expected_version) continue;
        if (!check.holds(current)) throw conflict(check.oid, check.expected_version, current);
      }
      const versions = new Map<string, number>();
      for (const write of writes) {
        versions.set(write.oid, await writeOne(tx, write, meta));
      }
      return versions;
    }, { retries: COMMIT_RETRIES });
  }

  /**
   * Records a finished cycle (its own short transaction, whatever the outcome).
   *
   * @param row The cycle.
   */
  async recordCycle(row: CycleRow): Promise<void> {
    await this.store.transaction((tx) =>
      tx.run(
        "INSERT INTO image_cycles (cycle_id, parent_cycle_id, attempt, mission_type, target_oid, " +
          "selector, transaction_id, outcome, failed_state, error_json, started_at, ended_at) " +
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
          row.cycle_id,
          row.parent_cycle_id,
          row.attempt,
          row.mission_type,
          row.target_oid,
          row.selector,
          row.transaction_id,
          row.outcome,
          row.failed_state,
          row.error === null ? null : JSON.stringify(row.error),
          row.started_at,
          row.ended_at,
        ],
      )
    );
  }

  /**
   * Finished cycles, oldest first.
   *
   * @param filter Only the cycles of one receiver.
   * @returns The cycles.
   */
  listCycles(filter: { target_oid?: string } = {}): Promise<CycleRow[]> {
    return this.store.read(async (tx) => {
      const rows = filter.target_oid === undefined
        ? await tx.all("SELECT * FROM image_cycles ORDER BY started_at, cycle_id")
        : await tx.all(
          "SELECT * FROM image_cycles WHERE target_oid = ? ORDER BY started_at, cycle_id",
          [filter.target_oid],
        );
      return rows.map(toCycle);
    });
  }

  /**
   * How many objects and committed versions the image holds.
   *
   * @returns The counts.
   */
  counts(): Promise<{ objects: number; versions: number; transactions: number }> {
    return this.store.read(async (tx) => {
      const n = async (table: string) =>
        Number((await tx.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n ?? 0);
      return {
        objects: await n("image_objects"),
        versions: await n("image_versions"),
        transactions: Number(
          (await tx.get<{ n: number }>("SELECT count(DISTINCT tx_id) AS n FROM image_versions"))
            ?.n ?? 0,
        ),
      };
    });
  }
}

async function writeOne(tx: Tx, write: PlannedWrite, meta: TransactionMeta): Promise<number> {
  let state = write.state;
  let slots = JSON.stringify(state.slots);
  let parents = JSON.stringify(state.parents);
  let version: number;
  if (write.expected_version === null) {
    const inserted = await tx.run(
      "INSERT INTO image_objects (oid, version, slots_json, parents_json, tx_id, committed_at) " +
        "VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT (oid) DO NOTHING",
      [write.oid, slots, parents, meta.tx_id, meta.committed_at],
    );
    if (inserted.changes === 0) {
      throw new KitError(
        "IMAGE_EXISTS",
        `Cannot create object ${write.oid}: another transaction created it first`,
        { details: { oid: write.oid } },
      );
    }
    version = 1;
  } else {
    let expected = write.expected_version;
    if (expected === undefined) {
      const current = await selectCurrent(tx, write.oid);
      const applied = current && write.rebase(current);
      if (!current || !applied) {
        throw new KitError("IMAGE_NOT_FOUND", `The image has no object ${write.oid}`, {
          exitCode: 2,
          details: { oid: write.oid },
        });
      }
      state = applied;
      slots = JSON.stringify(state.slots);
      parents = JSON.stringify(state.parents);
      expected = current.version;
    }
    for (;;) {
      const updated = await tx.run(
        "UPDATE image_objects SET version = version + 1, slots_json = ?, parents_json = ?, " +
          "tx_id = ?, committed_at = ? WHERE oid = ? AND version = ?",
        [slots, parents, meta.tx_id, meta.committed_at, write.oid, expected],
      );
      if (updated.changes === 1) break;
      const current = await selectCurrent(tx, write.oid);
      const rebased = current && current.version !== expected ? write.rebase(current) : undefined;
      if (!current || !rebased) throw conflict(write.oid, write.expected_version ?? null, current);
      state = rebased;
      slots = JSON.stringify(state.slots);
      parents = JSON.stringify(state.parents);
      expected = current.version;
    }
    version = expected + 1;
  }
  await tx.run(
    "INSERT INTO image_versions (oid, version, slots_json, parents_json, tx_id, committed_at, " +
      "kind, note, cycle_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [
      write.oid,
      version,
      slots,
      parents,
      meta.tx_id,
      meta.committed_at,
      meta.kind,
      meta.note,
      meta.cycle_id,
    ],
  );
  return version;
}

async function selectCurrent(tx: Tx, oid: string): Promise<ImageObject | undefined> {
  const row = await tx.get(`SELECT ${OBJECT_COLUMNS} FROM image_objects WHERE oid = ?`, [oid]);
  return row && toObject(row);
}

function conflict(oid: string, read: number | null, current: ImageObject | undefined): KitError {
  const now = current ? `version ${current.version}` : "nothing";
  return new KitError(
    "IMAGE_CONFLICT",
    `Cannot commit object ${oid}: it was read at ${
      read === null ? "no version" : `version ${read}`
    } and another transaction has since committed ${now} that this change depends on`,
    { details: { oid, read_version: read, current_version: current?.version ?? null } },
  );
}

function toObject(row: Row): ImageObject {
  return {
    oid: String(row.oid),
    version: Number(row.version),
    slots: JSON.parse(String(row.slots_json)),
    parents: JSON.parse(String(row.parents_json)),
    tx_id: String(row.tx_id),
    committed_at: String(row.committed_at),
  };
}

function toVersion(row: Row): VersionRow {
  return {
    ...toObject(row),
    kind: String(row.kind),
    note: row.note === null ? null : String(row.note),
    cycle_id: row.cycle_id === null ? null : String(row.cycle_id),
  };
}

function toCycle(row: Row): CycleRow {
  return {
    cycle_id: String(row.cycle_id),
    parent_cycle_id: row.parent_cycle_id === null ? null : String(row.parent_cycle_id),
    attempt: Number(row.attempt),
    mission_type: String(row.mission_type),
    target_oid: String(row.target_oid),
    selector: String(row.selector),
    transaction_id: String(row.transaction_id),
    outcome: row.outcome === "COMPLETE" ? "COMPLETE" : "FAILED",
    failed_state: row.failed_state === null ? null : String(row.failed_state),
    error: row.error_json === null ? null : JSON.parse(String(row.error_json)),
    started_at: String(row.started_at),
    ended_at: String(row.ended_at),
  };
}
