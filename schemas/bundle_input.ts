/**
 * Zod schemas of the bundle operations' inputs (`validate_bundle`,
 * `inspect_bundle`, `build_bundle`, `extract_bundle`, `generate_signing_key`):
 * the MCP tools' `inputSchema`, the CLI's flags, the web door's forms.
 *
 * @module
 */
import { z } from "zod";

/** Input of `validate_bundle`. */
export interface ValidateBundleInput {
  /** The bundle zip. */
  path: string;
  /** Treat integrity drift as errors. */
  strict?: boolean | undefined;
  /** Build receipt to verify. */
  receipt_path?: string | undefined;
  /** A build_manifest.json to check the Gen-A layout against. */
  manifest_path?: string | undefined;
}

/** Schema of {@linkcode ValidateBundleInput}. */
export const ValidateBundleInputSchema: z.ZodType<ValidateBundleInput> = z.object({
  path: z.string().min(1).describe("The bundle zip to validate (inside the configured roots)."),
  strict: z.boolean().optional().describe(
    "Treat integrity drift (stale/partial MEEP, contract mismatches, stale sidecars, receipt hash) as errors. Default false.",
  ),
  receipt_path: z.string().optional().describe(
    "Build receipt to verify; default: a BUILD_RECEIPT_*.json next to the bundle that names it.",
  ),
  manifest_path: z.string().optional().describe(
    "A build_manifest.json to check the Gen-A layout against; default: the bundle's own scripts/build_manifest.json, else the embedded Gen-A one.",
  ),
});

/** Input of `inspect_bundle`. */
export interface InspectBundleInput {
  /** The bundle zip. */
  path: string;
  /** An entry whose content to return. */
  entry?: string | undefined;
  /** Cut the entry's content after this many bytes. */
  max_bytes?: number | undefined;
}

/** Schema of {@linkcode InspectBundleInput}. */
export const InspectBundleInputSchema: z.ZodType<InspectBundleInput> = z.object({
  path: z.string().min(1).describe("The bundle zip (inside the configured roots)."),
  entry: z.string().optional().describe(
    "An entry whose content to return, by exact name (e.g. boot_manifest.json).",
  ),
  max_bytes: z.number().int().min(1).max(16 << 20).optional().describe(
    "Cut the entry's content after this many bytes. Default 65536.",
  ),
});

/** Input of `build_bundle`. */
export interface BuildBundleInput {
  /** The OS source folder. */
  path: string;
  /** Version to build. */
  version: string;
  /** Output folder or .zip file. */
  output_path?: string | undefined;
  /** Changelog lines. */
  changelog?: string[] | undefined;
  /** Ed25519 private JWK to sign the receipt with. */
  key_path?: string | undefined;
  /** Build date YYYY-MM-DD. */
  date?: string | undefined;
}

/** Schema of {@linkcode BuildBundleInput}. */
export const BuildBundleInputSchema: z.ZodType<BuildBundleInput> = z.object({
  path: z.string().min(1).describe("The OS source folder to pack (inside the configured roots)."),
  version: z.string().min(1).describe("Version to build, e.g. v7.5.0."),
  output_path: z.string().optional().describe(
    "Output folder or .zip file (inside the roots). Default: <data-dir>/bundles/built.",
  ),
  changelog: z.array(z.string()).optional().describe(
    "Changelog lines for VERSION_MANIFEST.json and the receipt.",
  ),
  key_path: z.string().optional().describe(
    "Ed25519 private JWK to sign the receipt with. Default: config signingKeyPath, if set.",
  ),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe(
    "Build date YYYY-MM-DD (part of the file name and manifests). Default: today (UTC) or SOURCE_DATE_EPOCH's date.",
  ),
});

/** Input of `extract_bundle`. */
export interface ExtractBundleInput {
  /** The bundle zip. */
  path: string;
  /** Folder to create with the bundle's files. */
  dest_path: string;
  /** Replace a non-empty `dest_path`. */
  replace?: boolean | undefined;
  /** Also refuse bundles with integrity drift. */
  strict?: boolean | undefined;
}

/** Schema of {@linkcode ExtractBundleInput}. */
export const ExtractBundleInputSchema: z.ZodType<ExtractBundleInput> = z.object({
  path: z.string().min(1).describe("The bundle zip to extract (inside the configured roots)."),
  dest_path: z.string().min(1).describe(
    "Folder to create with the bundle's files (inside the roots).",
  ),
  replace: z.boolean().optional().describe(
    "Replace dest_path if it exists and is not empty (swapped out only after a verified extraction). Default false.",
  ),
  strict: z.boolean().optional().describe(
    "Also refuse bundles with integrity drift. Default false.",
  ),
});

/** Input of `generate_signing_key`. */
export interface GenerateSigningKeyInput {
  /** Where to write the new private key. */
  path: string;
}

/** Schema of {@linkcode GenerateSigningKeyInput}. */
export const GenerateSigningKeyInputSchema: z.ZodType<GenerateSigningKeyInput> = z.object({
  path: z.string().min(1).describe(
    "File to write the new Ed25519 private key (JWK, mode 0600) to; replaced if it exists.",
  ),
});
