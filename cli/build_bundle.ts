/**
 * `metablooms build`: build a reproducible OS bundle from a folder, with a
 * MEEP inventory, a (signed) build receipt and a `.sha256` sidecar.
 *
 * @example
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms build ./os_src --version v7.5.0 --output dist --changelog "Add SandFit"
 * deno run -A jsr:@metablooms/kit/metablooms build --generate-key receipt.jwk
 * ```
 *
 * @module
 */
import { type Command, runCommand, stringFlag } from "./_command.ts";
import { buildBundle } from "../lib/bundle/build.ts";
import { generateSigningKey } from "../lib/bundle/signing.ts";
import { renderBuild, renderKey } from "../lib/bundle/render.ts";
import { UsageError } from "../lib/errors.ts";
import type { BuildResult, SigningKeyInfo } from "../schemas/bundle.ts";

/** What `metablooms build` returns: a build, a generated key, or both. */
export interface BuildCommandResult {
  /** The build, when a source folder was given. */
  build?: BuildResult;
  /** The generated key, with `--generate-key`. */
  generated_key?: SigningKeyInfo;
}

/** `metablooms build`. */
export const command: Command<BuildCommandResult> = {
  name: "build",
  script: "build_bundle.ts",
  summary: "Build a reproducible OS bundle zip (+ receipt and sidecar) from a folder",
  usage:
    "<source-dir> --version V [--output DIR|FILE.zip] [--changelog TEXT]... [--key FILE] | --generate-key FILE",
  description:
    "Entries are sorted, timestamps fixed (1980-01-01, or SOURCE_DATE_EPOCH), attributes fixed, " +
    "__pycache__/.git/.pytest_cache skipped; VERSION_MANIFEST.json and MEEP_Manifest.json are written " +
    "inside; BUILD_RECEIPT_<version>.json and <zip>.sha256 beside it. The same input gives the same " +
    "bytes. --key (or config signingKeyPath) signs the receipt with Ed25519; --generate-key writes a " +
    "new private key (JWK) and, with a source folder, signs with it.",
  options: {
    version: {
      type: "string",
      valueName: "V",
      description: "Version, e.g. v7.5.0 (required with a source)",
    },
    output: {
      type: "string",
      valueName: "PATH",
      description: "Output folder or .zip file (default: current folder)",
    },
    changelog: {
      type: "string",
      multiple: true,
      valueName: "TEXT",
      description: "A changelog line",
    },
    key: {
      type: "string",
      valueName: "FILE",
      description: "Ed25519 private JWK to sign the receipt with",
    },
    "generate-key": {
      type: "string",
      valueName: "FILE",
      description: "Write a new Ed25519 private key (JWK) to FILE",
    },
    date: {
      type: "string",
      valueName: "YYYY-MM-DD",
      description: "Build date (default: SOURCE_DATE_EPOCH's date, else today)",
    },
  },
  exitCodes: {
    0: "built and valid (or key generated)",
    1: "built, but the bundle does not validate (see the receipt)",
    2: "usage error, or the source cannot be read",
  },
  async run(ctx) {
    const generate = stringFlag(ctx, "generate-key");
    const source = ctx.positionals[0];
    if (generate === undefined && source === undefined) {
      throw new UsageError("Missing argument <source-dir>");
    }
    const result: BuildCommandResult = {};
    if (generate !== undefined) result.generated_key = await generateSigningKey(generate);
    if (source === undefined) return result;
    const version = stringFlag(ctx, "version");
    if (version === undefined) throw new UsageError("Missing --version (e.g. --version v7.5.0)");
    const key = generate ?? stringFlag(ctx, "key") ?? ctx.config.signingKeyPath;
    const output = stringFlag(ctx, "output");
    const date = stringFlag(ctx, "date");
    const changelog = ctx.values.changelog;
    result.build = await buildBundle(source, {
      version,
      changelog: Array.isArray(changelog) ? changelog : [],
      limits: ctx.config.bundleLimits,
      signal: ctx.signal,
      ...(output === undefined ? {} : { output }),
      ...(key === undefined ? {} : { signingKey: key }),
      ...(date === undefined ? {} : { date }),
      ...(ctx.progress ? { progress: ctx.progress } : {}),
    });
    return result;
  },
  render: (r) =>
    [r.generated_key && renderKey(r.generated_key), r.build && renderBuild(r.build)].filter(Boolean)
      .join("\n"),
  exitCode: (r) => (r.build && !r.build.verdict.ok ? 1 : 0),
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
