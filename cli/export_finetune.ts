/**
 * `metablooms export-finetune`: the `export_finetune` operation.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/export_finetune --help
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { exportFinetuneOp } from "../ops/export_finetune.ts";
import type { FinetuneExport } from "../schemas/audit.ts";

/** `metablooms export-finetune`: the `export_finetune` operation. */
export const command: Command<FinetuneExport> = operationCommand(exportFinetuneOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
