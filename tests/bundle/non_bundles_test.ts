import { assertEquals } from "../_assert.ts";
import { validateBundle } from "../../lib/bundle/validate.ts";
import { writeLaterZip } from "../fixtures/later/samples.ts";
import { tempDir } from "./_helpers.ts";

const counts = (c: { verified: number; stale: number; absent: number }) => [
  c.verified,
  c.stale,
  c.absent,
];

Deno.test("validateBundle() checks what a non-bundle zip claims: export receipts, bound receipts, tool manifests", async () => {
  await using dir = await tempDir();
  const exported = await validateBundle(
    await writeLaterZip("engine_export", `${dir.path}/x.zip`, {
      omit: ["STAGES.py"],
    }),
  );
  assertEquals(exported.identity.kind, "ENGINE_EXPORT");
  assertEquals(counts(exported.claims[0]!), [2, 0, 1], "a listed file is missing");
  const pack = await validateBundle(
    await writeLaterZip("receipt_pack", `${dir.path}/p.zip`, {
      overrides: { "MB_KERNEL_WIRING_MATRIX_v4.json": '{"kernel_wiring_status": "PARTIAL"}\n' },
    }),
  );
  const bound = pack.claims.filter((c) => c.what.startsWith("<x>_sha256"));
  assertEquals(bound.map(counts), [[1, 0, 0], [0, 1, 0]], "the matrix changed after its receipt");
  const snapshot = pack.claims.find((c) => c.what.startsWith("hashes"))!;
  assertEquals([snapshot.weight, snapshot.absent], ["info", 1]);
  const tool = await validateBundle(await writeLaterZip("tool_pack", `${dir.path}/t.zip`));
  const build = tool.claims.find((c) => c.source.endsWith("mbml_core_build_manifest.json"))!;
  assertEquals(counts(build), [1, 0, 1]);
  assertEquals(tool.identity.root, "MBML_FULL_SYSTEM_BUNDLE");
});

Deno.test("validateBundle() names a double-wrapped OS delta and says where its files would land", async () => {
  await using dir = await tempDir();
  const v = await validateBundle(await writeLaterZip("os_delta", `${dir.path}/d.zip`));
  assertEquals([v.identity.generation, v.identity.kind], ["NOT_A_BUNDLE", "OS_DELTA"]);
  const wrapper = v.findings.find((f) => f.code === "DOUBLE_WRAPPER");
  assertEquals(wrapper?.path, "Metablooms_OS/Metablooms_OS/");
});
