import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { runCliScript } from "../_cli.ts";
import { IndexRunResultSchema } from "../../schemas/ltm.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";
import type { CallToolResult } from "../_mcp_client.ts";

/** An LTM folder with one flat delta. */
async function ltmWith(dir: string, id: string): Promise<string> {
  await Deno.mkdir(join(dir, "deltas", "2026-01"), { recursive: true });
  await Deno.writeTextFile(
    join(dir, "deltas", "2026-01", `${id}.mips.json`),
    JSON.stringify({ delta_id: id, status: "ACTIVE" }),
  );
  return dir;
}

Deno.test("reindex_ltm refuses a folder other than the indexed one unless replace is true, and says it is destructive", async () => {
  await using env = await testEnv();
  const one = await ltmWith(join(env.dir, "one"), "A_v1");
  const two = await ltmWith(join(env.dir, "two"), "B_v1");
  await using pair = await connectInMemory(env.deps);
  const { client } = pair;
  const tool = (await client.listTools()).tools.find((t) => t.name === "reindex_ltm");
  assertEquals(tool?.annotations?.destructiveHint, true);
  assertMatch(tool?.description ?? "", /replace/);

  assert(!(await client.callTool({ name: "reindex_ltm", arguments: { path: one } })).isError);
  const refused = await client.callTool({
    name: "reindex_ltm",
    arguments: { path: two },
  }) as CallToolResult;
  assert(refused.isError);
  assertMatch(
    JSON.stringify(refused.content),
    /^\[\{"type":"text","text":"LTM_INDEX_OTHER_FOLDER: /,
  );
  const kept = await client.callTool({ name: "query_mips_index", arguments: {} });
  assertEquals(
    (kept.structuredContent as { results: Array<{ module_id: string }> }).results[0]?.module_id,
    "A_v1",
  );

  const replaced = await client.callTool({
    name: "reindex_ltm",
    arguments: { path: two, replace: true },
  });
  assert(!replaced.isError, JSON.stringify(replaced.content));
  assertEquals(IndexRunResultSchema.parse(replaced.structuredContent).modules, 1);
});

Deno.test("metablooms index exits 2 for another folder and replaces the index with --replace", async () => {
  await using env = await testEnv();
  const one = await ltmWith(join(env.dir, "one"), "A_v1");
  const two = await ltmWith(join(env.dir, "two"), "B_v1");
  const index = (args: string[]) =>
    runCliScript("cli/reindex_ltm.ts", [...args, "--data-dir", join(env.dir, "data")], {
      cwd: env.dir,
    });
  assertEquals((await index([one])).code, 0);
  const refused = await index([two]);
  assertEquals(refused.code, 2);
  assertMatch(refused.stderr.trim().split("\n").at(-1)!, /^LTM_INDEX_OTHER_FOLDER: .*--replace/);
  const replaced = await index([two, "--replace"]);
  assertEquals(replaced.code, 0, replaced.stderr);
});
