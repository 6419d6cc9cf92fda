import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../_assert.ts";
import {
  BuildResultSchema,
  ExtractResultSchema,
  InspectionSchema,
  VerdictSchema,
} from "../../schemas/bundle.ts";
import { writeGenATree } from "../fixtures/os_tree.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";

const text = (r: unknown) => (r as { content: Array<{ text: string }> }).content[0]!.text;

Deno.test("the bundle tools build, validate, inspect and extract through a real MCP client", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const { tools } = await pair.client.listTools();
  for (const name of ["validate_bundle", "inspect_bundle", "build_bundle", "extract_bundle"]) {
    const tool = tools.find((t) => t.name === name);
    assertEquals(tool?.outputSchema?.type, "object", name);
  }
  const src = join(env.dir, "src");
  await writeGenATree(src);
  const built = await pair.client.callTool({
    name: "build_bundle",
    arguments: {
      path: src,
      version: "v7.5.0",
      output_path: join(env.dir, "dist"),
      date: "2026-01-10",
    },
  });
  const build = BuildResultSchema.parse(built.structuredContent);
  assertMatch(text(built), /^BUILT: /);
  const validated = await pair.client.callTool({
    name: "validate_bundle",
    arguments: { path: build.bundle_path, strict: true },
  });
  const verdict = VerdictSchema.parse(validated.structuredContent);
  assertEquals([verdict.ok, verdict.strict, verdict.identity.sha256], [true, true, build.sha256]);
  const inspected = await pair.client.callTool({
    name: "inspect_bundle",
    arguments: { path: build.bundle_path, entry: "boot_manifest.json" },
  });
  assertEquals(
    JSON.parse(InspectionSchema.parse(inspected.structuredContent).content!.content).success_signal,
    "BOOT_OK",
  );
  const extracted = await pair.client.callTool({
    name: "extract_bundle",
    arguments: { path: build.bundle_path, dest_path: join(env.dir, "live") },
  });
  assertEquals(ExtractResultSchema.parse(extracted.structuredContent).files, build.file_count);
});

Deno.test("the bundle tools confine paths to the roots and return kit error codes", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const outside = await pair.client.callTool({
    name: "validate_bundle",
    arguments: { path: "/etc/passwd" },
  });
  assertEquals(outside.isError, true);
  assertMatch(text(outside), /^PATH_OUTSIDE_ROOTS: /);
  const escape = await pair.client.callTool({
    name: "extract_bundle",
    arguments: { path: join(env.dir, "x.zip"), dest_path: "/tmp/evil" },
  });
  assertMatch(text(escape), /^PATH_OUTSIDE_ROOTS: /);
  const missing = await pair.client.callTool({
    name: "inspect_bundle",
    arguments: { path: join(env.dir, "none.zip") },
  });
  assertMatch(text(missing), /^BUNDLE_NOT_FOUND: /);
  await Deno.writeTextFile(join(env.dir, "notes.zip"), "plain text");
  const notZip = await pair.client.callTool({
    name: "validate_bundle",
    arguments: { path: join(env.dir, "notes.zip") },
  });
  const verdict = VerdictSchema.parse(notZip.structuredContent);
  assert(!verdict.ok && !verdict.readable);
});
