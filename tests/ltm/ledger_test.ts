import { assert, assertEquals, assertKitError } from "../_assert.ts";
import { withTempDir as withDir } from "../fixtures/temp_dir.ts";
import { join } from "node:path";
import { appendEvent, chainHash, INGEST_CHAIN_FIELD, verifyLedger } from "../../lib/ledger/mod.ts";
import { fixedClock } from "../../lib/clock.ts";
import { pythonJsonDumps } from "../../lib/json/py_json.ts";
import { sha256Hex } from "../../lib/fs/sha256.ts";
import { LedgerVerifyResultSchema } from "../../schemas/state.ts";
import { LEDGER_VECTOR } from "../fixtures/mips_vectors.ts";

Deno.test("verifyLedger() verifies the spec's event-ledger test vector", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "ledger.ndjson"), LEDGER_VECTOR);
    const r = await verifyLedger(join(dir, "ledger.ndjson"));
    assert(LedgerVerifyResultSchema.safeParse(r).success);
    assertEquals([r.ok, r.kind, r.lines, r.chained, r.genesis_legacy, r.first_broken], [
      true,
      "event",
      2,
      2,
      false,
      undefined,
    ]);
  });
});

Deno.test("verifyLedger() names the first broken link of a tampered line with expected and actual", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "ledger.ndjson");
    await Deno.writeTextFile(path, LEDGER_VECTOR.replace("demo ledger", "demo ledgeR"));
    const r = await verifyLedger(path);
    assertEquals([r.ok, r.first_broken?.line, r.first_broken?.reason], [false, 1, "HASH_MISMATCH"]);
    assertEquals(
      r.first_broken?.actual,
      "45bfb3930d5e2e8112b774a1420e1dc24b561a23e35a039787e23ecc74e127f4",
    );
    assert(r.first_broken?.expected !== r.first_broken?.actual);
    const lines = LEDGER_VECTOR.trimEnd().split("\n");
    await Deno.writeTextFile(
      path,
      [lines[0], lines[1]!.replace(/"prev_sha256":"45/, '"prev_sha256":"55')].join("\n"),
    );
    const link = await verifyLedger(path);
    assertEquals([link.first_broken?.line, link.first_broken?.reason], [2, "PREV_MISMATCH"]);
    assertEquals(
      link.first_broken?.expected,
      "45bfb3930d5e2e8112b774a1420e1dc24b561a23e35a039787e23ecc74e127f4",
    );
    await Deno.writeTextFile(path, `${lines[0]}\n\n{"event_id": \n`);
    assertEquals((await verifyLedger(path)).first_broken?.line, 3);
  });
});

Deno.test("verifyLedger() accepts the older genesis recipe only for evt_000001", async () => {
  await withDir(async (dir) => {
    const payload = { kind: "system_init", detail: "legacy" };
    const legacy = sha256Hex(pythonJsonDumps(payload, { sortKeys: true }));
    const genesis = {
      event_id: "evt_000001",
      ts_utc: "2025-12-01T00:00:00Z",
      event_type: "SYSTEM_INIT",
      payload,
      sha256: legacy,
      prev_sha256: null,
    };
    const second = {
      event_id: "evt_000002",
      ts_utc: "2025-12-01T00:01:00Z",
      event_type: "X",
      payload,
      prev_sha256: legacy,
    };
    const line2 = { ...second, sha256: chainHash(second) };
    const path = join(dir, "ledger.ndjson");
    await Deno.writeTextFile(path, `${JSON.stringify(genesis)}\n${JSON.stringify(line2)}\n`);
    const ok = await verifyLedger(path);
    assertEquals([ok.ok, ok.genesis_legacy], [true, true]);
    const late = { ...second, sha256: sha256Hex(pythonJsonDumps(payload, { sortKeys: true })) };
    await Deno.writeTextFile(path, `${JSON.stringify(genesis)}\n${JSON.stringify(late)}\n`);
    assertEquals((await verifyLedger(path)).first_broken?.reason, "HASH_MISMATCH");
  });
});

Deno.test("appendEvent() chains onto the spec vector and creates a new ledger", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "ledger", "ledger.ndjson");
    await Deno.mkdir(join(dir, "ledger"));
    const first = await appendEvent(path, "SYSTEM_INIT", { kind: "system_init" }, {
      clock: fixedClock(0),
    });
    assertEquals([first.event_id, first.prev_sha256, first.ts_utc], [
      "evt_000001",
      null,
      "1970-01-01T00:00:00Z",
    ]);
    await Deno.writeTextFile(path, LEDGER_VECTOR);
    const events = await Promise.all(
      ["A", "B", "C", "D"].map((t) =>
        appendEvent(path, `INDEX_UPDATE_${t}`, { n: 1, text: "café" })
      ),
    );
    assertEquals(events.map((e) => e.event_id).sort(), [
      "evt_000003",
      "evt_000004",
      "evt_000005",
      "evt_000006",
    ]);
    const r = await verifyLedger(path);
    assertEquals([r.ok, r.lines], [true, 6]);
    assert((await Deno.readTextFile(path)).includes("caf\\u00e9"));
  });
});

Deno.test("appendEvent() cuts a torn last line, and refuses bad event types", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "ledger.ndjson");
    await Deno.writeTextFile(path, LEDGER_VECTOR + '{"event_id":"evt_000003","ts_utc":');
    const torn = await verifyLedger(path);
    assertEquals([torn.ok, torn.lines, torn.torn_tail?.line], [true, 2, 3]);
    await assertKitError(() => appendEvent(path, "has space", {}), "LEDGER_EVENT_INVALID");
    const next = await appendEvent(path, "X", {});
    assertEquals(next.event_id, "evt_000003");
    const after = await verifyLedger(path);
    assertEquals([after.ok, after.lines, after.torn_tail], [true, 3, undefined]);
    await Deno.writeTextFile(path, LEDGER_VECTOR.trimEnd()); // no final newline: still appends cleanly
    await appendEvent(path, "X", {});
    assertEquals((await verifyLedger(path)).lines, 3);
  });
});

Deno.test("verifyLedger() checks an ingest ledger: legacy lines, then a chain that must not drop", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(join(dir, "manifests"));
    await Deno.mkdir(join(dir, "deltas"));
    await Deno.writeTextFile(join(dir, "deltas", "a.txt"), "abc");
    const path = join(dir, "manifests", "ledger.ndjson");
    const legacy = {
      ts: "2025-12-13T22:42:41Z",
      path: "deltas/a.txt",
      sha256: sha256Hex("abc"),
      bytes: 3,
    };
    const chained = (prev: string | null, extra: Record<string, unknown> = {}) => {
      const line: Record<string, unknown> = { ...legacy, ...extra, prev_sha256: prev };
      line[INGEST_CHAIN_FIELD] = chainHash(line, INGEST_CHAIN_FIELD);
      return line;
    };
    const c1 = chained(chainHash(legacy, INGEST_CHAIN_FIELD));
    const c2 = chained(c1[INGEST_CHAIN_FIELD] as string, { host: "h" });
    const lines = [legacy, c1, c2].map((l) => JSON.stringify(l));
    await Deno.writeTextFile(path, lines.join("\n") + "\n");
    const ok = await verifyLedger(path, { checkFiles: true });
    assertEquals([ok.ok, ok.kind, ok.lines, ok.chained], [true, "ingest", 3, 2]);
    await Deno.writeTextFile(path, [...lines, JSON.stringify(legacy)].join("\n"));
    assertEquals((await verifyLedger(path)).first_broken?.reason, "CHAIN_DROPPED");
    await Deno.writeTextFile(join(dir, "deltas", "a.txt"), "abd");
    await Deno.writeTextFile(path, lines[0]!);
    const file = await verifyLedger(path, { checkFiles: true });
    assertEquals([file.first_broken?.reason, file.first_broken?.actual], [
      "FILE_MISMATCH",
      sha256Hex("abd"),
    ]);
    await Deno.writeTextFile(path, JSON.stringify({ ...legacy, bytes: "3" }));
    assertEquals(
      (await verifyLedger(path, { kind: "ingest" })).first_broken?.reason,
      "MISSING_FIELD",
    );
  });
});
