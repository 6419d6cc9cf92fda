/**
 * `generate_signing_key` (`metablooms keygen`): a new Ed25519 private key for
 * signing build receipts. A CLI command only: a chat client has no use for a
 * private key file.
 *
 * @module
 */
import { renderKey } from "../lib/bundle/render.ts";
import { generateSigningKey } from "../lib/bundle/signing.ts";
import { type SigningKeyInfo, SigningKeyInfoSchema } from "../schemas/bundle.ts";
import {
  type GenerateSigningKeyInput,
  GenerateSigningKeyInputSchema,
} from "../schemas/bundle_input.ts";
import type { Operation } from "./operation.ts";

/** `generate_signing_key`. */
export const generateSigningKeyOp: Operation<GenerateSigningKeyInput, SigningKeyInfo> = {
  name: "generate_signing_key",
  title: "Generate a receipt signing key",
  description:
    "Writes a new Ed25519 private key (JWK, mode 0600) for signing build receipts and returns its public key and key id.",
  input: GenerateSigningKeyInputSchema,
  output: SigningKeyInfoSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: false,
  },
  async run(input, ctx) {
    return await generateSigningKey(await ctx.resolvePath(input.path));
  },
  render: renderKey,
  mcp: false,
  cli: {
    name: "keygen",
    script: "generate_signing_key.ts",
    summary: "Write a new Ed25519 private key (JWK) for signing build receipts",
    usage: "<key-file>",
    description:
      "Writes the private key (JWK, mode 0600) to <key-file>; give it to `build --key` (or config " +
      "signingKeyPath, env MB_SIGNING_KEY) to sign BUILD_RECEIPT files. Prints the public key and key id.",
    positionals: [{ field: "path", name: "<key-file>" }],
  },
};
