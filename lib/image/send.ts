/**
 * Message send: find the method by delegation, run it in the sandbox on a JSON
 * copy of the receiver's slots, and commit the slot changes it made in the
 * same image transaction as the call, or none. A message no slot answers goes
 * to the caller's `doesNotUnderstand` (the living image starts a cognitive
 * cycle there).
 *
 * A data slot answers its value when sent without arguments (as in Self). A
 * slot whose name ends in `_` (the spec's method convention) that holds no
 * method, such as a facet's intent string, counts as not understood, and its
 * text is handed to `doesNotUnderstand` as the intent.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import type { SendResult } from "../../schemas/image.ts";
import type { Image } from "./image.ts";
import { lookupSlot } from "./lookup.ts";
import {
  checkOid,
  checkSlotName,
  jsonEqual,
  type JsonValue,
  methodOf,
  toJsonValue,
} from "./object.ts";
import type { Sandbox } from "./sandbox.ts";
import type { ImageTransaction } from "./unit_of_work.ts";

/** A message no slot answers. */
export interface UnderstoodNot {
  /** The receiver. */
  object: string;
  /** The selector. */
  selector: string;
  /** The arguments. */
  args: JsonValue[];
  /** The intent text a `_`-suffixed slot held instead of a method, if any. */
  intent: string | null;
}

/** Options of {@linkcode send}. */
export interface SendOptions {
  /** The sandbox methods run in. */
  sandbox: Sandbox;
  /** Handles a message no method answers. @default {throw `IMAGE_DOES_NOT_UNDERSTAND`} */
  doesNotUnderstand?: ((miss: UnderstoodNot) => Promise<SendResult>) | undefined;
  /** Re-runs after a commit conflict (a call is a pure function of the image). @default {3} */
  retries?: number | undefined;
  /** Aborts the call; nothing is committed. */
  signal?: AbortSignal | undefined;
}

/**
 * Sends `selector` with `args` to object `object`.
 *
 * @param image The image.
 * @param message The receiver, the selector and the arguments (JSON values).
 * @param options The sandbox, the doesNotUnderstand handler, retries, signal.
 * @returns The answer, where it was found, what changed, and the transaction.
 * @throws {KitError} `IMAGE_NOT_FOUND`, `IMAGE_BAD_SLOT`, `IMAGE_NOT_A_METHOD` (a data
 *   slot sent arguments), `IMAGE_DOES_NOT_UNDERSTAND` (no handler), `IMAGE_RESERVED_VALUE`
 *   (the method wrote a method record), a `SANDBOX_*` code, `IMAGE_CONFLICT`, `CANCELLED`.
 *
 * @example A method changes its receiver; the change is committed with the call
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image, methodSlot, Sandbox, send } from "./mod.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * await using sandbox = Sandbox.start({ timeoutMs: 5000 });
 * const image = await Image.open(store);
 * const verdict = { guardian: "PersistenceGuardian", ok: true, checked_at: new Date().toISOString() };
 * await image.transaction(async (tx) => {
 *   await tx.create("counter_traits", { parents: [], slots: {
 *     bump: methodSlot("bump", "function bump(self, by) { self.n += by; return self.n; }",
 *       { verdict, cycle_id: null, persona: null }),
 *   } });
 *   await tx.create("counter", { slots: { n: 1 }, parents: ["counter_traits"] });
 * });
 * const answer = await send(image, { object: "counter", selector: "bump", args: [2] }, { sandbox });
 * assert.equal(answer.result, 3);
 * assert.equal(answer.found_in, "counter_traits");
 * assert.equal((await image.get("counter")).slots.n, 3);
 * ```
 */
export async function send(
  image: Image,
  message: { object: string; selector: string; args: readonly unknown[] },
  options: SendOptions,
): Promise<SendResult> {
  const object = checkOid(message.object);
  const selector = checkSlotName(message.selector);
  const args = message.args.map((a, i) => toJsonValue(a, `argument ${i + 1}`));
  const outcome = await image.transaction(async (tx) => {
    if (!(await tx.exists(object))) {
      throw new KitError("IMAGE_NOT_FOUND", `The image has no object ${object}`, {
        exitCode: 2,
        details: { oid: object },
      });
    }
    return await callIn(tx, object, selector, args, options);
  }, {
    kind: "send",
    note: selector,
    retries: options.retries ?? 3,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if ("result" in outcome) return outcome;
  if (!options.doesNotUnderstand) {
    throw new KitError(
      "IMAGE_DOES_NOT_UNDERSTAND",
      `Object ${object} does not understand ${selector}: no slot on it or its parents answers it`,
      { details: { oid: object, selector } },
    );
  }
  return await options.doesNotUnderstand(outcome);
}

/**
 * Runs `selector` on `object` inside an image transaction: finds the method,
 * calls it in the sandbox, and buffers the receiver's slot changes in `tx`.
 * The cognitive cycle uses this to answer the original message in its own
 * transaction.
 *
 * @param tx The image transaction.
 * @param object The receiver (must exist).
 * @param selector The selector.
 * @param args The arguments.
 * @param options The sandbox and signal.
 * @returns The answer, or the miss when nothing answers.
 * @throws {KitError} As {@linkcode send}.
 */
export async function callIn(
  tx: ImageTransaction,
  object: string,
  selector: string,
  args: JsonValue[],
  options: Pick<SendOptions, "sandbox" | "signal">,
): Promise<SendResult | UnderstoodNot> {
  const hit = await lookupSlot(tx, object, selector);
  const miss = (intent: string | null): UnderstoodNot => ({ object, selector, args, intent });
  if (!hit) return miss(null);
  const method = methodOf(hit.value);
  const answered = (result: JsonValue, changed: string[]): SendResult => ({
    object,
    selector,
    result,
    found_in: hit.holder,
    learned: false,
    changed_slots: changed,
    tx_id: changed.length > 0 ? tx.id : null,
    cycles: [],
  });
  if (!method) {
    if (selector.endsWith("_")) return miss(typeof hit.value === "string" ? hit.value : null);
    if (args.length > 0) {
      throw new KitError(
        "IMAGE_NOT_A_METHOD",
        `Slot ${selector} of ${hit.holder} holds data, not a method: it takes no arguments`,
        { details: { oid: hit.holder, selector } },
      );
    }
    return answered(hit.value, []);
  }
  const receiver = await tx.get(object);
  const answer = await options.sandbox.call({
    source: method.source,
    selector,
    self: receiver.slots,
    args,
    signal: options.signal,
  });
  return answered(answer.result, await applySelf(tx, object, receiver.slots, answer.self));
}

/** Buffers the differences between the receiver's slots before and after a call. */
async function applySelf(
  tx: ImageTransaction,
  object: string,
  before: Record<string, JsonValue>,
  after: Record<string, JsonValue>,
): Promise<string[]> {
  const changed: string[] = [];
  for (const name of Object.keys(before)) {
    if (Object.hasOwn(after, name)) continue;
    await tx.remove(object, name);
    changed.push(name);
  }
  for (const [name, value] of Object.entries(after)) {
    if (Object.hasOwn(before, name) && jsonEqual(before[name], value)) continue;
    if (methodOf(value)) {
      throw new KitError(
        "IMAGE_RESERVED_VALUE",
        `The method wrote a method record into slot ${name} of ${object}: ` +
          "methods are installed only by a cognitive cycle, after the guardians",
        { details: { oid: object, slot: name } },
      );
    }
    await tx.set(object, name, value);
    changed.push(name);
  }
  return changed.sort();
}
