/**
 * `metablooms doctor`: can inference work on the configured Ollama endpoint?
 * Prints the endpoint, version, installed and loaded models (with VRAM), the
 * configured default / embedding / persona models with the `ollama pull` that
 * fixes a missing one, and a 1-token round-trip time.
 *
 * @example Check the endpoint named by OLLAMA_HOST
 * ```sh
 * OLLAMA_HOST=127.0.0.1:11434 deno run -A jsr:@metablooms/kit/metablooms doctor
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { llmStatusOp } from "../ops/llm_status.ts";
import type { DoctorReport } from "../schemas/llm_doctor.ts";

/** `metablooms doctor`: the `llm_status` operation. */
export const command: Command<DoctorReport> = operationCommand(llmStatusOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
