/**
 * OS bundles: validate a bundle zip in one streaming pass without extracting
 * it, inspect its entries and manifests, build reproducible bundles with a
 * MEEP inventory, a (signed) receipt and a sidecar, and extract safely
 * through a staging folder.
 *
 * @example Validate a bundle
 * ```ts ignore
 * import { validateBundle } from "./mod.ts";
 * const verdict = await validateBundle("MetaBlooms_OS_CANONICAL_v7_4_1.zip", { strict: true });
 * console.log(verdict.ok, verdict.identity.generation, verdict.findings.length);
 * ```
 *
 * @module
 */
export * from "./build.ts";
export * from "./build_manifest.ts";
export * from "./contract.ts";
export * from "./entry_checks.ts";
export * from "./extract.ts";
export * from "./findings.ts";
export * from "./generation.ts";
export * from "./generations/mod.ts";
export * from "./inspect.ts";
export * from "./layout.ts";
export * from "./limits.ts";
export * from "./meep.ts";
export * from "./receipt.ts";
export * from "./render.ts";
export * from "./scan.ts";
export * from "./sidecar.ts";
export * from "./signing.ts";
export * from "./sniff.ts";
export * from "./source_tree.ts";
export * from "./validate.ts";
export * from "./zip/mod.ts";
