import { assert, assertEquals, assertKitError } from "../_assert.ts";
import {
  promoteSlot,
  readSlots,
  recordBootFailure,
  rollbackSlot,
  stageBundle,
} from "../../lib/boot/slots.ts";
import { readAuditLog } from "../../lib/boot/audit.ts";
import { bootStatus } from "../../lib/boot/status.ts";
import { SlotsStateSchema } from "../../schemas/boot.ts";
import { fakeBootedBundle, withTempDir } from "./_helpers.ts";

const cfg = (dataDir: string) => ({
  dataDir,
  bundleLimits: { maxTotalBytes: 1e9, maxEntries: 1e5, maxRatio: 1000 },
});

Deno.test("stageBundle() → promoteSlot() → rollbackSlot() move bundles between the three slots", async () => {
  await withTempDir(async (dir) => {
    const config = cfg(`${dir}/data`);
    const a = await fakeBootedBundle(dir, "a.zip", "bundle A");
    const b = await fakeBootedBundle(dir, "b.zip", "bundle B");
    assertEquals((await stageBundle(config, a)).action, "staged");
    let state = await readSlots(config);
    assertEquals([state.slots.CANDIDATE?.bundle_name, state.slots.ACTIVE], ["a.zip", undefined]);
    assertEquals(state.slots.CANDIDATE?.bundle_path, `${dir}/data/bundles/${a.bundle.sha256}.zip`);

    const first = await promoteSlot(config);
    assertEquals([first.after.ACTIVE?.bundle_name, first.after.ROLLBACK, first.after.CANDIDATE], [
      "a.zip",
      undefined,
      undefined,
    ]);
    await stageBundle(config, b);
    const second = await promoteSlot(config);
    assertEquals([second.after.ACTIVE?.bundle_name, second.after.ROLLBACK?.bundle_name], [
      "b.zip",
      "a.zip",
    ]);

    const back = await rollbackSlot(config);
    assertEquals([back.after.ACTIVE?.bundle_name, back.after.ROLLBACK?.bundle_name], [
      "a.zip",
      "b.zip",
    ]);
    const forth = await rollbackSlot(config);
    assertEquals([forth.after.ACTIVE?.bundle_name, forth.after.ROLLBACK?.bundle_name], [
      "b.zip",
      "a.zip",
    ]);

    state = SlotsStateSchema.parse(
      JSON.parse(await Deno.readTextFile(`${dir}/data/slots/state.json`)),
    );
    assertEquals(state.seq, 6);
    const view = JSON.parse(await Deno.readTextFile(`${dir}/data/slots/ACTIVE.json`));
    assertEquals(view.bundle_sha256, b.bundle.sha256);
    assert(
      ![...Deno.readDirSync(`${dir}/data/slots`)].some((e) => e.name === "CANDIDATE.json"),
      "the CANDIDATE view is removed when the slot empties",
    );
    const audit = await readAuditLog(`${dir}/data/audit/boot_events.ndjson`);
    assertEquals(audit.ok, true);
    assertEquals(audit.events.map((e) => e.event_type), [
      "SLOT_STAGE",
      "SLOT_PROMOTE",
      "SLOT_STAGE",
      "SLOT_PROMOTE",
      "SLOT_ROLLBACK",
      "SLOT_ROLLBACK",
    ]);
  });
});

Deno.test("promoteSlot() drops the old ROLLBACK and deletes its unreferenced bundle", async () => {
  await withTempDir(async (dir) => {
    const config = cfg(`${dir}/data`);
    for (const name of ["a.zip", "b.zip", "c.zip"]) {
      await stageBundle(config, await fakeBootedBundle(dir, name, `bundle ${name}`));
      await promoteSlot(config);
    }
    const stored = [...Deno.readDirSync(`${dir}/data/bundles`)].map((e) => e.name);
    const state = await readSlots(config);
    assertEquals([state.slots.ACTIVE?.bundle_name, state.slots.ROLLBACK?.bundle_name], [
      "c.zip",
      "b.zip",
    ]);
    assertEquals(
      stored.sort(),
      [state.slots.ACTIVE!.bundle_sha256, state.slots.ROLLBACK!.bundle_sha256].map((s) =>
        `${s}.zip`
      ).sort(),
    );
  });
});

Deno.test("stageBundle() with promote makes the bundle ACTIVE in one change", async () => {
  await withTempDir(async (dir) => {
    const config = cfg(`${dir}/data`);
    await stageBundle(config, await fakeBootedBundle(dir, "a.zip", "A"), { promote: true });
    const action = await stageBundle(config, await fakeBootedBundle(dir, "b.zip", "B"), {
      promote: true,
    });
    assertEquals(action.action, "promoted");
    const state = await readSlots(config);
    assertEquals([state.slots.ACTIVE?.bundle_name, state.slots.ROLLBACK?.bundle_name, state.seq], [
      "b.zip",
      "a.zip",
      2,
    ]);
  });
});

Deno.test("promoteSlot() and rollbackSlot() refuse with NO_CANDIDATE / NO_ROLLBACK on empty slots", async () => {
  await withTempDir(async (dir) => {
    await assertKitError(() => promoteSlot(cfg(dir)), "NO_CANDIDATE");
    await assertKitError(() => rollbackSlot(cfg(dir)), "NO_ROLLBACK");
  });
});

Deno.test("promoteSlot() refuses a candidate whose stored bundle changed, and changes nothing", async () => {
  await withTempDir(async (dir) => {
    const config = cfg(`${dir}/data`);
    const a = await fakeBootedBundle(dir, "a.zip", "A");
    await stageBundle(config, a);
    await Deno.writeTextFile(`${dir}/data/bundles/${a.bundle.sha256}.zip`, "tampered");
    await assertKitError(() => promoteSlot(config), "SLOT_BUNDLE_MISMATCH");
    const state = await readSlots(config);
    assertEquals([state.seq, state.slots.ACTIVE, state.slots.CANDIDATE?.bundle_name], [
      1,
      undefined,
      "a.zip",
    ]);
    await Deno.remove(`${dir}/data/bundles/${a.bundle.sha256}.zip`);
    await assertKitError(() => promoteSlot(config), "SLOT_BUNDLE_MISSING");
  });
});

Deno.test("stageBundle() refuses BOOT_NOT_OK for a failed boot and BUNDLE_CHANGED for a file edited since", async () => {
  await withTempDir(async (dir) => {
    const a = await fakeBootedBundle(dir, "a.zip", "A");
    await assertKitError(() => stageBundle(cfg(`${dir}/d`), { ...a, ok: false }), "BOOT_NOT_OK");
    await Deno.writeTextFile(a.bundle.path, "changed after the boot");
    await assertKitError(() => stageBundle(cfg(`${dir}/d`), a), "BUNDLE_CHANGED");
    assertEquals((await readSlots(cfg(`${dir}/d`))).seq, 0);
  });
});

Deno.test("bootStatus() reports slots, receipts, the last failure and a missing bundle", async () => {
  await withTempDir(async (dir) => {
    const config = cfg(`${dir}/data`);
    const a = await fakeBootedBundle(dir, "a.zip", "A");
    await stageBundle(config, a, { promote: true });
    await recordBootFailure(config, {
      boot_id: "boot_x",
      bundle: "/x.zip",
      code: "ACTIVATION_GATE_FAILED",
      reason: "EGG_JUICER",
      at_utc: "2026-01-10T12:00:00Z",
    });
    let status = await bootStatus(config);
    assertEquals([
      status.slots.ACTIVE?.bundle_name,
      status.slots.ACTIVE?.bundle_exists,
      status.bootable,
    ], [
      "a.zip",
      true,
      "ACTIVE",
    ]);
    assertEquals(status.last_failure?.code, "ACTIVATION_GATE_FAILED");
    assertEquals(status.problems, []);
    await Deno.remove(status.slots.ACTIVE!.bundle);
    status = await bootStatus(config);
    assertEquals(status.bootable, null);
    assert(status.problems[0]!.includes("is missing"));
  });
});

Deno.test("the next change settles an interrupted one: discarded before its commit, completed after", async () => {
  await withTempDir(async (dir) => {
    const config = cfg(`${dir}/data`);
    await stageBundle(config, await fakeBootedBundle(dir, "a.zip", "A"), { promote: true });
    await stageBundle(config, await fakeBootedBundle(dir, "b.zip", "B"));
    const journal = (toSeq: number, id: string) =>
      JSON.stringify({
        schema: "metablooms.slots_journal/v1",
        change_id: id,
        op: "promote",
        from_seq: toSeq - 1,
        to_seq: toSeq,
        pid: 1,
        started_utc: "2026-01-10T12:00:00Z",
        audit: { event_type: "SLOT_PROMOTE", payload: {} },
      });
    // Uncommitted: the journal names seq 3, state.json is still at 2.
    await Deno.writeTextFile(`${dir}/data/slots/journal.json`, journal(3, "first"));
    await Deno.writeTextFile(`${dir}/data/slots/.state.json.first.tmp`, "{half");
    assertEquals((await bootStatus(config)).pending?.committed, false);
    const change = await promoteSlot(config);
    assertEquals(change.recovered, [{ op: "promote", outcome: "discarded", to_seq: 3 }]);
    assertEquals(change.seq, 3);
    assert(![...Deno.readDirSync(`${dir}/data/slots`)].some((e) => e.name.endsWith(".tmp")));
    // Committed: state.json is at 3, the journal's tail (audit event) never ran.
    await Deno.writeTextFile(`${dir}/data/slots/journal.json`, journal(3, "second"));
    const back = await rollbackSlot(config);
    assertEquals(back.recovered, [{ op: "promote", outcome: "completed", to_seq: 3 }]);
    const types = (await readAuditLog(`${dir}/data/audit/boot_events.ndjson`)).events.map((e) =>
      e.event_type
    );
    assertEquals(types.slice(-4), [
      "SLOT_CHANGE_DISCARDED",
      "SLOT_PROMOTE",
      "SLOT_PROMOTE",
      "SLOT_ROLLBACK",
    ]);
    assertEquals((await bootStatus(config)).pending, undefined);
  });
});
