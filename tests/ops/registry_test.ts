import { z } from "zod";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { KitError } from "../../lib/errors.ts";
import { findOperation, OPERATIONS } from "../../ops/registry.ts";
import { parseInput } from "../../ops/run.ts";
import { COMMANDS } from "../../cli/metablooms.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";

const ROOT = new URL("../../", import.meta.url);

Deno.test("every operation is defined once, with object schemas and a snake_case verb-first name", () => {
  const names = OPERATIONS.map((op) => op.name);
  assertEquals(new Set(names).size, names.length);
  for (const op of OPERATIONS) {
    assert(/^[a-z]+(_[a-z0-9]+)+$/.test(op.name), op.name);
    assert(op.input instanceof z.ZodObject && op.output instanceof z.ZodObject, op.name);
    assert(op.title !== "" && op.description.length > 40, op.name);
    assertEquals(findOperation(op.name), op);
  }
});

Deno.test("every CLI and MCP spelling of an operation names fields its input schema has", () => {
  const problems: string[] = [];
  for (const op of OPERATIONS) {
    const fields = new Set(Object.keys((op.input as z.ZodObject).shape));
    const named = [
      ...(op.mcp === false ? [] : op.mcp.omit ?? []),
      ...(op.cli === false ? [] : [
        ...(op.cli.positionals ?? []).map((p) => p.field),
        ...Object.keys(op.cli.flags ?? {}),
      ]),
    ];
    for (const field of named) if (!fields.has(field)) problems.push(`${op.name}.${field}`);
  }
  assertEquals(problems, []);
});

Deno.test("each operation with a CLI spec is a command, a single-file script and a JSR export", async () => {
  const denoJson = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const exported = new Set(Object.values(denoJson.exports as Record<string, string>));
  for (const op of OPERATIONS) {
    if (op.cli === false) continue;
    const cli = op.cli;
    assert(COMMANDS.some((c) => c.name === cli.name && c.script === cli.script), cli.name);
    assert(exported.has(`./cli/${cli.script}`), cli.script);
  }
});

Deno.test("the MCP server lists exactly the operations offered over MCP, as they define themselves", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const { tools } = await pair.client.listTools();
  const offered = OPERATIONS.filter((op) => op.mcp !== false);
  assertEquals(tools.map((t) => t.name), offered.map((op) => op.name));
  for (const op of offered) {
    const tool = tools.find((t) => t.name === op.name)!;
    assertEquals([tool.title, tool.description], [op.title, op.description]);
    const { title: _, ...hints } = tool.annotations ?? {};
    assertEquals(hints, { ...op.hints });
    const omitted = op.mcp === false ? [] : op.mcp.omit ?? [];
    for (const field of omitted) {
      assertEquals(field in (tool.inputSchema.properties ?? {}), false, `${op.name}.${field}`);
    }
  }
});

Deno.test("parseInput() refuses input the schema refuses with USAGE, naming the field as the door calls it", () => {
  const op = findOperation("query_mips_index")!;
  const error = assertThrows(
    () => parseInput(op, { limit: 9999 }, { label: (f) => `--${f}` }),
    KitError,
  ) as KitError;
  assertEquals([error.code, error.exitCode, error.details?.field], ["USAGE", 2, "limit"]);
  assert(error.message.startsWith("Invalid --limit for query_mips_index:"), error.message);
  assertEquals(parseInput(op, undefined), {});
});
