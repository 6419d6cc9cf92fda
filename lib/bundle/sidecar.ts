/**
 * `.sha256` sidecars (bundle.md §6): `"<64 hex>  <basename>\n"` (sha256sum
 * format; readers take the first token) or the JSON variant
 * `{sha256, size_bytes}`; checks of the sidecars inside a zip.
 *
 * @module
 */
import type { Finding } from "../../schemas/bundle.ts";
import { finding } from "./findings.ts";

/** A parsed sidecar. */
export interface Sidecar {
  /** Lowercase hex SHA-256. */
  sha256: string;
  /** Size in bytes (JSON variant only). */
  size?: number | undefined;
}

/**
 * Parses a sidecar's text.
 *
 * @param text The sidecar content.
 * @returns The hash (and size), or null when malformed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseSidecar } from "./sidecar.ts";
 * assert(parseSidecar("A".repeat(64) + "  x.zip\n")?.sha256 === "a".repeat(64));
 * assert(parseSidecar("nonsense") === null);
 * ```
 */
export function parseSidecar(text: string): Sidecar | null {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const value = JSON.parse(trimmed) as { sha256?: unknown; size_bytes?: unknown };
      if (typeof value.sha256 !== "string" || !/^[0-9a-f]{64}$/i.test(value.sha256)) return null;
      return {
        sha256: value.sha256.toLowerCase(),
        ...(typeof value.size_bytes === "number" ? { size: value.size_bytes } : {}),
      };
    } catch {
      return null;
    }
  }
  const token = trimmed.split(/\s+/)[0] ?? "";
  return /^[0-9a-f]{64}$/i.test(token) ? { sha256: token.toLowerCase() } : null;
}

/**
 * Formats a sidecar in sha256sum format.
 *
 * @param sha256 Hex hash.
 * @param basename File name the hash is of.
 * @returns `"<hash>  <basename>\n"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSidecar } from "./sidecar.ts";
 * assert(formatSidecar("ab", "x.zip") === "ab  x.zip\n");
 * ```
 */
export function formatSidecar(sha256: string, basename: string): string {
  return `${sha256}  ${basename}\n`;
}

/**
 * Verifies every `*.sha256` sidecar inside a zip against the entry it names.
 *
 * @param sidecars Sidecar entry name → its content.
 * @param hashes Entry name → SHA-256 (entries read successfully).
 * @param sizes Entry name → uncompressed size (every entry).
 * @returns Findings (`SIDECAR_MISMATCH`, `SIDECAR_ORPHANED`, `SIDECAR_INVALID`, `SIDECARS_VERIFIED`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkSidecars } from "./sidecar.ts";
 * const f = checkSidecars(new Map([["a.sha256", new TextEncoder().encode("0".repeat(64))]]), new Map(), new Map());
 * assert(f[0]?.code === "SIDECAR_ORPHANED");
 * ```
 */
export function checkSidecars(
  sidecars: ReadonlyMap<string, Uint8Array>,
  hashes: ReadonlyMap<string, string>,
  sizes: ReadonlyMap<string, number>,
): Finding[] {
  const findings: Finding[] = [];
  let verified = 0;
  for (const [name, bytes] of sidecars) {
    const target = name.slice(0, -".sha256".length);
    const sidecar = parseSidecar(new TextDecoder().decode(bytes));
    if (!sidecar) {
      findings.push(
        finding("SIDECAR_INVALID", `Sidecar ${name} does not start with a 64-hex SHA-256`, name),
      );
      continue;
    }
    if (!sizes.has(target)) {
      findings.push(
        finding(
          "SIDECAR_ORPHANED",
          `Sidecar ${name} names ${target}, which is not in the bundle`,
          name,
        ),
      );
      continue;
    }
    const actual = hashes.get(target);
    if (actual === undefined) continue; // the entry itself failed; reported elsewhere
    if (
      actual !== sidecar.sha256 ||
      (sidecar.size !== undefined && sidecar.size !== sizes.get(target))
    ) {
      findings.push(finding(
        "SIDECAR_MISMATCH",
        `Sidecar ${name} says sha256 ${sidecar.sha256}, but ${target} hashes to ${actual}`,
        target,
        { expected: sidecar.sha256, actual },
      ));
      continue;
    }
    verified++;
  }
  if (sidecars.size) {
    findings.push(
      finding(
        "SIDECARS_VERIFIED",
        `${verified} of ${sidecars.size} sidecars inside the bundle match their files`,
        undefined,
        { verified, total: sidecars.size },
      ),
    );
  }
  return findings;
}
