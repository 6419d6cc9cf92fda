/**
 * `metablooms build`: build a reproducible OS bundle from a folder, with a
 * MEEP inventory, a (signed) build receipt and a `.sha256` sidecar.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms build ./os_src --version v7.5.0 --output dist --changelog "Add SandFit"
 * deno run -A jsr:@metablooms/kit/metablooms keygen receipt.jwk && deno run -A jsr:@metablooms/kit/metablooms build ./os_src --version v7.5.0 --key receipt.jwk
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { buildBundleOp } from "../ops/build_bundle.ts";
import type { BuildResult } from "../schemas/bundle.ts";

/** `metablooms build`: the `build_bundle` operation. */
export const command: Command<BuildResult> = operationCommand(buildBundleOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
