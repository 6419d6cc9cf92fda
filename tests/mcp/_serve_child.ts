/**
 * A `serveHttp` server in a child process, for tests that must run the server
 * under a lower file-descriptor limit (`ulimit -n`) or watch whether it exits.
 * Takes the `ServeHttpOptions` as JSON in its first argument, prints one JSON
 * line `{ url, max_connections }`, and stops when its stdin closes.
 *
 * @module
 */
import { serveHttp, type ServeHttpOptions } from "../../mcp/http.ts";
import { testEnv } from "./_helpers.ts";

await using env = await testEnv();
const options = JSON.parse(Deno.args[0] ?? "{}") as ServeHttpOptions;
// deno-lint-ignore no-console -- the error log of the child goes to the test's stderr pipe
const running = await serveHttp(env.deps, { port: 0, ...options, log: (l) => console.error(l) });
// deno-lint-ignore no-console -- the one line the parent test reads
console.log(JSON.stringify({ url: running.url, max_connections: running.listener.maxConnections }));
for await (const _ of Deno.stdin.readable) { /* until the parent closes stdin */ }
await running.shutdown();
