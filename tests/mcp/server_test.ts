import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { connectInMemory, testEnv } from "./_helpers.ts";

const HINTS = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const;

/** The tools issue 8 names, from every capability. */
const EXPECTED_TOOLS = [
  "boot_image",
  "boot_status",
  "build_bundle",
  "extract_bundle",
  "get_mips_delta",
  "ingest_delta",
  "inspect_bundle",
  "llm_status",
  "ltm_graph",
  "promote_slot",
  "query_mips_index",
  "reindex_ltm",
  "rollback_slot",
  "validate_bundle",
  "verify_ledger",
];

Deno.test("the server lists every capability's tools", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const names = new Set((await pair.client.listTools()).tools.map((t) => t.name));
  assertEquals(EXPECTED_TOOLS.filter((name) => !names.has(name)), []);
});

Deno.test("every tool has a snake_case name, title, description, four hints and object schemas", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const { tools } = await pair.client.listTools();
  assert(tools.length > 0, "no tools registered");
  const problems: string[] = [];
  for (const tool of tools) {
    const where = `tool ${tool.name}`;
    if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(tool.name)) problems.push(`${where}: name`);
    if (!tool.title) problems.push(`${where}: title`);
    if (!tool.description || tool.description.length < 20) problems.push(`${where}: description`);
    for (const hint of HINTS) {
      if (typeof tool.annotations?.[hint] !== "boolean") problems.push(`${where}: ${hint}`);
    }
    if (tool.inputSchema.type !== "object") problems.push(`${where}: inputSchema`);
    if (tool.outputSchema?.type !== "object") problems.push(`${where}: outputSchema`);
    const properties = (tool.inputSchema.properties ?? {}) as Record<
      string,
      { description?: string; type?: string }
    >;
    for (const [name, schema] of Object.entries(properties)) {
      if (!schema.description) problems.push(`${where}: input ${name} has no description`);
      if (schema.type === "string" && /file|zip|dir|bundle/.test(name) && !/path/.test(name)) {
        problems.push(`${where}: file argument ${name} is not named path`);
      }
    }
  }
  assertEquals(problems, []);
});

Deno.test("the config resource is listed and never shows the MCP token", async () => {
  await using env = await testEnv({ mcp: { token: "secret-token-0123456789" } });
  await using pair = await connectInMemory(env.deps);
  const { resources } = await pair.client.listResources();
  const config = resources.find((r) => r.uri === "metablooms://config");
  assert(config, "metablooms://config not listed");
  assertEquals(config.mimeType, "application/json");
  const read = await pair.client.readResource({ uri: "metablooms://config" });
  const text = read.contents[0] && "text" in read.contents[0] ? read.contents[0].text : "";
  assert(!text.includes("secret-token-0123456789"), "token leaked");
  const parsed = JSON.parse(text);
  assertEquals(parsed.mcp.token, "[redacted]");
  assertEquals(parsed.data_dir, env.config.dataDir);
});

Deno.test("reading an unknown resource is a JSON-RPC error, not a crash", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  let message = "";
  try {
    await pair.client.readResource({ uri: "metablooms://nothing/here" });
  } catch (error) {
    message = (error as Error).message;
  }
  assertMatch(message, /not found/i);
  await pair.client.ping();
});

Deno.test("completion/complete answers an unknown prompt with an empty list", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const result = await pair.client.complete({
    ref: { type: "ref/prompt", name: "no_such_prompt" },
    argument: { name: "x", value: "a" },
  });
  assertEquals(result.completion.values, []);
  assert(pair.client.getServerCapabilities()?.completions !== undefined);
  assert(pair.client.getServerCapabilities()?.logging !== undefined);
});

Deno.test("calling an unknown tool is an isError result, and the server keeps answering", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const result = await pair.client.callTool({ name: "no_such_tool", arguments: {} });
  assertEquals(result.isError, true);
  await pair.client.ping();
});
