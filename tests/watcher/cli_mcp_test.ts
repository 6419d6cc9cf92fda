import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { IngestResultSchema, WatchReportSchema } from "../../schemas/watcher.ts";
import { createContext } from "../../ops/context.ts";
import { connectInMemory } from "../mcp/_helpers.ts";
import { delta, download, exists, world } from "./_fixture.ts";
import { type CliRun, runCliScript } from "../_cli.ts";

/** Runs `metablooms <args>` in a clean environment pointing at the world's folders. */
function cli(w: Awaited<ReturnType<typeof world>>, args: string[]): Promise<CliRun> {
  return runCliScript("cli/metablooms.ts", args, {
    cwd: w.base,
    env: {
      MB_DATA_DIR: w.config.dataDir,
      MB_LTM_DIR: w.ltm,
      MB_WATCH_DIR: join(w.base, "unused"),
      ...w.env,
    },
  });
}

Deno.test("`metablooms watch --once --dir` logs [OK]/[FAIL] lines and exits 1 when it quarantined a file", async () => {
  await using w = await world();
  await download(w, "MB__good.mips.json", delta("GOOD"));
  await download(w, "MB__bad.mips.json", "{");
  const { code, stdout, stderr } = await cli(w, ["watch", "--once", "--dir", w.downloads]);
  assertEquals(code, 1, stderr);
  assertMatch(
    stderr,
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \[OK\] Ingested MB__good\.mips\.json → deltas\/\d{4}-\d\d\/MB__good\.mips\.json/m,
  );
  assertMatch(stderr, /\[FAIL\] Quarantined MB__bad\.mips\.json: MIPS_UNPARSEABLE/);
  assertMatch(stderr, /\[OK\] Pushed 1 commit/);
  assertMatch(stdout, /1 ingested, 0 duplicate\(s\), 1 quarantined/);
  assert(await exists(join(w.downloads, "MB_QUARANTINE", "MB__bad.mips.json.reason.json")));
});

Deno.test("`metablooms watch --once --json` prints only the run report and exits 0 when all went in", async () => {
  await using w = await world();
  await download(w, "MB__one.mips.json", delta("ONE"));
  const { code, stdout, stderr } = await cli(w, [
    "watch",
    "--once",
    "--json",
    "--dir",
    w.downloads,
  ]);
  assertEquals(code, 0, stderr);
  assertEquals(stderr, "");
  const report = WatchReportSchema.parse(JSON.parse(stdout));
  assertEquals([report.once, report.ingested, report.pending_push], [true, 1, 0]);
});

Deno.test("`metablooms ingest --json` files a file from anywhere and leaves the source in place", async () => {
  await using w = await world();
  const src = join(w.base, "MB__cli.mips.json");
  await Deno.writeTextFile(src, delta("CLI"));
  const { code, stdout, stderr } = await cli(w, ["ingest", src, "--json"]);
  assertEquals(code, 0, stderr);
  const result = IngestResultSchema.parse(JSON.parse(stdout));
  assertEquals([result.status, result.source_removed, result.git?.push_status], [
    "ingested",
    false,
    "pushed",
  ]);
  assert(await exists(src));
  const again = await cli(w, ["ingest", src]);
  assertEquals(again.code, 0);
  assertMatch(again.stdout, /^duplicate MB__cli\.mips\.json/);
});

Deno.test("the MCP tool ingest_delta returns the IngestResult and refuses paths outside the roots", async () => {
  await using w = await world();
  await using deps = createContext(w.config, { door: "mcp" });
  await using pair = await connectInMemory(deps);
  const { tools } = await pair.client.listTools();
  const tool = tools.find((t) => t.name === "ingest_delta");
  assert(tool, "ingest_delta is registered");
  assertEquals(tool.annotations?.readOnlyHint, false);
  assertEquals(tool.annotations?.openWorldHint, true);
  assertEquals(tool.outputSchema?.type, "object");
  const src = await download(w, "MB__mcp.mips.json", delta("MCP"));
  const result = await pair.client.callTool({ name: "ingest_delta", arguments: { path: src } });
  assertEquals(result.isError, undefined);
  const ingest = IngestResultSchema.parse(result.structuredContent);
  assertEquals([ingest.status, ingest.git?.pushed], ["ingested", true]);
  assertMatch(
    (result.content as Array<{ text: string }>)[0]!.text,
    /^ingested MB__mcp\.mips\.json as deltas\//,
  );
  const outside = await pair.client.callTool({
    name: "ingest_delta",
    arguments: { path: "/etc/hostname" },
  });
  assertEquals(outside.isError, true);
  assertMatch((outside.content as Array<{ text: string }>)[0]!.text, /^PATH_OUTSIDE_ROOTS/);
});
