import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { runChild } from "../../lib/process/run_child.ts";
import { withLocalPort } from "../_local_port.ts";

const ENV = { PATH: "/usr/bin:/bin" };

Deno.test("runChild() keeps stdout and stderr apart and merges them in arrival order", async () => {
  const r = await runChild(["sh", "-c", "echo one; echo two >&2; echo three"], { env: ENV });
  assertEquals([r.exit_code, r.stdout, r.stderr], [0, "one\nthree\n", "two\n"]);
  assertEquals(r.output.split("\n").sort(), ["", "one", "three", "two"]);
  assertEquals([r.timed_out, r.aborted, r.truncated, r.network], [false, false, false, "inherit"]);
});

Deno.test("runChild() kills the child at the deadline and says so", async () => {
  const r = await runChild(["sleep", "30"], { env: ENV, timeoutMs: 200 });
  assertEquals([r.timed_out, r.exit_code, r.exit_signal], [true, null, "SIGKILL"]);
});

Deno.test("runChild() kills the child when the signal aborts", async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const r = await runChild(["sleep", "30"], { env: ENV, signal: controller.signal });
  assertEquals([r.aborted, r.timed_out, r.exit_code], [true, false, null]);
});

Deno.test("runChild() caps the output it keeps and marks it truncated", async () => {
  const r = await runChild(["sh", "-c", "head -c 100000 /dev/zero"], {
    env: ENV,
    maxOutputBytes: 1000,
  });
  assertEquals([r.exit_code, r.stdout.length, r.truncated], [0, 1000, true]);
});

Deno.test("runChild() gives the child only the environment it is handed, in the folder it is given", async () => {
  const dir = await Deno.makeTempDir();
  try {
    Deno.env.set("MB_RUN_CHILD_LEAK", "leaked");
    const clean = await runChild(["sh", "-c", 'echo "[$MB_RUN_CHILD_LEAK][$X]"; pwd'], {
      env: { ...ENV, X: "given" },
      cwd: dir,
    });
    assertEquals(clean.stdout, `[][given]\n${await Deno.realPath(dir)}\n`);
    const inherited = await runChild(["sh", "-c", 'echo "[$MB_RUN_CHILD_LEAK]"'], {
      clearEnv: false,
    });
    assertEquals(inherited.stdout, "[leaked]\n");
  } finally {
    Deno.env.delete("MB_RUN_CHILD_LEAK");
    await Deno.remove(dir);
  }
});

Deno.test("runChild() feeds stdin and reports a missing executable as spawn_error", async () => {
  const echoed = await runChild(["cat"], { env: ENV, stdin: "payload" });
  assertEquals(echoed.stdout, "payload");
  const missing = await runChild(["/no/such/binary"], { env: ENV });
  assertEquals(missing.exit_code, null);
  assertMatch(missing.spawn_error ?? "", /cannot start \/no\/such\/binary/);
});

Deno.test("runChild() with network deny cannot reach a listening port when a namespace can be made", async () => {
  await withLocalPort(async (port) => {
    const probe = `exec 3<>/dev/tcp/127.0.0.1/${port} && echo CONNECTED || echo BLOCKED`;
    const r = await runChild(["bash", "-c", probe], { env: ENV, network: "deny" });
    assert(r.network === "unshare" || r.network === "env_only");
    assertEquals(r.stdout.trim(), r.network === "unshare" ? "BLOCKED" : "CONNECTED");
    assertEquals(r.command[0], r.network === "unshare" ? "unshare" : "bash");
  });
});
