import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { openStore } from "../../lib/store/open.ts";
import { assert, assertKitError } from "../_assert.ts";
import { registerCases, sqliteBackend } from "./_backends.ts";
import { storeCases } from "./_store_cases.ts";

registerCases(sqliteBackend, storeCases);

const T = "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)";

async function tempDb(): Promise<{ dir: string; path: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "mb_store_" });
  return {
    dir,
    path: `${dir}/kit.db`,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test("a write waits for another process's lock, then fails with STORE_BUSY", async () => {
  await using db = await tempDb();
  await using store = await openSqliteStore(db.path, { busy_timeout_ms: 300 });
  await store.migrate("t", [T]);
  const holder = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { DatabaseSync } from "node:sqlite";
       const db = new DatabaseSync(${JSON.stringify(db.path)});
       db.exec("BEGIN IMMEDIATE"); console.log("locked");
       await new Promise((r) => setTimeout(r, 5000));`,
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    const reader = holder.stdout.getReader();
    const { value } = await reader.read();
    assert(new TextDecoder().decode(value).includes("locked"));
    reader.releaseLock();
    // A busy wait that blocked the event loop would reject before this zero-delay timer fires.
    let timerFired = false;
    const busy = store.transaction((tx) => tx.run("INSERT INTO t VALUES ('a', 1)"));
    setTimeout(() => timerFired = true, 0);
    await assertKitError(() => busy, "STORE_BUSY");
    assert(timerFired, "the event loop kept running while waiting for the lock");
  } finally {
    holder.kill("SIGKILL");
    await holder.status;
    await holder.stdout.cancel().catch(() => {});
  }
  await store.transaction((tx) => tx.run("INSERT INTO t VALUES ('a', 1)"));
});

Deno.test("openStore() refuses a database URL it cannot serve with a code", async () => {
  await assertKitError(
    () => openStore({ sqlite_path: ":memory:", database_url: "mysql://x" }),
    "STORE_UNSUPPORTED",
  );
});
