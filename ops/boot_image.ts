/**
 * `boot_image` (`metablooms boot`): boot a bundle fail-closed and stage it as
 * CANDIDATE when it boots OK.
 *
 * @module
 */
import { bootImage } from "../lib/boot/boot_image.ts";
import { renderBootReport } from "../lib/boot/render.ts";
import { UsageError } from "../lib/errors.ts";
import { type BootReport, BootReportSchema } from "../schemas/boot.ts";
import { type BootImageInput, BootImageInputSchema } from "../schemas/boot_input.ts";
import type { Operation } from "./operation.ts";
import { UI_VIEWS } from "./ui.ts";

/** `boot_image`. */
export const bootImageOp: Operation<BootImageInput, BootReport> = {
  name: "boot_image",
  title: "Boot an OS bundle",
  description:
    "Boots a MetaBlooms OS bundle fail-closed: validates it, extracts it into staging, runs the bundle's own launcher for its generation (A–G; python3, scratch copy, no network) and reads its real success signals (exit codes lie in several generations) as the compat verdict; for Gen A also activates the ten subsystems (any required one in ERROR gives BOOT_FAILED: ACTIVATION_GATE_FAILED) and writes the activation status, smoke and chat-capture receipts. Appends an audit event and stages the bundle as CANDIDATE when it boots OK. Without python3 the result says plainly that the runtime could not be run.",
  input: BootImageInputSchema,
  output: BootReportSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  async run(input, ctx) {
    if (input.promote === true && input.stage === false) {
      throw new UsageError(
        "promote and stage: false (--promote and --no-stage) contradict each other",
      );
    }
    if (input.exec === true && input.no_exec === true) {
      throw new UsageError("exec and no_exec (--exec and --no-exec) contradict each other");
    }
    return await bootImage(ctx.config, await ctx.resolvePath(input.path), {
      exec: input.no_exec === true ? false : input.exec ?? "auto",
      stage: input.stage ?? true,
      promote: input.promote ?? false,
      keepStaging: input.keep_staging ?? false,
      ...(input.interpreter === undefined ? {} : { interpreter: input.interpreter }),
      ...(input.exec_timeout_ms === undefined ? {} : { execTimeoutMs: input.exec_timeout_ms }),
      signal: ctx.signal,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: renderBootReport,
  exitCode: (report) => report.ok ? 0 : report.code === "BUNDLE_NOT_FOUND" ? 2 : 1,
  // Choosing the interpreter runs a program of the caller's choice: not for a chat client.
  mcp: { omit: ["interpreter", "keep_staging", "no_exec"], ui: UI_VIEWS.boot },
  cli: {
    name: "boot",
    script: "boot_image.ts",
    summary: "Boot a bundle fail-closed; stage it as CANDIDATE when it boots OK",
    usage: "<bundle.zip> [--exec | --no-exec] [--promote | --no-stage]",
    description:
      "Validates the bundle (generation A–G), extracts it into <data-dir>/staging and runs its own " +
      "launcher whenever python3 is present (scratch copy, no network when `unshare -n` works, " +
      "deadline); that run's outcome, read from the generation's real success signals, is the " +
      "original's (compat) verdict. For Gen A the kit also activates the ten subsystems (BOOT_STATE, " +
      "CHM, heuristic matrix, bridge map, shopping mode controller, egg juicer, BLE, governance, " +
      "decision spine, sandfit) and writes the activation status, smoke and chat-capture receipts " +
      "under <data-dir>/boots/<boot_id>/; any required subsystem in ERROR fails the boot " +
      "(BOOT_FAILED: ACTIVATION_GATE_FAILED), also where the original masks it. Without python3 the " +
      "report says the runtime could not be run. Every boot is appended to the audit log.",
    positionals: [{ field: "path", name: "<bundle.zip>" }],
    flags: {
      exec: {
        description: "Require the run of the bundle's own launcher (fail when python3 is missing)",
      },
      no_exec: { description: "Do not run the bundle's own launcher (the kit's simulation alone)" },
      exec_timeout_ms: { flag: "exec-timeout", valueName: "MS" },
      interpreter: { valueName: "PATH" },
      stage: { negate: true, description: "Only report; leave the slots alone" },
    },
    exitCodes: {
      0: "BOOT_OK",
      1: "BOOT_FAILED (any code except BUNDLE_NOT_FOUND)",
      2: "usage error, BUNDLE_NOT_FOUND, or the slots stayed locked",
    },
  },
};
