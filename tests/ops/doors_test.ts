import { join } from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { runCliScript } from "../_cli.ts";
import { writeGenATree } from "../fixtures/os_tree.ts";
import { startFakeOllama } from "../fixtures/ollama_server.ts";
import { createContext } from "../../ops/context.ts";
import { llmStatusOp } from "../../ops/llm_status.ts";
import { findOperation } from "../../ops/registry.ts";
import { runOperation } from "../../ops/run.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";

type ToolResult = { structuredContent?: unknown; content?: unknown; isError?: boolean };
const text = (r: ToolResult) => (r.content as Array<{ text: string }>)[0]!.text;

Deno.test("verify_ledger gives the same result object through the CLI, MCP and runOperation", async () => {
  await using env = await testEnv();
  const ledger = join(env.dir, "ledger.ndjson");
  const line = { event_id: "evt_000001", ts_utc: "2026-01-10T00:00:00Z", sha256: "0".repeat(64) };
  await Deno.writeTextFile(ledger, JSON.stringify(line) + "\n");
  const cli = await runCliScript("cli/verify_ledger.ts", [ledger, "--json"], { cwd: env.dir });
  assertEquals(cli.code, 1, cli.stderr);
  await using pair = await connectInMemory(env.deps);
  const mcp = await pair.client.callTool({ name: "verify_ledger", arguments: { path: ledger } });
  await using web = createContext(env.config, { door: "web", cwd: env.dir });
  const direct = await runOperation(findOperation("verify_ledger")!, { path: ledger }, web);
  assertEquals(direct.ok, false);
  assertEquals(JSON.parse(cli.stdout), direct);
  assertEquals(mcp.structuredContent, direct);
});

Deno.test("build_bundle without an output path builds into <data-dir>/bundles/built on the CLI and over MCP alike", async () => {
  await using env = await testEnv();
  const src = join(env.dir, "src");
  await writeGenATree(src);
  const args = { path: src, version: "v7.5.0", date: "2026-01-10" };
  await using pair = await connectInMemory(env.deps);
  const mcp = await pair.client.callTool({ name: "build_bundle", arguments: args });
  assertEquals(mcp.isError, undefined, text(mcp as ToolResult));
  const cli = await runCliScript(
    "cli/build_bundle.ts",
    [src, "--version", args.version, "--date", args.date, "--json"],
    { cwd: env.dir, env: { MB_DATA_DIR: env.config.dataDir } },
  );
  assertEquals(cli.code, 0, cli.stderr);
  const built = JSON.parse(cli.stdout);
  assert(built.bundle_path.startsWith(join(env.config.dataDir, "bundles", "built") + "/"));
  assertEquals(mcp.structuredContent, built);
});

Deno.test("llm_status's MCP text is the one rendering `metablooms doctor` prints", async () => {
  await using ollama = await startFakeOllama();
  await using env = await testEnv({ ollama: { host: ollama.url } });
  await using pair = await connectInMemory(env.deps);
  const result = await pair.client.callTool({ name: "llm_status", arguments: {} }) as ToolResult;
  const report = result.structuredContent as Parameters<typeof llmStatusOp.render>[0];
  assertEquals(text(result), llmStatusOp.render(report));
  assert(text(result).includes("Installed models (") && text(result).endsWith("can work."));
});
