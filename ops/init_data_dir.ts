/**
 * `init_data_dir`: load the sample bundle and LTM into a new data directory
 * (what `metablooms serve` does on its first start). Not a command or tool of
 * its own: `serve` runs it, and the web door may.
 *
 * @module
 */
import { initDataDir } from "../lib/setup/first_run.ts";
import {
  type FirstRunReport,
  FirstRunReportSchema,
  type InitDataDirInput,
  InitDataDirInputSchema,
} from "../schemas/setup.ts";
import type { Operation } from "./operation.ts";

/** `init_data_dir`. */
export const initDataDirOp: Operation<InitDataDirInput, FirstRunReport> = {
  name: "init_data_dir",
  title: "Load the samples into the data directory",
  description:
    "Validates the sample bundles and boots the first valid one into the ACTIVE slot, copies the sample LTM into the LTM folder when that is empty (as a git repository) and indexes it. A failing step is recorded and the others still run.",
  input: InitDataDirInputSchema,
  output: FirstRunReportSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  async run(input, ctx) {
    return await initDataDir(ctx.config, {
      samplesDir: await ctx.resolvePath(input.samples_dir),
      store: await ctx.store(),
      signal: ctx.signal,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
  },
  render: (r) =>
    [
      `${r.ok ? "Loaded" : "Loaded with failures"}: ${r.samples_dir} → ${r.data_dir}`,
      ...r.steps.map((s) => `  ${s.ok ? "ok  " : "FAIL"} ${s.step} ${s.target}: ${s.summary}`),
    ].join("\n"),
  exitCode: (r) => (r.ok ? 0 : 1),
  cli: false,
  mcp: false,
};
