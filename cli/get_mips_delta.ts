/**
 * `metablooms get`: one delta from the LTM index — record, self-hash verdict,
 * dependencies, dependents and body.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms get MB__03_DELTA__BlueWidgets_v1
 * ```
 *
 * @module
 */
import { type Command, requirePositional, runCommand } from "./_command.ts";
import { getMipsDelta } from "../lib/ltm/get.ts";
import { renderDelta } from "../lib/ltm/render.ts";
import { openStore } from "../lib/store/open.ts";
import type { MipsDelta } from "../schemas/ltm.ts";

/** `metablooms get`. */
export const command: Command<MipsDelta> = {
  name: "get",
  script: "get_mips_delta.ts",
  summary: "Show one delta from the LTM index (by module id, path, artifact id or stem)",
  usage: "<id|path>",
  exitCodes: {
    0: "found",
    1: "MIPS_NOT_FOUND: nothing in the index matches",
    2: "usage error",
  },
  async run(ctx) {
    const id = requirePositional(ctx, 0, "<id|path>");
    await using store = await openStore({ sqlite_path: ctx.config.dbPath });
    return await getMipsDelta(store, id);
  },
  render: renderDelta,
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
