/**
 * `validateBundle`: the one-pass, never-extract validator of OS bundles.
 *
 * @module
 */
import type { Verdict } from "../../schemas/bundle.ts";
import { ExitCode } from "../errors.ts";
import { runValidation, type ValidateOptions } from "./_pipeline.ts";

export type { ValidateOptions } from "./_pipeline.ts";

/**
 * Validates an OS bundle zip without extracting it: zip structure (CRC,
 * sizes, headers, zip64, encryption, duplicates), unsafe paths, zip-bomb
 * limits, the generation's layout (Gen-A parity with the original
 * validator), boot manifest and contract, the MEEP inventory, sidecars and
 * the build receipt's hash and signature, all in one streaming pass.
 *
 * @param path The bundle (`.zip`).
 * @param options `strict`, `limits`, `buildManifestPath`, `receiptPath`, `signal`, `progress`.
 * @returns The verdict; `ok` is false when any finding is an error.
 * @throws {KitError} `BUNDLE_NOT_FOUND` / `BUNDLE_IS_DIRECTORY` / `BUILD_MANIFEST_INVALID` (exit 2);
 * the signal's reason when aborted.
 *
 * @example A file that is not a zip gets a verdict, not an exception
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateBundle } from "./validate.ts";
 * const f = await Deno.makeTempFile({ suffix: ".zip" });
 * await Deno.writeTextFile(f, "hello, not a zip");
 * const verdict = await validateBundle(f);
 * assert(!verdict.ok && !verdict.readable && verdict.findings[0]?.code === "NOT_A_ZIP");
 * await Deno.remove(f);
 * ```
 */
export async function validateBundle(
  path: string,
  options: ValidateOptions = {},
): Promise<Verdict> {
  return (await runValidation(path, options)).verdict;
}

/**
 * The CLI exit code of a verdict: 0 valid, 1 invalid, 2 unreadable.
 *
 * @param verdict A verdict.
 * @returns 0, 1 or 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verdictExitCode } from "./validate.ts";
 * assert(verdictExitCode({ ok: false, readable: false } as never) === 2);
 * ```
 */
export function verdictExitCode(verdict: Pick<Verdict, "ok" | "readable">): number {
  return verdict.ok ? ExitCode.OK : verdict.readable ? ExitCode.INVALID : ExitCode.USAGE;
}
