import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { helpText } from "../../cli/_command.ts";
import { command as bootCommand } from "../../cli/boot_image.ts";
import { command as statusCommand } from "../../cli/boot_status.ts";
import { command as promoteCommand } from "../../cli/promote_slot.ts";
import { command as rollbackCommand } from "../../cli/rollback_slot.ts";
import { COMMANDS } from "../../cli/metablooms.ts";
import { BootReportSchema, BootStatusSchema } from "../../schemas/boot.ts";
import { withTempDir } from "./_helpers.ts";
import { type CliRun, runCliScript } from "../_cli.ts";

/** Runs a CLI script with a clean environment and a data directory. */
function runCli(script: string, args: string[], dataDir: string): Promise<CliRun> {
  return runCliScript(script, args, { cwd: dataDir, env: { MB_DATA_DIR: dataDir } });
}

Deno.test("the boot commands are registered in `metablooms` after the boot marker", () => {
  const names = COMMANDS.map((c) => c.name);
  for (const name of ["boot", "status", "promote", "rollback"]) assert(names.includes(name), name);
});

Deno.test("`boot --help`, `status --help`, `promote --help`, `rollback --help` match their snapshots", () => {
  assertEquals(helpText(bootCommand).split("\n").slice(0, 3), [
    "Boot a bundle fail-closed; stage it as CANDIDATE when it boots OK",
    "",
    "Usage: metablooms boot <bundle.zip> [--exec | --no-exec] [--promote | --no-stage]",
  ]);
  assertMatch(
    helpText(bootCommand),
    /--no-exec +Do not run the bundle's own launcher/,
  );
  assertMatch(
    helpText(bootCommand),
    /2 +usage error, BUNDLE_NOT_FOUND, or the slots stayed locked/,
  );
  assertEquals(helpText(statusCommand).split("\n")[2], "Usage: metablooms status [--verify]");
  assertEquals(
    helpText(promoteCommand).split("\n")[0],
    "Promote CANDIDATE to ACTIVE (ACTIVE becomes ROLLBACK), atomically",
  );
  assertEquals(
    helpText(rollbackCommand).split("\n")[0],
    "Swap ACTIVE and ROLLBACK (undo the last promotion), atomically",
  );
});

Deno.test("`boot` of a missing file exits 2 with BOOT_FAILED: BUNDLE_NOT_FOUND", async () => {
  await withTempDir(async (dir) => {
    const { code, stdout } = await runCli("cli/boot_image.ts", [`${dir}/nope.zip`, "--json"], dir);
    assertEquals(code, 2);
    const report = BootReportSchema.parse(JSON.parse(stdout));
    assertEquals([report.signal, report.code, report.compat.code], [
      "BOOT_FAILED",
      "BUNDLE_NOT_FOUND",
      "BUNDLE_NOT_FOUND",
    ]);
  });
});

Deno.test("`status` on an empty data directory exits 0; `promote` and `rollback` refuse with exit 1", async () => {
  await withTempDir(async (dir) => {
    const status = await runCli("cli/boot_status.ts", ["--json"], dir);
    assertEquals(status.code, 0);
    assertEquals(BootStatusSchema.parse(JSON.parse(status.stdout)).bootable, null);
    const promote = await runCli("cli/promote_slot.ts", [], dir);
    assertEquals(promote.code, 1);
    assertMatch(promote.stderr, /^NO_CANDIDATE: Nothing to promote/);
    const rollback = await runCli("cli/rollback_slot.ts", ["--json"], dir);
    assertEquals(rollback.code, 1);
    assertEquals(JSON.parse(rollback.stdout).error.code, "NO_ROLLBACK");
  });
});

Deno.test("`boot` refuses contradictory flags with a usage error (exit 2)", async () => {
  await withTempDir(async (dir) => {
    const { code, stderr } = await runCli(
      "cli/boot_image.ts",
      ["x.zip", "--promote", "--no-stage"],
      dir,
    );
    assertEquals(code, 2);
    assertMatch(stderr, /^USAGE: .*\(--promote and --no-stage\) contradict each other/);
  });
});
