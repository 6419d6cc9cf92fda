import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { join } from "node:path";
import { makeSampleLtm } from "../../scripts/make_sample_ltm.ts";
import {
  GraphRunResultSchema,
  IndexRunResultSchema,
  MipsDeltaSchema,
  MipsQueryResultSchema,
} from "../../schemas/ltm.ts";
import { LedgerVerifyResultSchema } from "../../schemas/state.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";

type Content = Array<{ type: string; text?: string }>;

Deno.test("LTM MCP tools answer through a real SDK client with structuredContent matching their schemas", async () => {
  await using env = await testEnv();
  const ltm = join(env.dir, "ltm");
  await makeSampleLtm(ltm);
  await using pair = await connectInMemory(env.deps);
  const { client } = pair;
  const names = (await client.listTools()).tools.map((t) => t.name);
  for (
    const n of ["query_mips_index", "get_mips_delta", "reindex_ltm", "ltm_graph", "verify_ledger"]
  ) {
    assert(names.includes(n), n);
  }

  const failed = await client.callTool({ name: "reindex_ltm", arguments: { path: ltm } });
  assert(failed.isError);
  assertMatch((failed.content as Content)[0]!.text!, /^INDEX_INCOMPLETE: /);

  const indexed = await client.callTool({
    name: "reindex_ltm",
    arguments: { path: ltm, quarantine: true, export_path: join(env.dir, "export") },
  });
  assert(!indexed.isError, JSON.stringify(indexed.content));
  const report = IndexRunResultSchema.parse(indexed.structuredContent);
  assertEquals([report.added, report.modules, report.export?.modules], [1, 19, 19]); // 18 were indexed by the failed run

  const found = await client.callTool({
    name: "query_mips_index",
    arguments: { text: "lamp", limit: 5 },
  });
  const hits = MipsQueryResultSchema.parse(found.structuredContent);
  assertEquals(hits.results[0]?.module_id, "MetaBlooms_DELTA_LampCheck_20260110T120000Z");

  const delta = await client.callTool({
    name: "get_mips_delta",
    arguments: { id: "MB__DOC__Demo_v1" },
  });
  const d = MipsDeltaSchema.parse(delta.structuredContent);
  assertEquals([d.record.format, d.record.hash_recipe], ["M-html", "R11"]);

  const missing = await client.callTool({ name: "get_mips_delta", arguments: { id: "nope" } });
  assert(missing.isError);

  const graph = GraphRunResultSchema.parse(
    (await client.callTool({ name: "ltm_graph", arguments: {} })).structuredContent,
  );
  assertEquals(graph.edges.length, 4);

  const ledger = await client.callTool({
    name: "verify_ledger",
    arguments: { path: join(ltm, "ledger", "ledger.ndjson") },
  });
  assertEquals(LedgerVerifyResultSchema.parse(ledger.structuredContent).ok, true);

  const outside = await client.callTool({
    name: "verify_ledger",
    arguments: { path: "/etc/passwd" },
  });
  assert(outside.isError);
  assertMatch((outside.content as Content)[0]!.text!, /^PATH_OUTSIDE_ROOTS/);
});
