import { assert, assertEquals } from "../_assert.ts";
import { readAuditLog } from "../../lib/boot/audit.ts";
import { readSlots, stageBundle } from "../../lib/boot/slots.ts";
import { bootStatus } from "../../lib/boot/status.ts";
import type { SlotsState } from "../../schemas/boot.ts";
import { bootedGenABundles, withTempDir } from "./_helpers.ts";

const CHILD = new URL("./_slots_child.ts", import.meta.url).pathname;
const TAIL = [
  "journaled",
  "state-temp-written",
  "committed",
  "audited",
  "views-written",
  "gc-done",
  "journal-removed",
];
const STEPS: Record<string, string[]> = {
  promote: TAIL,
  rollback: TAIL,
  stage: ["bundle-copied", "bundle-stored", ...TAIL],
};
const RUNS = 100;
const WORKERS = 4;

/** Small seeded PRNG (mulberry32), so a failing run can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Kill {
  op: string;
  mode: string;
  last: string;
}

/** Spawns the child for one change and SIGKILLs it at the chosen step, or after a random delay. */
async function runAndKill(
  dataDir: string,
  op: string,
  pause: string | undefined,
  delayMs: number,
  reportPath: string,
): Promise<Kill> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CHILD, dataDir, op, pause ?? "-", reportPath],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const kill = () => {
    try {
      child.kill("SIGKILL");
    } catch { /* already exited */ }
  };
  let last = "";
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      last = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (last.startsWith("PAUSED")) kill();
      if (last === "START" && pause === undefined) setTimeout(kill, delayMs);
    }
  }
  await child.status;
  return { op, mode: pause ? `pause@${pause}` : `delay ${delayMs}ms`, last };
}

Deno.test({
  name:
    `${RUNS} SIGKILLs at random points of stage/promote/rollback always leave one bootable ACTIVE`,
  sanitizeResources: false,
  fn: async () => {
    const seed = Number(Deno.env.get("MB_CRASH_SEED") ?? Date.now() % 1e9);
    const random = rng(seed);
    await withTempDir(async (dir) => {
      const reports = await bootedGenABundles(dir, ["a", "b", "c"]);
      const reportPaths: string[] = [];
      for (const [i, report] of reports.entries()) {
        reportPaths.push(`${dir}/report_${i}.json`);
        await Deno.writeTextFile(reportPaths[i]!, JSON.stringify(report));
      }
      const shas = reports.map((r) => r.bundle.sha256!);
      const outcomes = { committed: 0, not_committed: 0, completed_runs: 0 };
      const worker = async (w: number, runs: number) => {
        const config = {
          dataDir: `${dir}/data_${w}`,
          bundleLimits: { maxTotalBytes: 1e9, maxEntries: 1e5, maxRatio: 1000 },
        };
        await stageBundle(config, reports[0]!, { promote: true });
        await stageBundle(config, reports[1]!);
        for (let run = 0; run < runs; run++) {
          const before: SlotsState = await readSlots(config);
          const ops = [
            "stage",
            ...(before.slots.CANDIDATE ? ["promote", "promote"] : []),
            ...(before.slots.ROLLBACK ? ["rollback"] : []),
          ];
          const op = ops[Math.floor(random() * ops.length)]!;
          const stageIndex = shas.findIndex((s) =>
            s !== before.slots.ACTIVE?.bundle_sha256 && s !== before.slots.CANDIDATE?.bundle_sha256
          );
          const steps = STEPS[op]!;
          const pause = random() < 0.75 ? steps[Math.floor(random() * steps.length)] : undefined;
          const kill = await runAndKill(
            config.dataDir,
            op,
            pause,
            Math.floor(random() * 25),
            reportPaths[Math.max(0, stageIndex)]!,
          );
          const where =
            `seed ${seed}, worker ${w}, run ${run}: ${kill.op} ${kill.mode} (last line ${kill.last})`;

          const status = await bootStatus(config, { verify: ["ACTIVE"] });
          const active = status.slots.ACTIVE;
          assert(active, `no ACTIVE after ${where}`);
          assertEquals(
            [
              active.bundle_exists,
              active.sha256_ok,
              active.receipt_exists,
              active.verify?.ok,
              status.bootable,
            ],
            [true, true, true, true, "ACTIVE"],
            `ACTIVE not bootable after ${where}: ${JSON.stringify(status.problems)}`,
          );
          const after = await readSlots(config);
          const expected = op === "promote"
            ? [before.slots.ACTIVE!.bundle_sha256, before.slots.CANDIDATE!.bundle_sha256]
            : op === "rollback"
            ? [before.slots.ACTIVE!.bundle_sha256, before.slots.ROLLBACK!.bundle_sha256]
            : [before.slots.ACTIVE!.bundle_sha256];
          assert(
            expected.includes(active.sha256),
            `ACTIVE is neither the old nor the new one after ${where}`,
          );
          for (const slot of [after.slots.ROLLBACK, after.slots.CANDIDATE]) {
            if (slot) assertEquals(status.problems, [], `a slot lost its bundle after ${where}`);
          }
          if (after.seq > before.seq) outcomes.committed++;
          else outcomes.not_committed++;
          if (kill.last === "DONE") outcomes.completed_runs++;
        }
      };
      const per = Math.ceil(RUNS / WORKERS);
      await Promise.all(
        Array.from({ length: WORKERS }, (_, w) => worker(w, Math.min(per, RUNS - w * per))),
      );
      // Both sides of the commit were hit, so the test exercised recovery in both directions.
      assert(
        outcomes.committed > 0 && outcomes.not_committed > 0,
        `seed ${seed}: ${JSON.stringify(outcomes)}`,
      );
      for (let w = 0; w < WORKERS; w++) {
        const config = {
          dataDir: `${dir}/data_${w}`,
          bundleLimits: { maxTotalBytes: 1e9, maxEntries: 1e5, maxRatio: 1000 },
        };
        // One clean change settles whatever the last kill left, and the audit chain is intact.
        await stageBundle(config, reports[2]!);
        assertEquals((await bootStatus(config)).pending, undefined);
        const audit = await readAuditLog(`${config.dataDir}/audit/boot_events.ndjson`);
        assertEquals(audit.problems, [], `seed ${seed}: audit chain of worker ${w}`);
      }
    });
  },
});
