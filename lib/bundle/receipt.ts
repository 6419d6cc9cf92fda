/**
 * The files that travel beside a bundle: `BUILD_RECEIPT_<version>.json`
 * (found by its `bundle_filename`, hash and signature verified) and the
 * `<zip>.sha256` sidecar.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import {
  type BuildReceipt,
  BuildReceiptSchema,
  type Finding,
  type Generation,
} from "../../schemas/bundle.ts";
import { finding } from "./findings.ts";
import { parseSidecar } from "./sidecar.ts";
import { verifyReceiptSignature } from "./signing.ts";

/**
 * Finds the receipt of a bundle in its folder: a `BUILD_RECEIPT_*.json` whose
 * `bundle_filename` is the bundle's name (the newest by name when several).
 *
 * @param bundlePath The bundle.
 * @returns The receipt path, or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findReceipt } from "./receipt.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/BUILD_RECEIPT_v1.json`, JSON.stringify({ bundle_filename: "x.zip" }));
 * assert((await findReceipt(`${dir}/x.zip`))?.endsWith("BUILD_RECEIPT_v1.json"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function findReceipt(bundlePath: string): Promise<string | undefined> {
  const dir = dirname(bundlePath);
  const name = basename(bundlePath);
  const candidates: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && /^BUILD_RECEIPT_.*\.json$/.test(entry.name)) candidates.push(entry.name);
    }
  } catch {
    return undefined;
  }
  for (const candidate of candidates.sort().reverse()) {
    try {
      const stat = await Deno.stat(join(dir, candidate));
      if (stat.size > 1 << 20) continue;
      const value = JSON.parse(await Deno.readTextFile(join(dir, candidate)));
      if (value?.bundle_filename === name) return join(dir, candidate);
    } catch { /* not a receipt of ours */ }
  }
  return undefined;
}

/**
 * Checks a receipt against the bundle: shape, `bundle_sha256`, signature.
 *
 * @param receiptPath The receipt file.
 * @param sha256 The bundle's SHA-256.
 * @param explicit Whether the caller named the receipt (a missing one is then an error).
 * @returns Findings and the parsed receipt when valid.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkReceipt } from "./receipt.ts";
 * const { findings } = await checkReceipt("/nonexistent/BUILD_RECEIPT_v1.json", "0".repeat(64), true);
 * assert(findings[0]?.code === "RECEIPT_NOT_FOUND");
 * ```
 */
export async function checkReceipt(
  receiptPath: string,
  sha256: string,
  explicit: boolean,
): Promise<{ findings: Finding[]; receipt?: BuildReceipt }> {
  let text: string;
  try {
    text = await Deno.readTextFile(receiptPath);
  } catch {
    return explicit
      ? {
        findings: [
          finding("RECEIPT_NOT_FOUND", `Receipt ${receiptPath} cannot be read`, receiptPath),
        ],
      }
      : { findings: [] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      findings: [
        finding(
          "RECEIPT_INVALID",
          `Receipt ${receiptPath} is not valid JSON (${(error as Error).message})`,
          receiptPath,
        ),
      ],
    };
  }
  const parsed = BuildReceiptSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      findings: [
        finding(
          "RECEIPT_INVALID",
          `Receipt ${receiptPath} has a bad field ${issue?.path.join(".")}: ${issue?.message}`,
          receiptPath,
        ),
      ],
    };
  }
  const receipt = parsed.data;
  const findings: Finding[] = [];
  if (receipt.bundle_sha256.toLowerCase() !== sha256) {
    findings.push(finding(
      "RECEIPT_SHA256_MISMATCH",
      `Receipt ${receiptPath} is for sha256 ${receipt.bundle_sha256}, but the bundle hashes to ${sha256}`,
      receiptPath,
      { expected: receipt.bundle_sha256, actual: sha256 },
    ));
  }
  if (!receipt.signature) {
    findings.push(finding("RECEIPT_UNSIGNED", `Receipt ${receiptPath} is not signed`, receiptPath));
  } else if (await verifyReceiptSignature(receipt)) {
    findings.push(finding(
      "RECEIPT_SIGNATURE_VALID",
      `Receipt ${receiptPath} carries a valid Ed25519 signature by key ${receipt.signature.key_id}`,
      receiptPath,
      { key_id: receipt.signature.key_id, public_key: receipt.signature.public_key },
    ));
  } else {
    findings.push(finding(
      "RECEIPT_SIGNATURE_INVALID",
      `Receipt ${receiptPath} has an Ed25519 signature (key ${receipt.signature.key_id}) that does not match its content`,
      receiptPath,
      { key_id: receipt.signature.key_id },
    ));
  }
  return { findings, receipt };
}

/**
 * Checks the `<zip>.sha256` sidecar next to a bundle, when there is one.
 * A mismatch is an error for Gen C (its restore contract fails closed), else drift.
 *
 * @param bundlePath The bundle.
 * @param sha256 Its SHA-256.
 * @param size Its size.
 * @param generation Its generation.
 * @returns Findings (none when there is no sidecar).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkBundleSidecar } from "./receipt.ts";
 * assert((await checkBundleSidecar("/nonexistent.zip", "0".repeat(64), 0, "A")).length === 0);
 * ```
 */
export async function checkBundleSidecar(
  bundlePath: string,
  sha256: string,
  size: number,
  generation: Generation,
): Promise<Finding[]> {
  const path = `${bundlePath}.sha256`;
  let text: string;
  try {
    const stat = await Deno.stat(path);
    if (stat.size > 64 << 10) {
      return [
        finding(
          "BUNDLE_SIDECAR_INVALID",
          `Sidecar ${path} is too large to be a checksum file`,
          path,
        ),
      ];
    }
    text = await Deno.readTextFile(path);
  } catch {
    return [];
  }
  const sidecar = parseSidecar(text);
  if (!sidecar) {
    return [
      finding(
        "BUNDLE_SIDECAR_INVALID",
        `Sidecar ${path} does not start with a 64-hex SHA-256`,
        path,
      ),
    ];
  }
  if (sidecar.sha256 !== sha256 || (sidecar.size !== undefined && sidecar.size !== size)) {
    return [finding(
      "BUNDLE_SIDECAR_MISMATCH",
      `Sidecar ${path} says sha256 ${sidecar.sha256}${
        sidecar.size === undefined ? "" : ` and ${sidecar.size} bytes`
      }, but the bundle is ${sha256} (${size} bytes)`,
      path,
      { expected: sidecar.sha256, actual: sha256 },
      generation === "C" ? "error" : undefined,
    )];
  }
  return [finding("BUNDLE_SIDECAR_VERIFIED", `Sidecar ${path} matches the bundle`, path)];
}
