import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { join } from "node:path";
import { MIPS_VECTORS } from "../fixtures/mips_vectors.ts";
import { writeGenATree } from "../fixtures/os_tree.ts";
import { buildBundle } from "../../lib/bundle/build.ts";
import type { CallToolResult } from "../_mcp_client.ts";
import { connectInMemory, type InMemoryPair, type TestEnv, testEnv } from "./_helpers.ts";

const BLUE = "MB__03_DELTA__BlueWidgets_v1";

/** A data directory whose LTM holds the spec's example deltas, indexed through `reindex_ltm`. */
async function ltmEnv(): Promise<TestEnv> {
  const env = await testEnv();
  const month = join(env.config.ltmDir, "deltas", "2026-01");
  await Deno.mkdir(month, { recursive: true });
  for (const vector of MIPS_VECTORS) {
    await Deno.writeTextFile(join(month, vector.name), vector.text);
  }
  return env;
}

async function reindex(pair: InMemoryPair): Promise<void> {
  const result = await pair.client.callTool({
    name: "reindex_ltm",
    arguments: { quarantine: true },
  });
  assertEquals(result.isError, undefined, JSON.stringify(result.content));
}

function text(result: { contents: Array<{ uri: string } & Record<string, unknown>> }): string {
  const first = result.contents[0];
  return first && typeof first.text === "string" ? first.text : "";
}

async function readError(pair: InMemoryPair, uri: string): Promise<string> {
  try {
    await pair.client.readResource({ uri });
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}

Deno.test("resource templates for slots, bundles, MIPS deltas and audit logs are listed", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const { resourceTemplates } = await pair.client.listResourceTemplates();
  assertEquals(resourceTemplates.map((t) => t.uriTemplate).sort(), [
    "metablooms://audit/{log}",
    "metablooms://bundles/{name}",
    "metablooms://mips/{module_id}",
    "metablooms://slots/{slot}",
  ]);
  for (const template of resourceTemplates) {
    assert(template.description && template.mimeType === "application/json", template.name);
  }
});

Deno.test("metablooms://mips/{module_id} lists, reads and completes indexed deltas", async () => {
  await using env = await ltmEnv();
  await using pair = await connectInMemory(env.deps);
  await reindex(pair);
  const { resources } = await pair.client.listResources();
  assert(resources.some((r) => r.uri === `metablooms://mips/${BLUE}`), "delta not listed");
  const delta = JSON.parse(
    text(await pair.client.readResource({ uri: `metablooms://mips/${BLUE}` })),
  );
  assertEquals(delta.module_id, BLUE);
  assertEquals(delta.path, `deltas/2026-01/${BLUE}.mips.json`);
  assertMatch(await readError(pair, "metablooms://mips/NoSuchModule"), /MIPS_NOT_FOUND/);
  const completion = await pair.client.complete({
    ref: { type: "ref/resource", uri: "metablooms://mips/{module_id}" },
    argument: { name: "module_id", value: "bluew" },
  });
  assertEquals(completion.completion.values, [BLUE]);
});

Deno.test("metablooms://slots/{slot} reads an empty slot, refuses a bad name, and completes the three names", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const active = JSON.parse(
    text(await pair.client.readResource({ uri: "metablooms://slots/ACTIVE" })),
  );
  assertEquals(active, { slot: "ACTIVE", empty: true });
  const all = JSON.parse(text(await pair.client.readResource({ uri: "metablooms://slots" })));
  assertEquals(all.seq, 0);
  assertMatch(await readError(pair, "metablooms://slots/SIDEWAYS"), /SLOT_NOT_FOUND/);
  const completion = await pair.client.complete({
    ref: { type: "ref/resource", uri: "metablooms://slots/{slot}" },
    argument: { name: "slot", value: "c" },
  });
  // Prefix matches first, then the other names containing "c", each group alphabetical.
  assertEquals(completion.completion.values, ["CANDIDATE", "ACTIVE", "ROLLBACK"]);
});

Deno.test("metablooms://audit/{log} shows a ledger's chain verdict and its entries", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const missing = JSON.parse(
    text(await pair.client.readResource({ uri: "metablooms://audit/events" })),
  );
  assertEquals(missing.exists, false);
  const line =
    '{"event_id":"evt_000001","ts_utc":"2026-01-10T12:00:00Z","event_type":"SYSTEM_INIT","payload":{"kind":"system_init","detail":"demo ledger"},"sha256":"45bfb3930d5e2e8112b774a1420e1dc24b561a23e35a039787e23ecc74e127f4","prev_sha256":null}\n';
  await Deno.mkdir(join(env.config.ltmDir, "ledger"), { recursive: true });
  await Deno.writeTextFile(join(env.config.ltmDir, "ledger", "ledger.ndjson"), line);
  const { resources } = await pair.client.listResources();
  assert(resources.some((r) => r.uri === "metablooms://audit/events"));
  const log = JSON.parse(
    text(await pair.client.readResource({ uri: "metablooms://audit/events" })),
  );
  assertEquals([log.exists, log.total, log.chain.ok, log.entries[0].event_id], [
    true,
    1,
    true,
    "evt_000001",
  ]);
  assertMatch(await readError(pair, "metablooms://audit/passwords"), /AUDIT_LOG_NOT_FOUND/);
});

Deno.test("prompts boot_and_report and what_do_we_know_about are listed with their arguments", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const { prompts } = await pair.client.listPrompts();
  const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
  assertEquals(byName.what_do_we_know_about?.arguments?.map((a) => [a.name, a.required]), [
    ["topic", true],
  ]);
  assertEquals(byName.boot_and_report?.arguments?.map((a) => [a.name, a.required]), [
    ["path", false],
  ]);
});

Deno.test("what_do_we_know_about quotes the index's matches and completes topics from it", async () => {
  await using env = await ltmEnv();
  await using pair = await connectInMemory(env.deps);
  await reindex(pair);
  const prompt = await pair.client.getPrompt({
    name: "what_do_we_know_about",
    arguments: { topic: "widgets" },
  });
  const body = prompt.messages[0]?.content.type === "text" ? prompt.messages[0].content.text : "";
  assertMatch(body, /query_mips_index/);
  assert(body.includes(`- ${BLUE} (`), body);
  const completion = await pair.client.complete({
    ref: { type: "ref/prompt", name: "what_do_we_know_about" },
    argument: { name: "topic", value: "tea" },
  });
  assertEquals(completion.completion.values, ["TeaTimer"]);
});

Deno.test("boot_and_report names the bundle, the tools to call and the current slots; completes bundle paths", async () => {
  await using env = await testEnv();
  await Deno.writeTextFile(join(env.dir, "MetaBlooms_OS_demo.zip"), "not really a zip");
  await using pair = await connectInMemory(env.deps);
  const prompt = await pair.client.getPrompt({
    name: "boot_and_report",
    arguments: { path: join(env.dir, "MetaBlooms_OS_demo.zip") },
  });
  const body = prompt.messages[0]?.content.type === "text" ? prompt.messages[0].content.text : "";
  assertMatch(body, /^Boot the MetaBlooms OS bundle MetaBlooms_OS_demo\.zip/);
  assertMatch(body, /`validate_bundle`[\s\S]*`boot_image`[\s\S]*`boot_status`/);
  assertMatch(body, /Slots now: ACTIVE empty; ROLLBACK empty; CANDIDATE empty/);
  const completion = await pair.client.complete({
    ref: { type: "ref/prompt", name: "boot_and_report" },
    argument: { name: "path", value: "metablooms_os" },
  });
  assertEquals(completion.completion.values, [join(env.dir, "MetaBlooms_OS_demo.zip")]);
});

Deno.test("tool results of the bundle, LTM and boot tools validate against their output schemas in the SDK client", async () => {
  await using env = await ltmEnv();
  await using pair = await connectInMemory(env.deps);
  await reindex(pair);
  await writeGenATree(join(env.dir, "tree"));
  const built = await buildBundle(join(env.dir, "tree"), { version: "v1.0.0", output: env.dir });
  const calls: Array<[string, Record<string, unknown>]> = [
    ["validate_bundle", { path: built.bundle_path }],
    ["inspect_bundle", { path: built.bundle_path }],
    ["query_mips_index", { text: "widgets" }],
    ["get_mips_delta", { id: BLUE }],
    ["ltm_graph", {}],
    ["boot_status", {}],
  ];
  for (const [name, args] of calls) {
    // The SDK client checks structuredContent against the tool's outputSchema and throws if not.
    const result = await pair.client.callTool({ name, arguments: args }) as CallToolResult;
    assertEquals(result.isError, undefined, `${name}: ${JSON.stringify(result.content)}`);
    assert(result.structuredContent && result.content[0]?.type === "text", name);
  }
  const missing = await pair.client.callTool({ name: "get_mips_delta", arguments: { id: "Nope" } });
  assertEquals(missing.isError, true);
  assertEquals(
    (missing._meta?.["metablooms/error"] as { code: string } | undefined)?.code,
    "MIPS_NOT_FOUND",
  );
});

Deno.test("metablooms://bundles/{name} inspects a bundle booted through boot_image and names its slot", async () => {
  await using env = await testEnv();
  await writeGenATree(join(env.dir, "tree"));
  const built = await buildBundle(join(env.dir, "tree"), { version: "v1.2.3", output: env.dir });
  await using pair = await connectInMemory(env.deps);
  const boot = await pair.client.callTool({
    name: "boot_image",
    arguments: { path: built.bundle_path },
  });
  assertEquals((boot.structuredContent as { signal?: string }).signal, "BOOT_OK");
  const name = built.bundle_path.split("/").at(-1)!;
  const { resources } = await pair.client.listResources();
  assert(resources.some((r) => r.uri === `metablooms://bundles/${name}`), "bundle not listed");
  const bundle = JSON.parse(
    text(await pair.client.readResource({ uri: `metablooms://bundles/${name}` })),
  );
  assertEquals([bundle.sha256, bundle.slots, bundle.generation], [
    built.sha256,
    ["CANDIDATE"],
    "A",
  ]);
  assertMatch(await readError(pair, "metablooms://bundles/other.zip"), /BUNDLE_NOT_FOUND/);
  const completion = await pair.client.complete({
    ref: { type: "ref/resource", uri: "metablooms://bundles/{name}" },
    argument: { name: "name", value: "metablooms" },
  });
  assertEquals(completion.completion.values, [name]);
});
