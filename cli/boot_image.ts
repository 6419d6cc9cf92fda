/**
 * `metablooms boot <bundle.zip>`: boot a bundle fail-closed — validate,
 * extract into staging, activate the ten subsystems, write the receipts — and
 * stage it as CANDIDATE when it boots OK. Prints the kit's verdict, what the
 * original boot would have said, and (with `--exec`) the verdict of really
 * running the bundle's own entrypoint.
 *
 * @example Boot, running the bundle's Python entry too
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms boot samples/bundles/metablooms_os_sample_v1.zip --exec
 * ```
 *
 * @module
 */
import { type Command, numberFlag, requirePositional, runCommand, stringFlag } from "./_command.ts";
import { bootImage } from "../lib/boot/boot_image.ts";
import { renderBootReport } from "../lib/boot/render.ts";
import type { BootReport } from "../schemas/boot.ts";
import { UsageError } from "../lib/errors.ts";

/** `metablooms boot`. */
export const command: Command<BootReport> = {
  name: "boot",
  script: "boot_image.ts",
  summary: "Boot a bundle fail-closed; stage it as CANDIDATE when it boots OK",
  usage: "<bundle.zip> [--exec | --no-exec] [--promote | --no-stage]",
  description:
    "Validates the bundle, extracts it into <data-dir>/staging, activates the ten subsystems of the " +
    "Gen-A runtime (BOOT_STATE, CHM, heuristic matrix, bridge map, shopping mode controller tests, " +
    "egg juicer, BLE, governance, decision spine, sandfit), and writes the activation status, smoke " +
    "and chat-capture receipts under <data-dir>/boots/<boot_id>/. Any required subsystem in ERROR " +
    "fails the boot (BOOT_FAILED: ACTIVATION_GATE_FAILED). The report also gives the original boot's " +
    "verdict, which masks some failures. Whenever python3 is present the bundle's own launcher runs " +
    "too (scratch copy, no network when `unshare -n` works, deadline) and its outcome, read from the " +
    "generation's real success signals, is the compat verdict; without python3 the report says the " +
    "runtime could not be run. Every boot is appended to <data-dir>/audit/boot_events.ndjson.",
  options: {
    exec: {
      type: "boolean",
      description: "Require the run of the bundle's own launcher (fail when python3 is missing)",
    },
    "no-exec": {
      type: "boolean",
      description: "Do not run the bundle's own launcher (the kit's simulation alone)",
    },
    "exec-timeout": {
      type: "string",
      valueName: "MS",
      description: "Deadline of --exec (default 30000)",
    },
    interpreter: {
      type: "string",
      valueName: "PATH",
      description: "Interpreter for --exec (default python3)",
    },
    promote: {
      type: "boolean",
      description: "Make it ACTIVE at once (previous ACTIVE becomes ROLLBACK)",
    },
    "no-stage": { type: "boolean", description: "Only report; leave the slots alone" },
    "keep-staging": {
      type: "boolean",
      description: "Keep the extracted tree and exec scratch folder",
    },
  },
  exitCodes: {
    0: "BOOT_OK",
    1: "BOOT_FAILED (any code except BUNDLE_NOT_FOUND)",
    2: "usage error, BUNDLE_NOT_FOUND, or the slots stayed locked",
  },
  async run(ctx) {
    const path = requirePositional(ctx, 0, "<bundle.zip>");
    if (ctx.values.promote && ctx.values["no-stage"]) {
      throw new UsageError("--promote and --no-stage contradict each other");
    }
    if (ctx.values.exec && ctx.values["no-exec"]) {
      throw new UsageError("--exec and --no-exec contradict each other");
    }
    const interpreter = stringFlag(ctx, "interpreter");
    const timeout = numberFlag(ctx, "exec-timeout");
    return await bootImage(ctx.config, path, {
      exec: ctx.values.exec === true ? true : ctx.values["no-exec"] === true ? false : "auto",
      stage: ctx.values["no-stage"] !== true,
      promote: ctx.values.promote === true,
      keepStaging: ctx.values["keep-staging"] === true,
      ...(interpreter === undefined ? {} : { interpreter }),
      ...(timeout === undefined ? {} : { execTimeoutMs: timeout }),
      signal: ctx.signal,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: renderBootReport,
  exitCode: (report) => report.ok ? 0 : report.code === "BUNDLE_NOT_FOUND" ? 2 : 1,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
