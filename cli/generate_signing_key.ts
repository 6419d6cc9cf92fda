/**
 * `metablooms keygen`: write a new Ed25519 private key for signing build
 * receipts.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms keygen receipt.jwk
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { generateSigningKeyOp } from "../ops/generate_signing_key.ts";
import type { SigningKeyInfo } from "../schemas/bundle.ts";

/** `metablooms keygen`: the `generate_signing_key` operation. */
export const command: Command<SigningKeyInfo> = operationCommand(generateSigningKeyOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
