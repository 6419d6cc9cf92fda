import { assert, assertEquals, assertKitError } from "../_assert.ts";
import { appendAuditEvent, readAuditLog } from "../../lib/boot/audit.ts";
import { withLock } from "../../lib/fs/lock.ts";
import { chainHash } from "../../lib/ledger/chain.ts";
import { verifyLedger } from "../../lib/ledger/verify.ts";
import { withTempDir } from "./_helpers.ts";

Deno.test("withLock() serialises holders in one process", async () => {
  await withTempDir(async (dir) => {
    let inside = 0;
    let maxInside = 0;
    await Promise.all(Array.from({ length: 5 }, () =>
      withLock(`${dir}/x.lock`, async () => {
        inside++;
        maxInside = Math.max(maxInside, inside);
        await new Promise((r) => setTimeout(r, 5));
        inside--;
      })));
    assertEquals(maxInside, 1);
  });
});

Deno.test("withLock() gives up with LOCKED naming the holder", async () => {
  await withTempDir(async (dir) => {
    await withLock(`${dir}/x.lock`, async () => {
      const error = await assertKitError(
        () => withLock(`${dir}/x.lock`, async () => {}, { waitMs: 50 }),
        "LOCKED",
      );
      assert(error.message.includes(`pid ${Deno.pid}`));
    }, { purpose: "test holder" });
  });
});

Deno.test("withLock() takes over a lock whose holder died, reporting it as stale", async () => {
  await withTempDir(async (dir) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `
        import { withLock } from "${new URL("../../lib/fs/lock.ts", import.meta.url).href}";
        await withLock("${dir}/x.lock", async () => { console.log("HELD"); await new Promise(() => {}); }, { purpose: "doomed" });
      `,
      ],
      stdout: "piped",
    }).spawn();
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    assert(new TextDecoder().decode(value).includes("HELD"));
    child.kill("SIGKILL");
    await child.status;
    reader.releaseLock();
    await child.stdout.cancel();
    const stale = await withLock(`${dir}/x.lock`, (lock) => Promise.resolve(lock.tookOverFrom), {
      waitMs: 2000,
    });
    assertEquals([stale?.pid, stale?.purpose], [child.pid, "doomed"]);
  });
});

Deno.test("appendAuditEvent() chains events with the LTM ledger recipe", async () => {
  await withTempDir(async (dir) => {
    const log = `${dir}/audit/boot_events.ndjson`;
    await appendAuditEvent(log, "BOOT_OK", { boot_id: "b1", note: "é" });
    await appendAuditEvent(log, "BOOT_FAILED", { boot_id: "b2" });
    const read = await readAuditLog(log);
    assertEquals(read.ok, true);
    assertEquals(read.events.map((e) => e.event_id), ["evt_000001", "evt_000002"]);
    assertEquals(read.events[1]!.prev_sha256, read.events[0]!.sha256);
    assertEquals(
      (await verifyLedger(log)).ok,
      true,
      "lib/ltm's verifier accepts the boot audit log",
    );
  });
});

Deno.test("chainHash() reproduces the spec's event-ledger test vector", () => {
  assertEquals(
    chainHash({
      event_id: "evt_000002",
      ts_utc: "2026-01-10T12:01:00Z",
      event_type: "ARTIFACT_CREATED",
      payload: { path: "deltas/2026-01/MB__03_DELTA__BlueWidgets_v1.mips.json" },
      prev_sha256: "45bfb3930d5e2e8112b774a1420e1dc24b561a23e35a039787e23ecc74e127f4",
    }),
    "b419bb3e570b6d3cbbf2195542ca806f46efa66ae75ea4ce927005709dac8239",
  );
});

Deno.test("appendAuditEvent() cuts a line torn by a crash and keeps the chain valid", async () => {
  await withTempDir(async (dir) => {
    const log = `${dir}/boot_events.ndjson`;
    await appendAuditEvent(log, "BOOT_OK", { boot_id: "b1" });
    await Deno.writeTextFile(log, '{"event_id":"evt_000002","ts_u', { append: true });
    const ref = await appendAuditEvent(log, "BOOT_OK", { boot_id: "b3" });
    assertEquals(ref.event_id, "evt_000002");
    const read = await readAuditLog(log);
    assertEquals([read.ok, read.events.length], [true, 2]);
  });
});

Deno.test("readAuditLog() reports a tampered line", async () => {
  await withTempDir(async (dir) => {
    const log = `${dir}/boot_events.ndjson`;
    await appendAuditEvent(log, "BOOT_OK", { boot_id: "b1" });
    await appendAuditEvent(log, "BOOT_OK", { boot_id: "b2" });
    await Deno.writeTextFile(log, (await Deno.readTextFile(log)).replace('"b1"', '"bX"'));
    const read = await readAuditLog(log);
    assertEquals(read.ok, false);
    assertEquals(read.problems, ["line 1: sha256 mismatch"]);
  });
});
