import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { join } from "node:path";
import { helpText } from "../../cli/_command.ts";
import { command as mcpCommand } from "../../cli/mcp_stdio.ts";
import { command as serveCommand } from "../../cli/serve.ts";
import { clientSnippets, stdioLaunch } from "../../cli/_snippets.ts";
import { Client, StdioClientTransport, StreamableHTTPClientTransport } from "../_mcp_client.ts";
import { ROOT, testEnv } from "./_helpers.ts";

const BIN = join(ROOT, "bin", "metablooms");

Deno.test("`metablooms serve` prints the URL and client snippets, serves that URL, and exits 0 on SIGTERM", async () => {
  await using env = await testEnv();
  const child = new Deno.Command(BIN, {
    args: ["serve", "--port", "0", "--no-samples", "--data-dir", env.config.dataDir],
    cwd: env.dir,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  try {
    while (!out.includes("Press Ctrl-C to stop.")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(out)?.[1];
    assert(url, `no URL in:\n${out}`);
    assert(out.includes(`claude mcp add --transport http metablooms ${url}`), out);
    assert(out.includes(`npx @modelcontextprotocol/inspector`), out);
    assert(out.includes(`"command": "${BIN}"`), out);
    const client = new Client({ name: "kit-cli-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    assert((await client.listTools()).tools.length > 0);
    await client.close();
  } finally {
    child.kill("SIGTERM");
  }
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  assertEquals((await child.status).code, 0);
  assertMatch(out, /metablooms serve: stopped/);
});

Deno.test("the Claude Desktop snippet's command line starts a working stdio server", async () => {
  await using env = await testEnv();
  const launch = await stdioLaunch(new URL("../../cli/metablooms.ts", import.meta.url));
  assertEquals(launch, { command: BIN, args: ["mcp"] });
  const snippets = clientSnippets("http://127.0.0.1:8787/mcp", launch, false);
  assertEquals(snippets.claudeDesktop.mcpServers.metablooms, launch);
  const client = new Client({ name: "kit-cli-test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: launch.command,
      args: launch.args,
      cwd: env.dir,
      env: { MB_DATA_DIR: env.config.dataDir },
      stderr: "pipe",
    }),
  );
  try {
    assert((await client.listTools()).tools.length > 0);
  } finally {
    await client.close();
  }
});

Deno.test("`metablooms serve --host 0.0.0.0` without a token exits 2 with MCP_TOKEN_REQUIRED", async () => {
  await using env = await testEnv();
  const result = await new Deno.Command(BIN, {
    args: [
      "serve",
      "--host",
      "0.0.0.0",
      "--port",
      "0",
      "--no-samples",
      "--data-dir",
      env.config.dataDir,
    ],
    cwd: env.dir,
    env: { NO_COLOR: "1", MB_TOKEN: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(result.code, 2);
  assertMatch(
    new TextDecoder().decode(result.stderr),
    /^MCP_TOKEN_REQUIRED: Refusing to listen on 0\.0\.0\.0/,
  );
});

Deno.test("the Claude Code snippet carries the token header only as a variable", () => {
  const s = clientSnippets(
    "http://127.0.0.1:8787/mcp",
    { command: "metablooms", args: ["mcp"] },
    true,
  );
  assertEquals(
    s.claudeCode,
    'claude mcp add --transport http metablooms http://127.0.0.1:8787/mcp --header "Authorization: Bearer $MB_TOKEN"',
  );
});

Deno.test("`serve --help` and `mcp --help` match their snapshots", () => {
  assertEquals(helpText(serveCommand).split("\n").slice(0, 3), [
    "Serve the MCP tools and the web dashboard (http://127.0.0.1:8787/)",
    "",
    "Usage: metablooms serve [--port N] [--host ADDR] [--read-only]",
  ]);
  assertMatch(helpText(serveCommand), /--read-only +Refuse state changes/);
  assertMatch(helpText(serveCommand), /-p, --port N +Port \(0 = any free port\)/);
  assertMatch(helpText(serveCommand), /--no-samples +Start with an empty data directory/);
  assertEquals(helpText(mcpCommand).split("\n").slice(0, 3), [
    "Serve the MCP tools over stdio (for clients that start the kit)",
    "",
    "Usage: metablooms mcp",
  ]);
});
