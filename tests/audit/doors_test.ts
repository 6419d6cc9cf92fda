import { join } from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { runCliScript } from "../_cli.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";
import { ingestAuditLog } from "../../lib/catalog/ingest.ts";
import { runScenario, writeLog } from "./_scenario.ts";

type ToolResult = { structuredContent?: unknown; content?: unknown; isError?: boolean };
const text = (r: ToolResult) => (r.content as Array<{ text: string }>)[0]!.text;

const { records } = await runScenario();

Deno.test("audit_report: the CLI and MCP give the same report, from a log file and from the catalog", async () => {
  await using env = await testEnv();
  const log = await writeLog(env.dir, records);
  await using pair = await connectInMemory(env.deps);
  const cliEnv = { env: { MB_DATA_DIR: env.config.dataDir }, cwd: env.dir };
  const empty = await pair.client.callTool({ name: "audit_report", arguments: {} }) as ToolResult;
  assert(text(empty).includes("run `metablooms audit-ingest` first"), text(empty));
  await ingestAuditLog(env.store, { file: log });
  for (const args of [{ log }, {}] as { log?: string }[]) {
    const mcp = await pair.client.callTool({ name: "audit_report", arguments: args }) as ToolResult;
    assertEquals(mcp.isError, undefined, text(mcp));
    const cli = await runCliScript(
      "cli/audit_report.ts",
      [...(args.log ? ["--log", args.log] : []), "--json"],
      cliEnv,
    );
    assertEquals(cli.code, 0, cli.stderr);
    assertEquals(JSON.parse(cli.stdout), mcp.structuredContent);
    const report = mcp.structuredContent as {
      totals: { cycles: number };
      source: { kind: string };
    };
    assertEquals([report.totals.cycles, report.source.kind], [5, args.log ? "log" : "catalog"]);
    assert(text(mcp).includes("Where cycles fail"), text(mcp));
  }
  // --svg writes the chart; the human rendering names it.
  const svg = join(env.dir, "chart.svg");
  const cli = await runCliScript("cli/audit_report.ts", ["--svg", svg], cliEnv);
  assertEquals(cli.code, 0, cli.stderr);
  assert(cli.stdout.includes(`chart: ${svg}`), cli.stdout);
  assert((await Deno.readTextFile(svg)).startsWith("<svg "));
});

Deno.test("export_finetune: the CLI and MCP write the same file and give the same result", async () => {
  await using env = await testEnv();
  const log = await writeLog(env.dir, records);
  const out = join(env.dir, "ft.jsonl");
  await using pair = await connectInMemory(env.deps);
  const mcp = await pair.client.callTool({
    name: "export_finetune",
    arguments: { log, out, format: "prompt-completion" },
  }) as ToolResult;
  assertEquals(mcp.isError, undefined, text(mcp));
  const written = await Deno.readTextFile(out);
  const cli = await runCliScript(
    "cli/export_finetune.ts",
    ["--log", log, "--out", out, "--format", "prompt-completion", "--json"],
    { env: { MB_DATA_DIR: env.config.dataDir }, cwd: env.dir },
  );
  assertEquals(cli.code, 0, cli.stderr);
  assertEquals(JSON.parse(cli.stdout), mcp.structuredContent);
  assertEquals(await Deno.readTextFile(out), written);
  assert(text(mcp).startsWith("dataset with 2 examples ready for review"), text(mcp));
  // Over MCP, paths stay inside the roots.
  const outside = await pair.client.callTool({
    name: "export_finetune",
    arguments: { log, out: "/etc/ft.jsonl" },
  }) as ToolResult;
  assertEquals([outside.isError, text(outside).split(":")[0]], [true, "PATH_OUTSIDE_ROOTS"]);
});
