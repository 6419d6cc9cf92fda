import { join } from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { appendAuditEvent, auditLogPath } from "../../lib/boot/audit.ts";
import { bootHistory, readBootReport } from "../../lib/boot/history.ts";
import { loadConfig } from "../../lib/config.ts";
import { createContext } from "../../ops/context.ts";
import { findOperation } from "../../ops/registry.ts";
import { runOperation } from "../../ops/run.ts";

Deno.test("bootHistory() returns the newest events first with the chain verdict, and notices a broken chain", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const log = auditLogPath({ dataDir });
    for (let i = 1; i <= 5; i++) {
      await appendAuditEvent(log, i % 2 ? "BOOT_OK" : "SLOT_PROMOTE", { boot_id: `boot_${i}` });
    }
    const history = await bootHistory({ dataDir }, { limit: 3 });
    assertEquals(history.total, 5);
    assertEquals(history.chain_ok, true);
    assertEquals(history.events.map((e) => e.boot_id), ["boot_5", "boot_4", "boot_3"]);
    assertEquals(history.events[0]!.event_type, "BOOT_OK");
    const text = await Deno.readTextFile(log);
    await Deno.writeTextFile(log, text.replace('"boot_2"', '"boot_X"'));
    const broken = await bootHistory({ dataDir });
    assertEquals(broken.chain_ok, false);
    assert(broken.problems[0]!.startsWith("line 2:"), broken.problems[0]);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("readBootReport() refuses ids that could leave the boots folder and receipts that are not reports", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    for (const id of ["../slots", "..", "a/b", ""]) {
      await assertRejectsCode(readBootReport({ dataDir }, id), "BOOT_REPORT_NOT_FOUND");
    }
    await Deno.mkdir(join(dataDir, "boots", "boot_1"), { recursive: true });
    await Deno.writeTextFile(join(dataDir, "boots", "boot_1", "boot_report.json"), '{"x":1}');
    await assertRejectsCode(readBootReport({ dataDir }, "boot_1"), "BOOT_REPORT_INVALID");
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

async function assertRejectsCode(p: Promise<unknown>, code: string): Promise<void> {
  try {
    await p;
  } catch (error) {
    assertEquals((error as { code?: string }).code, code);
    return;
  }
  throw new Error(`expected ${code}`);
}

Deno.test("boot_history and get_boot_report run through the registry; get_boot_report links the boot view", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    await appendAuditEvent(auditLogPath({ dataDir }), "BOOT_FAILED", { boot_id: "boot_1" });
    const config = await loadConfig({ env: {}, cwd: dataDir, flags: { dataDir } });
    await using ctx = createContext(config, { door: "web" });
    const history = await runOperation(findOperation("boot_history")!, { limit: 5 }, ctx);
    assertEquals((history as { events: Array<{ boot_id: string }> }).events[0]!.boot_id, "boot_1");
    await assertRejectsCode(
      runOperation(findOperation("get_boot_report")!, { boot_id: "boot_1" }, ctx),
      "BOOT_REPORT_NOT_FOUND",
    );
    const op = findOperation("get_boot_report")!;
    assertEquals(op.mcp !== false && op.mcp.ui, "ui://metablooms/boot.html");
    assertEquals(op.hints.readOnlyHint, true);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
