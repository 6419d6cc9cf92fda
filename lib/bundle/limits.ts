import type { Config } from "../config.ts";

/**
 * Zip-bomb limits as the bundle functions take them: the shape of `config.bundleLimits`
 * (camelCase TypeScript options). A verdict reports them with snake_case fields (`BundleLimits`).
 */
export type BundleLimitOptions = Config["bundleLimits"];

/**
 * Default zip-bomb limits (the same as `config.bundleLimits`' defaults):
 * 8 GiB uncompressed in all, 200 000 entries, 1000:1 per entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_BUNDLE_LIMITS } from "./limits.ts";
 * assert(DEFAULT_BUNDLE_LIMITS.maxRatio === 1000);
 * ```
 */
export const DEFAULT_BUNDLE_LIMITS: Readonly<BundleLimitOptions> = {
  maxTotalBytes: 8 * 1024 * 1024 * 1024,
  maxEntries: 200_000,
  maxRatio: 1000,
};
