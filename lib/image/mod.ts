/**
 * The living image: prototype objects with JSON slots and delegation
 * parents, kept with every committed version in the store; methods as
 * guarded source text; message sends that run methods in a zero-permission
 * sandbox and commit what they change in the same transaction.
 *
 * @example Create an object and read its history
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image, objectHistory } from "./mod.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const image = await Image.open(store);
 * await image.transaction((tx) => tx.create("a", { slots: { n: 1 }, parents: [] }));
 * assert.equal((await objectHistory(image, "a")).versions.length, 1);
 * ```
 *
 * @module
 */
export * from "./history.ts";
export * from "./ids.ts";
export * from "./image.ts";
export * from "./lookup.ts";
export * from "./object.ts";
export * from "./open.ts";
export * from "./render.ts";
export * from "./repository.ts";
export * from "./sandbox.ts";
export * from "./send.ts";
export * from "./store_component.ts";
export * from "./unit_of_work.ts";
export * from "./views.ts";
export * from "../../schemas/image.ts";
export * from "../../schemas/image_input.ts";
