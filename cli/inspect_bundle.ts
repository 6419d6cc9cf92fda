/**
 * `metablooms inspect`: list a bundle's entries, show its manifests, or print
 * one file from inside it, without extracting.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms inspect os.zip --entry boot_manifest.json
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { inspectBundleOp } from "../ops/inspect_bundle.ts";
import type { Inspection } from "../schemas/bundle.ts";

/** `metablooms inspect`: the `inspect_bundle` operation. */
export const command: Command<Inspection> = operationCommand(inspectBundleOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
