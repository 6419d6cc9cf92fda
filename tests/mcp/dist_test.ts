import { assert, assertEquals } from "../_assert.ts";
import { join } from "node:path";
import { Client, StdioClientTransport, type Tool } from "../_mcp_client.ts";
import { ROOT, testEnv } from "./_helpers.ts";

/** A tool a test can call with no arguments and no side effect or network. */
function cheapTool(tools: Tool[]): Tool | undefined {
  return tools.find((t) =>
    t.annotations?.readOnlyHint === true && t.annotations.openWorldHint === false &&
    ((t.inputSchema.required ?? []) as string[]).length === 0
  );
}

Deno.test("`deno task bundle` output serves initialize, tools/list and a tool call over stdio", async () => {
  const bundled = await new Deno.Command(join(ROOT, "bin", "deno"), {
    args: ["task", "--quiet", "bundle"],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  assertEquals(bundled.code, 0, new TextDecoder().decode(bundled.stderr));
  await using env = await testEnv();
  const client = new Client({ name: "kit-dist-test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: join(ROOT, "bin", "deno"),
      args: ["run", "-A", "--quiet", join(ROOT, "dist", "metablooms.js"), "mcp"],
      cwd: env.dir,
      env: { MB_DATA_DIR: env.config.dataDir, NO_COLOR: "1" },
      stderr: "pipe",
    }),
  );
  try {
    assertEquals(client.getServerVersion()?.name, "metablooms");
    const { tools } = await client.listTools();
    const tool = cheapTool(tools);
    assert(
      tool,
      `no read-only, closed-world tool without required arguments in ${tools.map((t) => t.name)}`,
    );
    const result = await client.callTool({ name: tool.name, arguments: {} });
    assertEquals(result.isError, undefined, JSON.stringify(result.content));
    assert(result.structuredContent, "no structuredContent");
  } finally {
    await client.close();
  }
});
