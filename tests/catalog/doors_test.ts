import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliScript } from "../_cli.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";
import { AuditIngestResultSchema, SearchMemoryResultSchema } from "../../schemas/catalog.ts";
import { cycleRecords, writeLog } from "./_logs.ts";

type ToolResult = { structuredContent?: unknown; content?: unknown; isError?: boolean };
const text = (r: ToolResult) => (r.content as Array<{ text: string }>)[0]!.text;

Deno.test("audit-ingest, remember and search give the same result objects through the CLI and MCP", async () => {
  await using env = await testEnv({ ollama: { embedModel: "off" } });
  const cliEnv = { MB_DATA_DIR: env.config.dataDir, MB_EMBED_MODEL: "off" };
  const log = join(env.dir, "session.jsonl");
  await writeLog(
    log,
    cycleRecords([{ id: "c-1", outcome: "COMPLETE", words: "espresso grinder" }]),
  );
  await Deno.writeTextFile(
    join(env.dir, "espresso.md"),
    "# Espresso\nCalibrate the grinder daily.",
  );
  await using pair = await connectInMemory(env.deps);

  const cliIngest = await runCliScript("cli/metablooms.ts", ["audit-ingest", log, "--json"], {
    cwd: env.dir,
    env: cliEnv,
  });
  assert.equal(cliIngest.code, 0, cliIngest.stderr);
  assert.equal(AuditIngestResultSchema.parse(JSON.parse(cliIngest.stdout)).added, 5);
  const mcpIngest = await pair.client.callTool({
    name: "ingest_audit_log",
    arguments: { path: log },
  });
  const again = AuditIngestResultSchema.parse(mcpIngest.structuredContent);
  assert.deepEqual([again.added, again.duplicates], [0, 5]);
  assert.match(
    text(mcpIngest as ToolResult),
    /^0 added: all 5 records were already in the catalog/,
  );

  const remembered = await pair.client.callTool({
    name: "remember_files",
    arguments: { path: join(env.dir, "espresso.md") },
  });
  assert.equal(remembered.isError, undefined, text(remembered as ToolResult));

  const args = { text: "espresso grinder", persona: "ROBIN" };
  const cliSearch = await runCliScript(
    "cli/search_memory.ts",
    ["espresso", "grinder", "--persona", "ROBIN", "--json"],
    { cwd: env.dir, env: cliEnv },
  );
  assert.equal(cliSearch.code, 0, cliSearch.stderr);
  const mcpSearch = await pair.client.callTool({ name: "search_memory", arguments: args });
  const found = SearchMemoryResultSchema.parse(mcpSearch.structuredContent);
  assert.deepEqual(JSON.parse(cliSearch.stdout), found);
  assert.equal(found.hits.length, 1);
  assert.equal(found.ranking.vector, false);
  const unfiltered = await pair.client.callTool({
    name: "search_memory",
    arguments: { text: "espresso grinder" },
  });
  const kinds = SearchMemoryResultSchema.parse(unfiltered.structuredContent).hits.map((h) =>
    h.kind
  );
  assert.deepEqual(kinds.sort(), ["chunk", "record"]);
});

Deno.test("a tampered log is AUDIT_LOG_BROKEN with its line on the CLI (exit 1) and over MCP (isError)", async () => {
  await using env = await testEnv({ ollama: { embedModel: "off" } });
  const log = join(env.dir, "session.jsonl");
  await writeLog(log, cycleRecords([{ id: "c-1", outcome: "FAILED", words: "kettle" }]));
  const lines = (await Deno.readTextFile(log)).trimEnd().split("\n");
  await Deno.writeTextFile(
    log,
    [lines[0], lines[2], lines[1], ...lines.slice(3)].join("\n") + "\n",
  );
  const cli = await runCliScript("cli/ingest_audit_log.ts", [log], {
    cwd: env.dir,
    env: { MB_DATA_DIR: env.config.dataDir },
  });
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, /AUDIT_LOG_BROKEN: .*breaks at line 2 /);
  await using pair = await connectInMemory(env.deps);
  const mcp = await pair.client.callTool({ name: "ingest_audit_log", arguments: { path: log } });
  assert.equal(mcp.isError, true);
  assert.match(text(mcp as ToolResult), /AUDIT_LOG_BROKEN/);
  const partial = await pair.client.callTool({
    name: "ingest_audit_log",
    arguments: { path: log, allow_broken: true },
  });
  assert.equal(AuditIngestResultSchema.parse(partial.structuredContent).added, 1);
});
