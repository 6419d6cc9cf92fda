/**
 * An object's past: every committed version, the difference between two,
 * reading as of a version or a time, and undo (which writes a new version
 * equal to an older one, so undo is itself undoable).
 *
 * @module
 */
import { isoUtc } from "../clock.ts";
import { ExitCode, KitError } from "../errors.ts";
import type {
  ImageDiff,
  ImageHistory,
  ImageObjectView,
  ImageSlotChange,
  ImageUndoResult,
} from "../../schemas/image.ts";
import type { Image } from "./image.ts";
import {
  checkOid,
  type ImageObject,
  jsonEqual,
  type ObjectState,
  summarizeMethods,
} from "./object.ts";

/**
 * An object as a result view (slots, parents, method summaries).
 *
 * @param object A committed version.
 * @returns The view.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { viewObject } from "./history.ts";
 * const view = viewObject({ oid: "a", version: 1, slots: {}, parents: [], tx_id: "tx-1", committed_at: "t" });
 * assert.deepEqual(view.methods, []);
 * ```
 */
export function viewObject(object: ImageObject): ImageObjectView {
  return {
    oid: object.oid,
    version: object.version,
    parents: object.parents,
    slots: object.slots,
    methods: summarizeMethods(object.slots),
    tx_id: object.tx_id,
    committed_at: object.committed_at,
  };
}

/**
 * Every committed version of an object, oldest first, with what each changed.
 *
 * @param image The image.
 * @param oid The object.
 * @returns The history.
 * @throws {KitError} `IMAGE_NOT_FOUND` when the object never existed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image } from "./image.ts";
 * import { objectHistory } from "./history.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const image = await Image.open(store);
 * await image.transaction((tx) => tx.create("a", { slots: { n: 1 }, parents: [] }));
 * await image.transaction((tx) => tx.set("a", "n", 2));
 * const history = await objectHistory(image, "a");
 * assert.deepEqual(history.versions.map((v) => v.changed), [["n"], ["n"]]);
 * ```
 */
export async function objectHistory(image: Image, oid: string): Promise<ImageHistory> {
  const versions = await image.repository.listVersions(checkOid(oid));
  if (versions.length === 0) throw notFound(oid);
  return {
    oid,
    versions: versions.map((v, i) => ({
      version: v.version,
      tx_id: v.tx_id,
      kind: v.kind,
      note: v.note,
      cycle_id: v.cycle_id,
      committed_at: v.committed_at,
      changed: changedNames(i === 0 ? { slots: {}, parents: [] } : versions[i - 1]!, v),
    })),
  };
}

/**
 * One committed version of an object: by number, or the last one committed at
 * or before a time.
 *
 * @param image The image.
 * @param oid The object.
 * @param at `{ version }` or `{ time }` (any ISO 8601 time; commits are stamped to the
 *   whole second, so a time matches every commit of its second).
 * @returns The version.
 * @throws {KitError} `IMAGE_VERSION_NOT_FOUND` (exit 2) when there is no such version;
 *   `IMAGE_BAD_TIME` (exit 2) for a time that does not parse.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image } from "./image.ts";
 * import { objectAt } from "./history.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const image = await Image.open(store);
 * await image.transaction((tx) => tx.create("a", { slots: { n: 1 }, parents: [] }));
 * await image.transaction((tx) => tx.set("a", "n", 2));
 * assert.equal((await objectAt(image, "a", { version: 1 })).slots.n, 1);
 * assert.equal((await objectAt(image, "a", { time: new Date().toISOString() })).slots.n, 2);
 * ```
 */
export async function objectAt(
  image: Image,
  oid: string,
  at: { version: number } | { time: string },
): Promise<ImageObject> {
  if ("time" in at && Number.isNaN(Date.parse(at.time))) {
    throw new KitError("IMAGE_BAD_TIME", `"${at.time}" is not an ISO 8601 time`, {
      exitCode: ExitCode.USAGE,
      details: { time: at.time },
    });
  }
  const query = "time" in at ? { time: isoUtc(Date.parse(at.time)) } : at;
  const row = await image.repository.loadVersion(checkOid(oid), query);
  if (!row) {
    const which = "version" in at ? `version ${at.version}` : `a version committed by ${at.time}`;
    throw new KitError("IMAGE_VERSION_NOT_FOUND", `Object ${oid} has no ${which}`, {
      exitCode: 2,
      details: { oid, ...at },
    });
  }
  return row;
}

/**
 * What differs between two versions of an object.
 *
 * @param image The image.
 * @param oid The object.
 * @param from The older version.
 * @param to The newer version. @default {the current version}
 * @returns The diff.
 * @throws {KitError} `IMAGE_VERSION_NOT_FOUND`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image } from "./image.ts";
 * import { diffVersions } from "./history.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const image = await Image.open(store);
 * await image.transaction((tx) => tx.create("a", { slots: { n: 1 }, parents: [] }));
 * await image.transaction((tx) => tx.set("a", "n", 2));
 * const diff = await diffVersions(image, "a", 1);
 * assert.deepEqual(diff.slots, [{ slot: "n", change: "changed", before: 1, after: 2 }]);
 * ```
 */
export async function diffVersions(
  image: Image,
  oid: string,
  from: number,
  to?: number,
): Promise<ImageDiff> {
  const older = await objectAt(image, oid, { version: from });
  const newer = to === undefined
    ? await image.get(oid)
    : await objectAt(image, oid, { version: to });
  return diffStates(oid, older, newer);
}

/**
 * Restores an object's content to an older version by committing a new version
 * equal to it. Without a version, undoes the last change (restores the one before).
 *
 * @param image The image.
 * @param oid The object.
 * @param version The version to restore. @default {the version before the current one}
 * @param signal Aborts before the commit.
 * @returns The restored and new version numbers and what changed.
 * @throws {KitError} `IMAGE_VERSION_NOT_FOUND`; `IMAGE_NOTHING_TO_UNDO` (exit 1) for an
 *   object with one version and no version given; `IMAGE_CONFLICT` after retries.
 *
 * @example Undo the last change, then undo the undo
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image } from "./image.ts";
 * import { undoObject } from "./history.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const image = await Image.open(store);
 * await image.transaction((tx) => tx.create("a", { slots: { n: 1 }, parents: [] }));
 * await image.transaction((tx) => tx.set("a", "n", 2));
 * const undo = await undoObject(image, "a");
 * assert.deepEqual([undo.restored_version, undo.new_version], [1, 3]);
 * assert.equal((await image.get("a")).slots.n, 1);
 * await undoObject(image, "a", 2);
 * assert.equal((await image.get("a")).slots.n, 2);
 * ```
 */
export async function undoObject(
  image: Image,
  oid: string,
  version?: number,
  signal?: AbortSignal,
): Promise<ImageUndoResult> {
  const current = await image.get(oid);
  const target = version ?? current.version - 1;
  if (target < 1) {
    throw new KitError(
      "IMAGE_NOTHING_TO_UNDO",
      `Object ${oid} has only version 1: there is no earlier version to restore`,
      { details: { oid } },
    );
  }
  const restored = await objectAt(image, oid, { version: target });
  let before: ObjectState & { version: number } = current;
  await image.transaction(async (tx) => {
    const now = await tx.get(oid);
    before = { slots: now.slots, parents: now.parents, version: now.version ?? current.version };
    await tx.replace(oid, { slots: restored.slots, parents: restored.parents });
  }, {
    kind: "undo",
    note: `restore version ${target}`,
    retries: 3,
    ...(signal ? { signal } : {}),
  });
  const after = await image.get(oid);
  return {
    oid,
    restored_version: target,
    new_version: after.version,
    tx_id: after.tx_id,
    diff: diffStates(oid, before, after),
  };
}

/**
 * The difference between two states of one object.
 *
 * @param oid The object.
 * @param older The older state (with its version).
 * @param newer The newer state (with its version).
 * @returns The diff.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diffStates } from "./history.ts";
 * const d = diffStates("a", { version: 1, slots: { x: 1 }, parents: [] }, { version: 2, slots: { y: 2 }, parents: ["p"] });
 * assert.deepEqual(d.slots.map((s) => s.change), ["removed", "added"]);
 * assert.deepEqual(d.parents, { before: [], after: ["p"] });
 * ```
 */
export function diffStates(
  oid: string,
  older: ObjectState & { version: number },
  newer: ObjectState & { version: number },
): ImageDiff {
  const names = [...new Set([...Object.keys(older.slots), ...Object.keys(newer.slots)])].sort();
  const slots: ImageSlotChange[] = [];
  for (const slot of names) {
    const had = Object.hasOwn(older.slots, slot);
    const has = Object.hasOwn(newer.slots, slot);
    const before = had ? older.slots[slot]! : null;
    const after = has ? newer.slots[slot]! : null;
    if (had && has && jsonEqual(before, after)) continue;
    slots.push({ slot, change: !had ? "added" : !has ? "removed" : "changed", before, after });
  }
  return {
    oid,
    from_version: older.version,
    to_version: newer.version,
    slots,
    parents: jsonEqual(older.parents, newer.parents)
      ? null
      : { before: older.parents, after: newer.parents },
  };
}

function changedNames(older: ObjectState, newer: ObjectState): string[] {
  const diff = diffStates("", { ...older, version: 1 }, { ...newer, version: 2 });
  return [...diff.slots.map((s) => s.slot), ...(diff.parents ? ["parents"] : [])];
}

function notFound(oid: string): KitError {
  return new KitError("IMAGE_NOT_FOUND", `The image has no object ${oid}`, {
    exitCode: 2,
    details: { oid },
  });
}
