/**
 * Read views of the image for the doors: the object list and one object
 * (current, at a version, or as of a time).
 *
 * @module
 */
import type { ImageObjectList, ImageObjectView } from "../../schemas/image.ts";
import { objectAt, viewObject } from "./history.ts";
import type { Image } from "./image.ts";
import { methodOf } from "./object.ts";

/**
 * Every object of the image, with its slot and method names.
 *
 * @param image The image.
 * @param prefix Only objects whose id starts with this.
 * @returns The list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image } from "./image.ts";
 * import { listObjects } from "./views.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const image = await Image.open(store);
 * await image.transaction((tx) => tx.create("a", { slots: { n: 1 }, parents: [] }));
 * assert.deepEqual((await listObjects(image)).objects.map((o) => o.slot_names), [["n"]]);
 * ```
 */
export async function listObjects(image: Image, prefix = ""): Promise<ImageObjectList> {
  const objects = (await image.objects())
    .filter((o) => o.oid.startsWith(prefix))
    .map((o) => {
      const names = Object.keys(o.slots).sort();
      return {
        oid: o.oid,
        version: o.version,
        parents: o.parents,
        slot_names: names.filter((n) => !methodOf(o.slots[n])),
        method_names: names.filter((n) => methodOf(o.slots[n])),
        committed_at: o.committed_at,
      };
    });
  return { objects, total: objects.length };
}

/**
 * One object: the current version, a given version, or the one current at a time.
 *
 * @param image The image.
 * @param oid The object.
 * @param at A version or a time. @default {the current version}
 * @returns The object's view.
 * @throws {KitError} `IMAGE_NOT_FOUND`, `IMAGE_VERSION_NOT_FOUND`, `IMAGE_BAD_TIME`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image } from "./image.ts";
 * import { showObject } from "./views.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const image = await Image.open(store);
 * await image.transaction((tx) => tx.create("a", { slots: { n: 1 }, parents: [] }));
 * await image.transaction((tx) => tx.set("a", "n", 2));
 * assert.equal((await showObject(image, "a", { version: 1 })).slots.n, 1);
 * assert.equal((await showObject(image, "a")).slots.n, 2);
 * ```
 */
export async function showObject(
  image: Image,
  oid: string,
  at: { version?: number | undefined; time?: string | undefined } = {},
): Promise<ImageObjectView> {
  if (at.version !== undefined) {
    return viewObject(await objectAt(image, oid, { version: at.version }));
  }
  if (at.time !== undefined) return viewObject(await objectAt(image, oid, { time: at.time }));
  return viewObject(await image.get(oid));
}
