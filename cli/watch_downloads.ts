/**
 * `metablooms watch`: the downloads watcher. Files MIPS deltas, notes and OS
 * bundles from the downloads folder into the LTM git repo (validated,
 * deduplicated, ledgered, committed and pushed), quarantines invalid ones,
 * and keeps a heartbeat. Logs `<UTC ISO> [OK]|[FAIL]|[SKIP] <msg>` lines to
 * stderr (none with `--json`).
 *
 * @example Process what is in ~/Downloads once, as JSON
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms watch --once --json
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { watchDownloadsOp } from "../ops/watch_downloads.ts";
import type { WatchReport } from "../schemas/watcher.ts";

/** `metablooms watch`: the `watch_downloads` operation. */
export const command: Command<WatchReport> = operationCommand(watchDownloadsOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
