import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { BootReportSchema, BootStatusSchema, SlotChangeSchema } from "../../schemas/boot.ts";
import { buildGenABundle } from "./_helpers.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";

const text = (r: unknown) => (r as { content: Array<{ text: string }> }).content[0]!.text;

Deno.test("the four boot tools are listed with their hints and output schemas", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const { tools } = await pair.client.listTools();
  const hints = (name: string) => {
    const tool = tools.find((t) => t.name === name);
    assert(tool, `${name} is registered`);
    assertEquals(tool.outputSchema?.type, "object");
    const a = tool.annotations!;
    return [a.readOnlyHint, a.destructiveHint, a.idempotentHint, a.openWorldHint];
  };
  assertEquals(hints("boot_image"), [false, false, false, false]);
  assertEquals(hints("boot_status"), [true, false, true, false]);
  assertEquals(hints("promote_slot"), [false, true, false, false]);
  assertEquals(hints("rollback_slot"), [false, true, false, false]);
});

Deno.test("boot_status returns the empty slots as structuredContent", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const result = await pair.client.callTool({ name: "boot_status", arguments: {} });
  const status = BootStatusSchema.parse(result.structuredContent);
  assertEquals([status.seq, status.bootable, status.data_dir], [0, null, env.config.dataDir]);
  assertMatch(text(result), /ACTIVE +\(empty\)/);
});

Deno.test("promote_slot and rollback_slot on empty slots are tool errors with the kit's code", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const promote = await pair.client.callTool({ name: "promote_slot", arguments: {} });
  assertEquals(promote.isError, true);
  assertMatch(text(promote), /^NO_CANDIDATE: /);
  const rollback = await pair.client.callTool({ name: "rollback_slot", arguments: {} });
  assertMatch(text(rollback), /^NO_ROLLBACK: /);
});

Deno.test("boot_image confines its path to the roots and reports a missing bundle as BOOT_FAILED", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const outside = await pair.client.callTool({
    name: "boot_image",
    arguments: { path: "/etc/passwd" },
  });
  assertEquals(outside.isError, true);
  assertMatch(text(outside), /^PATH_OUTSIDE_ROOTS: /);
  const missing = await pair.client.callTool({
    name: "boot_image",
    arguments: { path: `${env.dir}/none.zip` },
  });
  const report = BootReportSchema.parse(missing.structuredContent);
  assertEquals([report.signal, report.code], ["BOOT_FAILED", "BUNDLE_NOT_FOUND"]);
  assertMatch(text(missing), /^BOOT_FAILED: BUNDLE_NOT_FOUND/);
});

Deno.test("boot_image, promote_slot, boot_status and rollback_slot give the same results as the library", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const call = (name: string, args: Record<string, unknown> = {}) =>
    pair.client.callTool({ name, arguments: args });
  const one = await buildGenABundle(env.dir, "one");
  const two = await buildGenABundle(env.dir, "two", { overrides: { "docs/two.md": "two\n" } });
  const first = BootReportSchema.parse(
    (await call("boot_image", { path: one, promote: true })).structuredContent,
  );
  assertEquals([first.signal, first.slot.action], ["BOOT_OK", "promoted"]);
  const booted = await call("boot_image", { path: two });
  assertMatch(
    text(booted),
    /^BOOT_OK {2}MetaBlooms_OS_CANONICAL_v1_0_0-two_2026-01-10\.zip \(Gen A/,
  );
  const promoted = SlotChangeSchema.parse((await call("promote_slot")).structuredContent);
  assertEquals([promoted.after.ACTIVE?.bundle_name, promoted.after.ROLLBACK?.bundle_name], [
    "MetaBlooms_OS_CANONICAL_v1_0_0-two_2026-01-10.zip",
    "MetaBlooms_OS_CANONICAL_v1_0_0-one_2026-01-10.zip",
  ]);
  const status = BootStatusSchema.parse(
    (await call("boot_status", { verify: true })).structuredContent,
  );
  assertEquals([status.bootable, status.slots.ACTIVE?.verify?.ok], ["ACTIVE", true]);
  const back = SlotChangeSchema.parse((await call("rollback_slot")).structuredContent);
  assertEquals(back.after.ACTIVE?.boot_id, first.boot_id);
});
