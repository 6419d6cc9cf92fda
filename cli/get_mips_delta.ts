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
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { getMipsDeltaOp } from "../ops/get_mips_delta.ts";
import type { MipsDelta } from "../schemas/ltm.ts";

/** `metablooms get`: the `get_mips_delta` operation. */
export const command: Command<MipsDelta> = operationCommand(getMipsDeltaOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
