import { assert, assertEquals } from "../_assert.ts";
import { Client, StdioClientTransport } from "../_mcp_client.ts";
import { ROOT, testEnv } from "./_helpers.ts";

async function stdioClient(command: string, args: string[]): Promise<Client> {
  const client = new Client({ name: "kit-stdio-test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({ command, args, cwd: ROOT, stderr: "pipe", env: { NO_COLOR: "1" } }),
  );
  return client;
}

Deno.test("`deno run -A cli/metablooms.ts mcp` serves initialize, tools/list and a call over stdio", async () => {
  await using env = await testEnv();
  const client = await stdioClient(`${ROOT}/bin/deno`, [
    "run",
    "-A",
    "--quiet",
    "cli/metablooms.ts",
    "mcp",
    "--data-dir",
    env.config.dataDir,
  ]);
  try {
    assertEquals(client.getServerVersion()?.name, "metablooms");
    const { tools } = await client.listTools();
    assert(tools.length > 0);
    const status = await client.callTool({ name: "boot_status", arguments: {} });
    assertEquals((status.structuredContent as { data_dir?: string }).data_dir, env.config.dataDir);
    const config = await client.readResource({ uri: "metablooms://config" });
    const text = config.contents[0] && "text" in config.contents[0] ? config.contents[0].text : "";
    assertEquals(JSON.parse(text).data_dir, env.config.dataDir);
  } finally {
    await client.close();
  }
});

Deno.test("`./bin/metablooms mcp` (the Claude Desktop command line) answers over stdio", async () => {
  await using env = await testEnv();
  const client = await stdioClient(`${ROOT}/bin/metablooms`, [
    "mcp",
    "--data-dir",
    env.config.dataDir,
  ]);
  try {
    assert((await client.listTools()).tools.length > 0);
    await client.ping();
  } finally {
    await client.close();
  }
});

Deno.test("`metablooms mcp` writes nothing but JSON-RPC to stdout and exits when stdin closes", async () => {
  await using env = await testEnv();
  const child = new Deno.Command(`${ROOT}/bin/deno`, {
    args: ["run", "-A", "--quiet", "cli/metablooms.ts", "mcp", "--data-dir", env.config.dataDir],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines = [
    {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "raw", version: "1" },
      },
    },
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { jsonrpc: "2.0", id: 2, method: "tools/list" },
    {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "no_such_tool", arguments: {} },
    },
  ].map((m) => JSON.stringify(m) + "\n").join("");
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(lines));
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes('"id":3')) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  await writer.close();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  const status = await child.status;
  await child.stderr.cancel();
  const messages = out.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  assertEquals(messages.map((m) => m.jsonrpc), messages.map(() => "2.0"));
  assertEquals(messages.map((m) => m.id), [1, 2, 3]);
  assertEquals(messages[2].result.isError, true);
  assertEquals(status.code, 0);
});
