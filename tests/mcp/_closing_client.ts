/**
 * An official SDK client as a user's script runs it: connect over Streamable
 * HTTP, call a tool, print the result, close — and then the process must end
 * by itself. Run with `--v8-flags=--expose-gc`: collecting garbage before
 * `close()` makes Deno's fetch lose the link between the abort signal and the
 * standalone stream's body (the response object is gone), which is how real
 * clients hang when the server keeps that stream open forever.
 *
 * @module
 */
import { Client, StreamableHTTPClientTransport } from "../_mcp_client.ts";

const client = new Client({ name: "closing-client", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(Deno.args[0]!)));
const result = await client.callTool({ name: "boot_status", arguments: {} });
// deno-lint-ignore no-console -- the parent test reads this line
console.log(JSON.stringify({ is_error: result.isError ?? false }));
const gc = (globalThis as { gc?: () => void }).gc;
for (let i = 0; i < 3; i++) {
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await client.close();
// deno-lint-ignore no-console -- the parent test reads this line
console.log("closed");
