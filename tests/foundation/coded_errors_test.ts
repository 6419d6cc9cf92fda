import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { runCliScript } from "../_cli.ts";
import { writeGenATree } from "../fixtures/os_tree.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";
import { buildBundle } from "../../lib/bundle/build.ts";
import type { CallToolResult } from "../_mcp_client.ts";
import { modelForPersona } from "../../lib/llm/personas.ts";
import { queryMipsIndex } from "../../lib/ltm/query.ts";
import type { KitError } from "../../lib/errors.ts";

const LONG = "a".repeat(300);

/** A temp folder with a folder, a dangling link, a bundle and a source tree. */
async function scene(dir: string) {
  await Deno.mkdir(join(dir, "folder"));
  await Deno.symlink(join(dir, "nowhere"), join(dir, "dangling"));
  await writeGenATree(join(dir, "tree"));
  const built = await buildBundle(join(dir, "tree"), { version: "v1.0.0", output: dir });
  return { bundle: built.bundle_path };
}

/** The kit error code of an MCP tool result. */
function codeOf(result: CallToolResult): string {
  assert(result.isError, `not an error: ${JSON.stringify(result.structuredContent)}`);
  const text = result.content[0]?.type === "text" ? result.content[0].text : "";
  return text.split(":")[0]!;
}

Deno.test("bad paths give their own code and exit 2 from the CLI scripts: a folder, a long name, a dangling link, a huge offset", async () => {
  await using env = await testEnv();
  const { bundle } = await scene(env.dir);
  const cases: Array<[string, string[], string]> = [
    ["inspect_bundle.ts", ["folder"], "BUNDLE_IS_DIRECTORY"],
    ["verify_ledger.ts", ["folder"], "PATH_IS_DIRECTORY"],
    ["inspect_bundle.ts", [`${LONG}.zip`], "PATH_TOO_LONG"],
    ["extract_bundle.ts", [bundle, "dangling/out"], "DEST_NOT_A_DIRECTORY"],
    [
      "build_bundle.ts",
      ["tree", "--version", "v1.0.1", "--output", "dangling/sub"],
      "OUTPUT_NOT_A_DIRECTORY",
    ],
    // The operation's input schema refuses it before the query runs.
    ["query_mips_index.ts", ["x", "--offset", "99999999999999999999"], "USAGE"],
  ];
  const runs = [];
  for (const [script, args] of cases) {
    runs.push(
      await runCliScript(`cli/${script}`, [...args, "--data-dir", join(env.dir, "data")], {
        cwd: env.dir,
      }),
    );
  }
  const last = (text: string) => text.trim().split("\n").at(-1) ?? "";
  runs.forEach((run, i) => {
    const [script, args, code] = cases[i]!;
    const what = `${script} ${args.join(" ")}`;
    assertMatch(last(run.stderr), new RegExp(`^${code}: `), `${what}: ${run.stderr}`);
    assertEquals(run.code, 2, what);
  });
  assertMatch(runs[3]!.stderr, /dangling is a symbolic link to nothing/);
  assertMatch(runs[5]!.stderr, /--offset/);
});

Deno.test("the same bad paths give the same codes through MCP tools", async () => {
  await using env = await testEnv();
  const { bundle } = await scene(env.dir);
  await using pair = await connectInMemory(env.deps);
  const call = async (name: string, args: Record<string, unknown>) =>
    codeOf(await pair.client.callTool({ name, arguments: args }) as CallToolResult);
  const at = (p: string) => join(env.dir, p);
  assertEquals(await call("inspect_bundle", { path: at("folder") }), "BUNDLE_IS_DIRECTORY");
  assertEquals(await call("verify_ledger", { path: at("folder") }), "PATH_IS_DIRECTORY");
  assertEquals(await call("inspect_bundle", { path: at(`${LONG}.zip`) }), "PATH_TOO_LONG");
  assertEquals(
    await call("extract_bundle", { path: bundle, dest_path: at("dangling/out") }),
    "DEST_NOT_A_DIRECTORY",
  );
  assertEquals(
    await call("build_bundle", {
      path: at("tree"),
      version: "v1.0.1",
      output_path: at("dangling/x"),
    }),
    "OUTPUT_NOT_A_DIRECTORY",
  );
  // The schema refuses an offset beyond the safe integers before the tool runs.
  const query = await pair.client.callTool({
    name: "query_mips_index",
    arguments: { text: "x", offset: 1e20 },
  }) as CallToolResult;
  assert(query.isError);
  assertMatch(JSON.stringify(query.content), /-32602|Input validation/);
});

Deno.test("names like constructor, toString and __proto__ are unknown names to resources, completions, tools and prompts", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const { client } = pair;
  for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
    const read = await client.readResource({ uri: `metablooms://audit/${name}` }).then(
      () => "read",
      (e: Error) => e.message,
    );
    assertMatch(read, /AUDIT_LOG_NOT_FOUND/, name);
    for (
      const ref of [
        { type: "ref/prompt" as const, name: "what_do_we_know_about" },
        { type: "ref/prompt" as const, name },
        { type: "ref/resource" as const, uri: "metablooms://audit/{log}" },
      ]
    ) {
      const { completion } = await client.complete({ ref, argument: { name, value: "" } });
      assertEquals(completion.values, [], `${JSON.stringify(ref)} / ${name}`);
    }
    const tool = await client.callTool({ name, arguments: {} }) as CallToolResult;
    assertMatch(JSON.stringify(tool.content), new RegExp(`Tool ${name} not found`));
    const prompt = await client.getPrompt({ name }).then(() => "got", (e: Error) => e.message);
    assertMatch(prompt, new RegExp(`Prompt ${name} not found`));
  }
});

Deno.test("a persona named constructor or toString uses the default model, not an Object method", () => {
  const ollama = { model: "llama3.2", personas: { BRICK: "qwen2.5-coder:7b" } };
  for (const persona of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
    assertEquals(modelForPersona(ollama, persona), "llama3.2", persona);
  }
  assertEquals(modelForPersona(ollama, "brick"), "qwen2.5-coder:7b");
});

Deno.test("queryMipsIndex() refuses an offset beyond the safe integers with QUERY_OFFSET_OUT_OF_RANGE", async () => {
  await using env = await testEnv();
  for (const offset of [1e20, Number.MAX_SAFE_INTEGER + 2, Infinity, NaN]) {
    const error = await Promise.resolve().then(() => queryMipsIndex(env.store, { offset })).then(
      () => undefined,
      (e: KitError) => e,
    );
    assertEquals([error?.code, error?.exitCode], ["QUERY_OFFSET_OUT_OF_RANGE", 2], String(offset));
  }
});
