import { join } from "node:path";
import { assert, assertEquals, assertKitError } from "../_assert.ts";
import { pythonTest } from "../_python.ts";
import { buildAuditReport } from "../../lib/audit/report.ts";
import { auditChartSvg } from "../../lib/audit/chart_svg.ts";
import { logSource } from "../../lib/audit/source.ts";
import { CycleLog } from "../../lib/cycle/log.ts";
import { createManualClock } from "../../lib/clock.ts";
import type { CycleLogRecord } from "../../schemas/cycle_log.ts";
import type { AuditReport } from "../../schemas/audit.ts";
import { runScenario, type Scenario, writeLog } from "./_scenario.ts";

let scenario: Scenario | undefined;
/** The scenario's records and cycle rows, run once for this file. */
async function realCycles(): Promise<Scenario> {
  return scenario ??= await runScenario();
}

async function reportOf(path: string, options = {}): Promise<AuditReport> {
  const source = logSource(path);
  const report = await buildAuditReport(source.records, options);
  report.source = { ...report.source, ...source.facts() };
  return report;
}

function tally<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}

Deno.test("the report of real cycles agrees with the image's own cycle rows", async () => {
  const { records, cycles } = await realCycles();
  const dir = await Deno.makeTempDir();
  try {
    const report = await reportOf(await writeLog(dir, records));
    // The scenario ran what it says: 5 cycles, 2 COMPLETE, over 3 missions.
    assertEquals(cycles.length, 5);
    assertEquals(report.source.records, records.length);
    assertEquals(report.source.skipped, 0);
    const complete = cycles.filter((c) => c.outcome === "COMPLETE").length;
    assertEquals(report.totals, {
      cycles: 5,
      complete,
      failed: 5 - complete,
      unfinished: 0,
      success_rate: complete / 5,
    });
    assertEquals(complete, 2);
    // Per mission type, from the rows the image recorded.
    const byType = Object.fromEntries(report.by_mission_type.map((m) => [m.mission_type, m]));
    for (const type of new Set(cycles.map((c) => c.mission_type))) {
      const mine = cycles.filter((c) => c.mission_type === type);
      const done = mine.filter((c) => c.outcome === "COMPLETE").length;
      assertEquals(
        [byType[type]?.cycles, byType[type]?.complete, byType[type]?.failed],
        [mine.length, done, mine.length - done],
        type,
      );
    }
    assertEquals(Object.keys(byType).sort(), ["self_correction_mandate", "unhandled_message"]);
    // Per persona: ROBIN wrote four methods (two committed); BRICK's plan decided the fifth cycle.
    assertEquals(
      report.by_persona.map((p) => [p.persona, p.cycles, p.complete, p.failed]),
      [["ROBIN", 4, 2, 2], ["BRICK", 1, 0, 1]],
    );
    // Where cycles fail: the rows' failed state × error code.
    const cells = tally(
      cycles.filter((c) => c.outcome === "FAILED"),
      (c) => `${c.failed_state} ${(c.error as { code: string }).code}`,
    );
    assertEquals(
      new Map(report.failures.map((f) => [`${f.state} ${f.cause}`, f.count])),
      cells,
    );
    assertEquals([...cells.keys()].sort(), [
      "DECOMPOSING DATA_NOT_JSON",
      "VALIDATING GUARDIAN_FORBIDDEN",
      "VALIDATING GUARDIAN_NO_METHOD",
    ]);
    // Retries: missions are the rows without a parent; each corrective row names its parent.
    const roots = cycles.filter((c) => c.parent_cycle_id === null);
    const corrective = cycles.filter((c) => c.parent_cycle_id !== null);
    const corrected = roots.filter((r) => corrective.some((c) => c.parent_cycle_id === r.cycle_id));
    const rescued = corrected.filter((r) =>
      cycles.find((c) => c.parent_cycle_id === r.cycle_id)?.outcome === "COMPLETE"
    );
    const initiated = records.filter((r) => r.event_type === "SELF_CORRECTION_INITIATED").length;
    assertEquals(report.retries, {
      missions: roots.length,
      corrective_cycles: corrective.length,
      mean_retries: corrective.length / roots.length,
      max_retries: 1,
      distribution: [{ retries: 0, missions: 1 }, { retries: 1, missions: 2 }],
      corrections_initiated: initiated,
      self_corrected_missions: corrected.length,
      self_corrected_complete: rescued.length,
      self_correction_success_rate: rescued.length / corrected.length,
      orphan_corrective_cycles: 0,
    });
    assertEquals([roots.length, corrected.length, rescued.length, initiated], [3, 2, 1, 2]);
    // Missions: every root with its corrective cycle, the last cycle's outcome.
    assertEquals(
      new Map(report.slowest_missions.map((m) => [m.root_cycle_id, [m.cycle_ids, m.outcome]])),
      new Map(roots.map((r) => {
        const chain = [r, ...cycles.filter((c) => c.parent_cycle_id === r.cycle_id)];
        return [r.cycle_id, [chain.map((c) => c.cycle_id), chain.at(-1)!.outcome]];
      })),
    );
    assertEquals(report.slowest_missions.map((m) => m.selector).sort(), [
      "fly",
      "greet_architect",
      "wave",
    ]);
    // Latency: the intervals add up to each cycle's first-to-last record time.
    const span = [...new Set(records.map((r) => r.cycle_id))].reduce((sum, id) => {
      const mine = records.filter((r) => r.cycle_id === id).map((r) => Date.parse(r.timestamp));
      return sum + Math.max(...mine) - Math.min(...mine);
    }, 0);
    assertEquals(report.latency.reduce((a, l) => a + l.total_ms, 0), span);
    assertEquals(
      report.latency.reduce((a, l) => a + l.samples, 0),
      records.length - 5,
      "one interval per record after each cycle's first",
    );
    assertEquals(report.event_types, Object.fromEntries(tally(records, (r) => r.event_type)));
    const sum = (k: "complete" | "failed") => report.timeline.buckets.reduce((a, b) => a + b[k], 0);
    assertEquals([sum("complete"), sum("failed")], [2, 3]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Writes cycles with the kit's log writer on a manual clock: each step is [seconds later, event]. */
function scriptedLog(
  cycles: {
    id: string;
    start: number;
    attempt?: number;
    parent?: string;
    steps: [number, string, string][];
    outcome: "COMPLETE" | "FAILED";
  }[],
): CycleLogRecord[] {
  const out: CycleLogRecord[] = [];
  for (const c of cycles) {
    const clock = createManualClock(c.start);
    const log = new CycleLog({ append: (r) => out.push(r as CycleLogRecord) }, clock);
    const ctx = {
      cycle_id: c.id,
      transaction_id: `tx-${c.id}`,
      mission_brief_hash: "a".repeat(64),
    };
    log.write(ctx, {
      event_type: "CYCLE_STARTED",
      current_state: "IDLE",
      validation_result: {
        mission_type: c.parent ? "self_correction_mandate" : "unhandled_message",
        selector: "greet",
        target_oid: "genesis_obj",
        attempt: c.attempt ?? 0,
        parent_cycle_id: c.parent ?? null,
      },
    });
    for (const [seconds, type, state] of c.steps) {
      clock.advance(seconds * 1000);
      const [from, to] = state.split(">") as [never, never];
      log.write(ctx, { event_type: type as never, current_state: from, transition_to: to ?? null });
    }
    log.write(ctx, {
      event_type: "FINAL_OUTCOME",
      current_state: c.outcome,
      final_outcome: c.outcome,
    });
  }
  return out;
}

const STEPS: [number, string, string][] = [
  [1, "STATE_TRANSITION", "IDLE>DECOMPOSING"],
  [4, "ARTIFACT_GENERATED", "DECOMPOSING"],
  [1, "STATE_TRANSITION", "DECOMPOSING>DELEGATING"],
  [2, "STATE_TRANSITION", "DELEGATING>SYNTHESIZING"],
  [10, "ARTIFACT_GENERATED", "SYNTHESIZING"],
  [1, "STATE_TRANSITION", "SYNTHESIZING>VALIDATING"],
  [3, "STATE_TRANSITION", "VALIDATING>COMPLETE"],
];

Deno.test("latency per state, the window and the timeline buckets, on a log from the kit's writer", async () => {
  const t0 = Date.UTC(2026, 0, 10, 12);
  const slow = STEPS.map((
    [s, e, st],
  ) => [st === "SYNTHESIZING" ? s * 3 : s, e, st]) as typeof STEPS;
  const records = scriptedLog([
    { id: "c-1", start: t0, steps: STEPS, outcome: "COMPLETE" },
    { id: "c-2", start: t0 + 30 * 60_000, steps: STEPS.slice(0, 3), outcome: "FAILED" },
    {
      id: "c-3",
      start: t0 + 31 * 60_000,
      parent: "c-2",
      attempt: 1,
      steps: slow,
      outcome: "COMPLETE",
    },
    { id: "c-4", start: t0 + 125 * 60_000, steps: STEPS, outcome: "COMPLETE" },
  ]);
  const dir = await Deno.makeTempDir();
  try {
    const path = await writeLog(dir, records);
    await Deno.writeTextFile(path, "{not json\n" + JSON.stringify({ hello: 1 }) + "\n", {
      append: true,
    });
    const report = await reportOf(path, { bucket_ms: 3_600_000 });
    const byState = Object.fromEntries(report.latency.map((l) => [l.state, l]));
    // The interval before a record is spent in its current_state: DECOMPOSING 4 s + 1 s per
    // cycle; SYNTHESIZING 10 s + 1 s, the slow one 30 s + 1 s; VALIDATING 3 s.
    assertEquals(byState.DECOMPOSING?.total_ms, 4 * 5000);
    assertEquals(byState.DECOMPOSING?.samples, 8);
    assertEquals(
      [byState.SYNTHESIZING?.samples, byState.SYNTHESIZING?.total_ms, byState.SYNTHESIZING?.max_ms],
      [6, (11 + 31 + 11) * 1000, 30_000],
    );
    assertEquals([byState.SYNTHESIZING?.p50_ms, byState.SYNTHESIZING?.p95_ms], [1000, 30_000]);
    assertEquals([byState.DELEGATING?.total_ms, byState.VALIDATING?.total_ms], [6000, 9000]);
    assertEquals([byState.COMPLETE?.samples, byState.COMPLETE?.total_ms], [3, 0]);
    assertEquals(report.slowest_missions.map((m) => [m.root_cycle_id, m.duration_ms]), [
      ["c-2", (60 + 42) * 1000], // c-2 starts a minute before c-3, which takes 42 s
      ["c-1", 22_000],
      ["c-4", 22_000],
    ]);
    assertEquals(report.retries.self_correction_success_rate, 1);
    assertEquals(report.source.skipped, 2);
    assertEquals(report.source.skipped_examples.map((e) => e.split(":")[0]), [
      `line ${records.length + 1}`,
      `line ${records.length + 2}`,
    ]);
    assertEquals(report.timeline.bucket_ms, 3_600_000);
    assertEquals(
      report.timeline.buckets.map((b) => [b.start.slice(11, 16), b.complete, b.failed]),
      [["12:00", 2, 1], ["13:00", 0, 0], ["14:00", 1, 0]],
    );
    const late = await reportOf(path, { since: new Date(t0 + 31 * 60_000).toISOString() });
    assertEquals([late.totals.cycles, late.retries.orphan_corrective_cycles], [2, 1]);
    await assertKitError(
      () => reportOf(path, { bucket_ms: 1000 }),
      "AUDIT_TOO_MANY_BUCKETS",
      "a one-second bucket over two hours",
    );
    const auto = await reportOf(path);
    assertEquals(auto.timeline.bucket_ms, 5 * 60_000, "the shortest bucket giving ≤ 60 buckets");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const SVG_PROBE = `
import json, sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
def lum(hex):
    c = [int(hex[i:i+2], 16) / 255 for i in (1, 3, 5)]
    c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
fills = sorted({e.get("fill") for e in root.iter() if e.tag in (ns + "text",) and e.get("fill")})
print(json.dumps({
  "tag": root.tag, "role": root.get("role"), "labelledby": root.get("aria-labelledby"),
  "title": root.find(ns + "title").text, "desc": root.find(ns + "desc").text,
  "texts": [e.text for e in root.iter(ns + "text")],
  "min_text_contrast": min((1.05) / (lum(f) + 0.05) for f in fills),
}))
`;

pythonTest(
  "the SVG chart of real cycles parses as XML, is labelled, and its text has contrast",
  async () => {
    const { records } = await realCycles();
    const dir = await Deno.makeTempDir();
    try {
      const report = await reportOf(await writeLog(dir, records));
      // A persona name that needs escaping must not break the document.
      report.by_persona.push({ ...report.totals, persona: `<R&D "x">` });
      const file = join(dir, "chart.svg");
      await Deno.writeTextFile(file, auditChartSvg(report));
      const out = await new Deno.Command("python3", { args: ["-c", SVG_PROBE, file] }).output();
      assert(out.success, new TextDecoder().decode(out.stderr));
      const svg = JSON.parse(new TextDecoder().decode(out.stdout));
      assertEquals([svg.tag, svg.role, svg.labelledby], [
        "{http://www.w3.org/2000/svg}svg",
        "img",
        "audit-title audit-desc",
      ]);
      assert(svg.title.includes("Cognitive cycles over time"));
      assert(svg.desc.includes("5 cycles: 2 COMPLETE, 3 FAILED; success rate 40%"), svg.desc);
      assert(svg.desc.includes("ROBIN: 50% of 4; BRICK: 0% of 1"), svg.desc);
      for (
        const label of ["COMPLETE", "FAILED", "ROBIN", "BRICK", `<R&D "x">`, "50%", "0%", "40%"]
      ) {
        assert(svg.texts.some((t: string) => t?.includes(label)), `label ${label}: ${svg.texts}`);
      }
      assert(svg.texts.some((t: string) => t === "2/3"), "the bucket's COMPLETE/FAILED label");
      assert(svg.min_text_contrast >= 4.5, `contrast ${svg.min_text_contrast}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("concurrent cycles whose records interleave in the log are measured cycle by cycle", async () => {
  const t0 = Date.UTC(2026, 0, 10, 12);
  const sequential = scriptedLog([
    { id: "c-a", start: t0, steps: STEPS, outcome: "COMPLETE" },
    { id: "c-b", start: t0 + 2000, steps: STEPS, outcome: "COMPLETE" },
  ]);
  const interleaved = sequential.map((r, i) => ({ r, i })).sort((x, y) =>
    x.r.timestamp.localeCompare(y.r.timestamp) || x.i - y.i
  ).map((x) => x.r);
  const switches = (rs: CycleLogRecord[]) =>
    rs.filter((r, i) => i > 0 && r.cycle_id !== rs[i - 1]!.cycle_id).length;
  assertEquals(switches(sequential), 1);
  assert(switches(interleaved) > 3, "the two cycles' records alternate in the log");
  const report = async (records: CycleLogRecord[]) =>
    await buildAuditReport((async function* () {
      yield* records;
    })());
  const a = await report(sequential);
  const b = await report(interleaved);
  assertEquals(b.latency, a.latency);
  assertEquals(b.latency.find((l) => l.state === "SYNTHESIZING")?.total_ms, 2 * 11_000);
});
