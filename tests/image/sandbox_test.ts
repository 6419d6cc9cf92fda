import assert from "node:assert/strict";
import { Sandbox, type SandboxCall } from "../../lib/image/sandbox.ts";

const call = (source: string, extra: Partial<SandboxCall> = {}): SandboxCall => ({
  source,
  selector: "m",
  self: { n: 1 },
  args: [],
  ...extra,
});

Deno.test("the sandbox denies files, network, env and subprocesses with SANDBOX_DENIED", async () => {
  await using sandbox = Sandbox.start({ timeoutMs: 5000 });
  for (
    const body of [
      "return Deno.readTextFileSync('/etc/hostname')",
      "return fetch('http://127.0.0.1:9/')",
      "return Deno.env.get('HOME')",
      "return new Deno.Command('sh').outputSync()",
      "return process.env",
      "return eval('1 + 1')",
      "return (() => {}).constructor('return 1')()",
    ]
  ) {
    await assert.rejects(sandbox.call(call(`function m(self) { ${body}; }`)), {
      code: "SANDBOX_DENIED",
    }, body);
  }
});

Deno.test("an infinite loop ends with SANDBOX_TIMEOUT and the next call works", async () => {
  await using sandbox = Sandbox.start({ timeoutMs: 300 });
  await assert.rejects(sandbox.call(call("function m(self) { while (true) {} }")), {
    code: "SANDBOX_TIMEOUT",
  });
  await assert.rejects(
    sandbox.call(
      call("function m(self) { Promise.resolve().then(() => { for (;;) {} }); return 1; }"),
    ),
    { code: "SANDBOX_TIMEOUT" },
  );
  assert.equal((await sandbox.call(call("function m(self) { return 7; }"))).result, 7);
});

Deno.test("a heap bomb and a buffer bomb end with SANDBOX_MEMORY and the next call works", async () => {
  await using sandbox = Sandbox.start({ timeoutMs: 20_000, memoryMb: 48 });
  await assert.rejects(
    sandbox.call(
      call("function m(self) { const a = []; for (;;) a.push(new Array(1e6).fill(0)); }"),
    ),
    { code: "SANDBOX_MEMORY" },
  );
  await assert.rejects(
    sandbox.call(call("function m(self) { return new Uint8Array(4e9).length; }")),
    { code: "SANDBOX_MEMORY" },
  );
  assert.equal((await sandbox.call(call("function m(self) { return self.n; }"))).result, 1);
});

Deno.test("nothing leaks from one call to the next", async () => {
  await using sandbox = Sandbox.start({ timeoutMs: 5000 });
  await sandbox.call(call("function m(self) { Array.prototype.leak = 1; leaked = 2; return 0; }"));
  const after = await sandbox.call(
    call("function m(self) { return [typeof [].leak, typeof leaked, typeof m]; }"),
  );
  assert.deepEqual(after.result, ["undefined", "undefined", "function"]);
});

Deno.test("a method that throws, returns a Promise, or misses its definition gets a coded error", async () => {
  await using sandbox = Sandbox.start({ timeoutMs: 5000 });
  await assert.rejects(sandbox.call(call("function m(self) { throw new Error('boom'); }")), {
    code: "SANDBOX_ERROR",
    message: /boom/,
  });
  await assert.rejects(sandbox.call(call("async function m(self) { return 1; }")), {
    code: "SANDBOX_ERROR",
    message: /synchronous/,
  });
  await assert.rejects(sandbox.call(call("function other(self) { return 1; }")), {
    code: "SANDBOX_ERROR",
  });
  await assert.rejects(sandbox.call(call("function m(self) { return 1")), {
    code: "SANDBOX_BAD_SOURCE",
  });
  await assert.rejects(sandbox.call(call("function m(self) { self.x = 1n; return 1; }")), {
    code: "SANDBOX_ERROR",
  });
});

Deno.test("aborting a call kills it with CANCELLED and the sandbox stays usable", async () => {
  await using sandbox = Sandbox.start({ timeoutMs: 10_000 });
  const controller = new AbortController();
  const running = sandbox.call(
    call("function m(self) { for (;;) {} }", { signal: controller.signal }),
  );
  setTimeout(() => controller.abort(), 200);
  await assert.rejects(running, { code: "CANCELLED" });
  assert.equal(
    (await sandbox.call(call("function m(self, a) { return a; }", { args: [5] }))).result,
    5,
  );
});
