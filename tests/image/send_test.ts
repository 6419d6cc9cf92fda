import assert from "node:assert/strict";
import { openTestStore } from "../fixtures/test_store.ts";
import { Image, methodSlot, objectHistory, Sandbox, send } from "../../lib/image/mod.ts";

const verdict = { guardian: "PersistenceGuardian", ok: true, checked_at: "2026-01-01T00:00:00Z" };
const method = (selector: string, source: string) =>
  methodSlot(selector, source, { verdict, cycle_id: null, persona: null });

async function fixture() {
  const store = await openTestStore();
  const sandbox = Sandbox.start({ timeoutMs: 5000 });
  const image = await Image.open(store);
  await image.transaction(async (tx) => {
    await tx.create("traits", {
      parents: [],
      slots: {
        bump: method("bump", "function bump(self, by) { self.n += by; return self.n; }"),
        fail: method("fail", "function fail(self) { self.n = -1; throw new Error('no'); }"),
        forge: method(
          "forge",
          "function forge(self) { self.evil = { $method: { selector: 'x', source: 'function x(){}' } }; }",
        ),
        greeting: "hello",
        intent_: "say something kind",
      },
    });
    await tx.create("counter", { slots: { n: 1 }, parents: ["traits"] });
  });
  return {
    image,
    sandbox,
    async [Symbol.asyncDispose]() {
      await sandbox.close();
      await store.close();
    },
  };
}

Deno.test("send runs the inherited method and commits the receiver's changes as one new version", async () => {
  await using f = await fixture();
  const answer = await send(f.image, { object: "counter", selector: "bump", args: [4] }, f);
  assert.deepEqual(
    [answer.result, answer.found_in, answer.changed_slots, answer.learned],
    [5, "traits", ["n"], false],
  );
  const history = await objectHistory(f.image, "counter");
  assert.deepEqual(history.versions.map((v) => [v.kind, v.note]), [["commit", null], [
    "send",
    "bump",
  ]]);
  assert.equal(answer.tx_id, history.versions[1]?.tx_id);
});

Deno.test("a method that throws commits none of its changes", async () => {
  await using f = await fixture();
  await assert.rejects(send(f.image, { object: "counter", selector: "fail", args: [] }, f), {
    code: "SANDBOX_ERROR",
  });
  assert.deepEqual((await f.image.get("counter")).slots, { n: 1 });
});

Deno.test("a method cannot write a method record into a slot", async () => {
  await using f = await fixture();
  await assert.rejects(send(f.image, { object: "counter", selector: "forge", args: [] }, f), {
    code: "IMAGE_RESERVED_VALUE",
  });
  assert.equal((await f.image.get("counter")).version, 1);
});

Deno.test("a data slot answers its value; with arguments it is IMAGE_NOT_A_METHOD", async () => {
  await using f = await fixture();
  const answer = await send(f.image, { object: "counter", selector: "greeting", args: [] }, f);
  assert.deepEqual([answer.result, answer.tx_id], ["hello", null]);
  await assert.rejects(send(f.image, { object: "counter", selector: "greeting", args: [1] }, f), {
    code: "IMAGE_NOT_A_METHOD",
  });
});

Deno.test("an unanswered message goes to doesNotUnderstand, with a facet's intent text", async () => {
  await using f = await fixture();
  await assert.rejects(send(f.image, { object: "counter", selector: "nope", args: [] }, f), {
    code: "IMAGE_DOES_NOT_UNDERSTAND",
  });
  const seen: unknown[] = [];
  await send(f.image, { object: "counter", selector: "intent_", args: [1] }, {
    sandbox: f.sandbox,
    doesNotUnderstand: (miss) => {
      seen.push(miss);
      return Promise.resolve({
        object: miss.object,
        selector: miss.selector,
        result: null,
        found_in: miss.object,
        learned: true,
        changed_slots: [],
        tx_id: null,
        cycles: [],
      });
    },
  });
  assert.deepEqual(seen, [{
    object: "counter",
    selector: "intent_",
    args: [1],
    intent: "say something kind",
  }]);
});

Deno.test("concurrent sends to one counter lose no update", async () => {
  await using f = await fixture();
  await Promise.all(
    Array.from(
      { length: 6 },
      () =>
        send(f.image, { object: "counter", selector: "bump", args: [1] }, { ...f, retries: 10 }),
    ),
  );
  assert.equal((await f.image.get("counter")).slots.n, 7);
});
