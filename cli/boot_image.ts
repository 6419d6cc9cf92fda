/**
 * `metablooms boot <bundle.zip>`: boot a bundle fail-closed — validate,
 * extract into staging, activate the ten subsystems, write the receipts — and
 * stage it as CANDIDATE when it boots OK. Prints the kit's verdict, what the
 * original boot would have said, and (with `--exec`) the verdict of really
 * running the bundle's own entrypoint.
 *
 * @example Boot, running the bundle's Python entry too
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms boot samples/bundles/metablooms_os_sample_v1.zip --exec
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { bootImageOp } from "../ops/boot_image.ts";
import type { BootReport } from "../schemas/boot.ts";

/** `metablooms boot`: the `boot_image` operation. */
export const command: Command<BootReport> = operationCommand(bootImageOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
