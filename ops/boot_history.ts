/**
 * `boot_history` (`metablooms boots`): the newest boot and slot events of the
 * hash-chained boot audit log, with the chain's verdict.
 *
 * @module
 */
import { bootHistory } from "../lib/boot/history.ts";
import { renderBootHistory } from "../lib/boot/render.ts";
import { type BootHistory, BootHistorySchema } from "../schemas/boot.ts";
import { type BootHistoryInput, BootHistoryInputSchema } from "../schemas/boot_input.ts";
import type { Operation } from "./operation.ts";

/** `boot_history`. */
export const bootHistoryOp: Operation<BootHistoryInput, BootHistory> = {
  name: "boot_history",
  title: "Boot history",
  description:
    "Lists the newest boots (BOOT_OK / BOOT_FAILED with the kit's, the original's and the --exec verdicts) and slot changes of the data directory, newest first, from the hash-chained boot audit log, with whether the chain holds. Read-only.",
  input: BootHistoryInputSchema,
  output: BootHistorySchema,
  hints: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return await bootHistory(ctx.config, { limit: input.limit ?? 50 });
  },
  render: renderBootHistory,
  exitCode: (history) => history.chain_ok ? 0 : 1,
  mcp: {},
  cli: {
    name: "boots",
    script: "boot_history.ts",
    summary: "List the newest boots and slot changes (the boot audit log)",
    usage: "[--limit N]",
    description:
      "Reads <data-dir>/audit/boot_events.ndjson, verifies its hash chain, and lists the newest " +
      "events first: each boot with its bundle and verdicts, each promote, rollback and stage.",
    exitCodes: {
      0: "listed (also when no boot ran yet)",
      1: "the audit chain is broken",
      2: "usage error, or the log is unreadable",
    },
  },
};
