/**
 * Child process of the crash test: performs one slot change on a data
 * directory, announcing `START` before it begins; with a pause step it
 * announces `PAUSED <step>` when it gets there and waits to be killed.
 *
 * Usage: `deno run -A _slots_child.ts <dataDir> <promote|rollback|stage> [pauseStep|-] [report.json]`
 *
 * @module
 */
import { setSlotsHook } from "../../lib/boot/_hooks.ts";
import { promoteSlot, rollbackSlot, stageBundle } from "../../lib/boot/slots.ts";
import type { BootReport } from "../../schemas/boot.ts";

const [dataDir, op, pauseAt, reportPath] = Deno.args;
const say = (line: string) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
if (pauseAt && pauseAt !== "-") {
  setSlotsHook(async (step) => {
    if (step !== pauseAt) return;
    say(`PAUSED ${step}`);
    await new Promise(() => {});
  });
}
const config = { dataDir: dataDir! };
say("START");
try {
  if (op === "promote") await promoteSlot(config);
  else if (op === "rollback") await rollbackSlot(config);
  else {
    const report = JSON.parse(await Deno.readTextFile(reportPath!)) as BootReport;
    await stageBundle(config, report);
  }
  say("DONE");
} catch (error) {
  say(`ERROR ${(error as { code?: string }).code ?? String(error)}`);
  Deno.exit(3);
}
