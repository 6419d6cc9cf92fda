/**
 * Two `metablooms serve` replicas on one PostgreSQL database and one data
 * directory: they start together (one loads the samples, under a database
 * lease), keep no sessions, and answer any client call alike — a write through
 * one is read through the other, and a call needs no session opened on the
 * replica that answers it.
 */
import { join } from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { Client, StreamableHTTPClientTransport } from "../_mcp_client.ts";
import { pgUnavailable, startPgCluster } from "../fixtures/pg_cluster.ts";
import { withTempDir } from "../fixtures/temp_dir.ts";
import { INITIALIZE, POST_HEADERS, ROOT } from "./_helpers.ts";
import { openStore } from "../../lib/store/open.ts";
import { Image } from "../../lib/image/image.ts";
import { methodSlot } from "../../lib/image/object.ts";

const BIN = join(ROOT, "bin", "metablooms");
const unavailable = await pgUnavailable();

/** A running `metablooms serve --json`, its start line, and how to stop it. */
interface Replica extends AsyncDisposable {
  url: string;
  first_run: unknown;
  /** Kills it with SIGKILL (no chance to clean up); disposing afterwards does nothing. */
  kill(): Promise<void>;
}

/**
 * Starts `metablooms serve` on a free port with the given environment.
 *
 * @param env `MB_DATABASE_URL`, `MB_DATA_DIR`, ….
 * @param extra More arguments.
 * @returns The replica; dispose to stop it (SIGTERM, exit 0 expected).
 */
export async function startReplica(
  env: Record<string, string>,
  extra: string[] = [],
): Promise<Replica> {
  const child = new Deno.Command(BIN, {
    args: ["serve", "--port", "0", "--json", ...extra],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const stderr = new Response(child.stderr).text();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) {
      await child.status;
      throw new Error(`serve exited before listening:\n${out}\n${await stderr}`);
    }
    out += value;
  }
  const start = JSON.parse(out.split("\n")[0]!) as { url: string; first_run: unknown };
  let killed = false;
  return {
    url: start.url,
    first_run: start.first_run,
    async kill() {
      killed = true;
      child.kill("SIGKILL");
      await child.status;
      await reader.cancel().catch(() => {});
      await stderr;
    },
    async [Symbol.asyncDispose]() {
      if (killed) return;
      child.kill("SIGTERM");
      const status = await child.status;
      await reader.cancel().catch(() => {});
      const log = await stderr;
      assertEquals(status.code, 0, `serve did not stop cleanly:\n${log}`);
    },
  };
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: "replica-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  assert(!result.isError, `${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as Record<string, unknown>;
}

Deno.test({
  name: "two serve replicas on one PostgreSQL answer alike, keep no sessions, and load the " +
    "samples once",
  ignore: unavailable !== undefined,
  async fn() {
    await using cluster = await startPgCluster();
    await withTempDir(async (dir) => {
      const env = {
        MB_DATABASE_URL: await cluster.createSchema(),
        MB_DATA_DIR: join(dir, "data"),
        HOME: dir,
      };
      const [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
      await using _a = a;
      await using _b = b;
      // Exactly one of them loaded the samples; the other found them there.
      assertEquals([a.first_run, b.first_run].filter((r) => r !== null).length, 1);
      const [ca, cb] = [await connect(a.url), await connect(b.url)];
      try {
        for (
          const [name, args] of [
            ["query_mips_index", { text: "delta", limit: 5 }],
            ["image_objects", {}],
            ["image_get", { object: "genesis_obj" }],
          ] as const
        ) {
          assertEquals(await call(ca, name, args), await call(cb, name, args), name);
        }
        // A write through one replica is what the other reads (a change to undo first).
        {
          await using store = await openStore({
            sqlite_path: ":memory:",
            database_url: env.MB_DATABASE_URL,
          });
          await (await Image.open(store)).transaction((tx) => tx.set("genesis_obj", "mark", 1));
        }
        const before = await call(cb, "image_get", { object: "genesis_obj" });
        assertEquals((before.slots as Record<string, unknown>).mark, 1);
        await call(ca, "image_undo", { object: "genesis_obj", version: 1 });
        const after = await call(cb, "image_get", { object: "genesis_obj" });
        assertEquals(after.version, (before.version as number) + 1);
        assertEquals((after.slots as Record<string, unknown>).mark, undefined);
      } finally {
        await ca.close();
        await cb.close();
      }
      // No session: a call goes to a replica no client initialized with; GET has nothing to stream.
      const init = await fetch(a.url, {
        method: "POST",
        headers: POST_HEADERS,
        body: JSON.stringify(INITIALIZE),
      });
      assertEquals(init.headers.get("mcp-session-id"), null);
      await init.body?.cancel();
      const direct = await fetch(b.url, {
        method: "POST",
        headers: POST_HEADERS,
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 2,
          method: "tools/call",
          params: { name: "image_get", arguments: { object: "genesis_obj" } },
        }),
      });
      const text = await direct.text();
      assertEquals(direct.status, 200, text);
      assert(text.includes('"genesis_obj"') && !text.includes('"isError":true'), text);
      const get = await fetch(b.url, { headers: { accept: "text/event-stream" } });
      assertEquals(get.status, 405);
      await get.body?.cancel();
    }, "mb_replicas_");
  },
});

/** One `image_send` of `bump` through raw HTTP: the answer, or the error code. */
async function bump(url: string): Promise<{ n?: number; code?: string; failed?: string }> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: POST_HEADERS,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: {
          name: "image_send",
          arguments: { object: "counter", selector: "bump", args: [] },
        },
      }),
    });
    const text = await res.text();
    const data = text.split("\n").filter((l) => l.startsWith("data: ")).map((l) =>
      JSON.parse(l.slice(6))
    ).find((m) => m.id === 1);
    const result = data?.result;
    if (!result) return { failed: text.slice(0, 300) };
    if (result.isError) {
      return { code: String(result.structuredContent?.code ?? result.content?.[0]?.text) };
    }
    return { n: result.structuredContent.result as number };
  } catch (error) {
    return { failed: (error as Error).message }; // the replica died mid-call
  }
}

Deno.test({
  name: "20 SIGKILLs of one serve replica mid-write: no partial object version, the other goes on",
  ignore: unavailable !== undefined,
  async fn() {
    await using cluster = await startPgCluster();
    await withTempDir(async (dir) => {
      const env = {
        MB_DATABASE_URL: await cluster.createSchema(),
        MB_DATA_DIR: join(dir, "data"),
        HOME: dir,
      };
      const location = { sqlite_path: ":memory:", database_url: env.MB_DATABASE_URL };
      {
        await using store = await openStore(location);
        const verdict = {
          guardian: "PersistenceGuardian",
          ok: true,
          checked_at: "2026-01-01T00:00:00Z",
        };
        await (await Image.open(store)).transaction((tx) =>
          tx.create("counter", {
            parents: [],
            slots: {
              n: 0,
              bump: methodSlot("bump", "function bump(self) { self.n += 1; return self.n; }", {
                verdict,
                cycle_id: null,
                persona: null,
              }),
            },
          })
        );
      }
      await using survivor = await startReplica(env, ["--no-samples"]);
      const answers: number[] = [];
      const reported: string[] = [];
      let cut = 0; // calls the kill cut off
      const record = (r: { n?: number; code?: string; failed?: string }, from: "a" | "b") => {
        if (r.n !== undefined) answers.push(r.n);
        else if (r.code !== undefined) reported.push(r.code);
        else if (from === "b") throw new Error(`the surviving replica failed: ${r.failed}`);
        else cut++;
      };
      for (let run = 0; run < 20; run++) {
        const victim = await startReplica(env, ["--no-samples"]);
        const calls = [
          // Several in a row, so a kill lands before, inside or after a commit.
          ...Array.from({ length: 3 }, async () => {
            for (let i = 0; i < 4; i++) {
              const r = await bump(victim.url);
              record(r, "a");
              if (r.failed !== undefined) break; // the kill cut this one off
            }
          }),
          bump(survivor.url).then((r) => record(r, "b")),
        ];
        await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 1500)));
        await victim.kill();
        await Promise.all(calls);
        const before = answers.length;
        record(await bump(survivor.url), "b"); // the other replica goes on
        assert(answers.length > before || reported.length > 0);
      }
      await using store = await openStore(location);
      const image = await Image.open(store);
      const versions = await image.repository.listVersions("counter");
      assertEquals(versions.map((v) => [v.version, v.slots.n]), versions.map((_, i) => [i + 1, i]));
      const current = await image.get("counter");
      assertEquals([current.version, current.slots], [
        versions.at(-1)!.version,
        versions.at(-1)!.slots,
      ]);
      // Every answered bump is a committed version, once; a conflict is reported, never lost.
      assertEquals(new Set(answers).size, answers.length);
      assert(answers.every((n) => n >= 1 && n <= (current.slots.n as number)));
      assert(reported.every((c) => c.includes("IMAGE_CONFLICT")), reported.join(", "));
      // deno-lint-ignore no-console -- the figures of the run, for the report
      console.log(
        `20 kills: ${answers.length} bumps answered, ${cut} cut off by a kill, ` +
          `${reported.length} reported IMAGE_CONFLICT, counter at version ${current.version}`,
      );
    }, "mb_replicas_kill_");
  },
});
