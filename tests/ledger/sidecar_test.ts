import { assert, assertEquals, assertKitError } from "../_assert.ts";
import { withTempDir as withDir } from "../fixtures/temp_dir.ts";
import { join } from "node:path";
import {
  appendRecords,
  chainPathOf,
  openRecordLog,
  repairRecordLog,
  rotateLedger,
  verifyLedger,
} from "../../lib/ledger/mod.ts";

/** A record with the 13 fields of living-image.md §8. */
function record(n: number): Record<string, unknown> {
  return {
    timestamp: `2026-01-10T12:00:0${n % 10}Z`,
    cycle_id: "c-0042",
    transaction_id: `tx-${n}`,
    mission_brief_hash: "aef95cfef436c9a6f6f41239f50e80debd7a61a4f190dc4121d53667ef7987ca",
    event_type: "STATE_TRANSITION",
    current_state: "VALIDATING",
    transition_to: "COMPLETE",
    active_persona: "ALFRED",
    llm_prompt: null,
    llm_response_raw: null,
    artifact_oid: `o-${n}`,
    validation_result: null,
    final_outcome: null,
  };
}

async function logWith(dir: string, n: number): Promise<string> {
  const path = join(dir, "metacognition.jsonl");
  await appendRecords(path, Array.from({ length: n }, (_, i) => record(i + 1)));
  return path;
}

async function lines(path: string): Promise<string[]> {
  return (await Deno.readTextFile(path)).split("\n").slice(0, -1);
}

Deno.test("a sidecar log keeps each line exactly its record and verifies through its chain", async () => {
  await withDir(async (dir) => {
    const path = await logWith(dir, 3);
    const written = await lines(path);
    assertEquals(written.map((l) => JSON.parse(l)), [record(1), record(2), record(3)]);
    assertEquals(Object.keys(JSON.parse(written[0]!)).length, 13);
    const v = await verifyLedger(path);
    assertEquals([v.ok, v.kind, v.lines, v.chained, v.first_broken], [
      true,
      "sidecar",
      3,
      3,
      undefined,
    ]);
    assertEquals((await lines(chainPathOf(path))).length, 3);
  });
});

Deno.test("verifyLedger() names the first edited, deleted, moved or truncated log line", async () => {
  await withDir(async (dir) => {
    const path = await logWith(dir, 4);
    const original = await lines(path);
    const check = async (changed: string[], line: number, reason: string) => {
      await Deno.writeTextFile(path, changed.map((l) => l + "\n").join(""));
      const v = await verifyLedger(path);
      assertEquals([v.ok, v.first_broken?.line, v.first_broken?.reason], [false, line, reason]);
    };
    await check(
      [original[0]!, original[1]!.replace("tx-2", "tx-9"), ...original.slice(2)],
      2,
      "LINE_MISMATCH",
    );
    await check([original[0]!, original[2]!, original[3]!], 2, "LINE_MISMATCH");
    await check([original[0]!, original[2]!, original[1]!, original[3]!], 2, "LINE_MISMATCH");
    await check(original.slice(0, 3), 4, "LINE_MISSING");
    await Deno.writeTextFile(path, original.map((l) => l + "\n").join(""));
    const chain = await lines(chainPathOf(path));
    await Deno.writeTextFile(
      chainPathOf(path),
      [chain[0], chain[2], chain[1], chain[3]].join("\n") + "\n",
    );
    const reordered = await verifyLedger(path);
    assertEquals([reordered.first_broken?.line, reordered.first_broken?.reason], [
      2,
      "CHAIN_ENTRY_INVALID",
    ]);
  });
});

Deno.test("after a crash, the next append cuts a torn log tail and chains complete lines first", async () => {
  await withDir(async (dir) => {
    const path = await logWith(dir, 2);
    // Crash after the log write, before the chain write: one complete line, one torn.
    const l3 = JSON.stringify(record(3));
    await Deno.writeTextFile(path, `${l3}\n${JSON.stringify(record(4)).slice(0, 40)}`, {
      append: true,
    });
    const before = await verifyLedger(path);
    assertEquals([before.ok, before.lines, before.chained, before.torn_tail?.line], [
      true,
      3,
      2,
      4,
    ]);
    assertEquals(await appendRecords(path, [record(5)]), { first_line: 4, last_line: 4 });
    const after = await verifyLedger(path);
    assertEquals([after.ok, after.lines, after.chained, after.torn_tail], [true, 4, 4, undefined]);
    assertEquals((await lines(path))[2], l3);
  });
});

Deno.test("a torn chain tail is cut and its line re-chained; a log shorter than its chain is LEDGER_BROKEN", async () => {
  await withDir(async (dir) => {
    const path = await logWith(dir, 2);
    const chain = await Deno.readTextFile(chainPathOf(path));
    await Deno.writeTextFile(chainPathOf(path), chain.slice(0, chain.length - 30));
    assertEquals(await repairRecordLog(path), 2);
    assertEquals(await Deno.readTextFile(chainPathOf(path)), chain);
    await Deno.writeTextFile(path, (await lines(path))[0] + "\n");
    await assertKitError(() => appendRecords(path, [record(3)]), "LEDGER_BROKEN");
  });
});

Deno.test("openRecordLog() appends without waiting and writes everything on close", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "audit", "metacognition.jsonl");
    const log = await openRecordLog(path);
    const rec = record(1);
    for (let i = 0; i < 50; i++) log.append(rec);
    rec["cycle_id"] = "changed after append";
    assert(log.pending > 0, "appends return before anything is written");
    await log.flush();
    assertEquals(log.pending, 0);
    for (let i = 0; i < 25; i++) log.append(record(i));
    await log.close();
    let refused = false;
    try {
      log.append(record(0));
    } catch (error) {
      refused = error instanceof TypeError;
    }
    assert(refused, "a closed log refuses appends");
    const v = await verifyLedger(path);
    assertEquals([v.ok, v.lines, v.chained], [true, 75, 75]);
    assert(!(await Deno.readTextFile(path)).includes("changed after append"));
  });
});

Deno.test("rotateLedger() moves a log and its chain together; a crash midway is completed by the next writer", async () => {
  await withDir(async (dir) => {
    const path = await logWith(dir, 2);
    const to = `${path}.1767182400.ingesting`;
    assertEquals(await rotateLedger(path, to), {
      rotated: true,
      from: path,
      to,
      with_chain: true,
    });
    assertEquals((await verifyLedger(to)).chained, 2);
    await assertKitError(async () => {
      await appendRecords(path, [record(3)]);
      await rotateLedger(path, to);
    }, "LEDGER_ROTATE_TARGET_EXISTS");
    // A crash after the journal and the log's rename, before the chain's.
    const to2 = `${path}.2.ingesting`;
    await Deno.writeTextFile(`${path}.rotating`, JSON.stringify({ from: path, to: to2 }));
    await Deno.rename(path, to2);
    await appendRecords(path, [record(4)]);
    assertEquals((await verifyLedger(to2)).chained, 1);
    const fresh = await verifyLedger(path);
    assertEquals([fresh.ok, fresh.lines], [true, 1]);
    assertEquals(await rotateLedger(join(dir, "missing.jsonl"), join(dir, "x")), {
      rotated: false,
      from: join(dir, "missing.jsonl"),
      to: join(dir, "x"),
      with_chain: false,
    });
  });
});
