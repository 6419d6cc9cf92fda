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
    "Boots a MetaBlooms OS bundle fail-closed: validates it, extracts it into staging, activates the ten subsystems (any required one in ERROR gives BOOT_FAILED: ACTIVATION_GATE_FAILED), writes the activation status, smoke and chat-capture receipts, appends an audit event, and stages the bundle as CANDIDATE when it boots OK. The result gives the kit's verdict, what the original boot would have said (it masks some failures), the subsystem table and, with exec, the verdict of running the bundle's own entrypoint.",
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
    return await bootImage(ctx.config, await ctx.resolvePath(input.path), {
      exec: input.exec ?? false,
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
  mcp: { omit: ["interpreter", "keep_staging"], ui: UI_VIEWS.boot },
  cli: {
    name: "boot",
    script: "boot_image.ts",
    summary: "Boot a bundle fail-closed; stage it as CANDIDATE when it boots OK",
    usage: "<bundle.zip> [--exec] [--promote | --no-stage]",
    description:
      "Validates the bundle, extracts it into <data-dir>/staging, activates the ten subsystems of the " +
      "Gen-A runtime (BOOT_STATE, CHM, heuristic matrix, bridge map, shopping mode controller tests, " +
      "egg juicer, BLE, governance, decision spine, sandfit), and writes the activation status, smoke " +
      "and chat-capture receipts under <data-dir>/boots/<boot_id>/. Any required subsystem in ERROR " +
      "fails the boot (BOOT_FAILED: ACTIVATION_GATE_FAILED). The report also gives the original boot's " +
      "verdict, which masks some failures. With --exec the bundle's own entrypoint runs too (python3, " +
      "scratch copy, no network when `unshare -n` works, deadline) and must agree. Every boot is " +
      "appended to <data-dir>/audit/boot_events.ndjson.",
    positionals: [{ field: "path", name: "<bundle.zip>" }],
    flags: {
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
