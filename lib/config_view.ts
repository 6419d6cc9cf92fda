/**
 * The configuration as the kit shows it: snake_case fields like every result
 * object, secrets redacted.
 *
 * @module
 */
import type { BundleLimits } from "../schemas/bundle.ts";
import type { ConfigView } from "../schemas/config.ts";
import type { Config } from "./config.ts";
import { redactUrl } from "./store/url.ts";

/** What a redacted secret reads as. */
export const REDACTED = "[redacted]";

/**
 * The configuration as a result object: snake_case fields, the MCP token
 * replaced by `"[redacted]"`, the database URL without its password.
 *
 * @param config The resolved configuration.
 * @returns A copy safe to show a client.
 *
 * @example The token never shows
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "./config.ts";
 * import { configView } from "./config_view.ts";
 * const config = await loadConfig({
 *   env: { MB_TOKEN: "0123456789abcdef", MB_DATABASE_URL: "postgres://kit:s3cret@db/kit" },
 *   cwd: "/tmp",
 * });
 * const view = configView(config);
 * assert.equal(view.mcp.token, "[redacted]");
 * assert.equal(view.data_dir, config.dataDir);
 * assert.equal(view.database_url, "postgres://kit@db/kit");
 * assert(!JSON.stringify(view).includes("0123456789abcdef"));
 * assert(!JSON.stringify(view).includes("s3cret"));
 * ```
 */
export function configView(config: Config): ConfigView {
  const { ollama, mcp, bundleLimits } = config;
  return {
    data_dir: config.dataDir,
    db_path: config.dbPath,
    ...(config.databaseUrl === undefined ? {} : { database_url: redactUrl(config.databaseUrl) }),
    ltm_dir: config.ltmDir,
    watch_dir: config.watchDir,
    roots: [...config.roots],
    ollama: {
      host: ollama.host,
      model: ollama.model,
      embed_model: ollama.embedModel,
      personas: { ...ollama.personas },
      timeout_ms: ollama.timeoutMs,
      retries: ollama.retries,
    },
    mcp: {
      host: mcp.host,
      port: mcp.port,
      ...(mcp.token === undefined ? {} : { token: REDACTED }),
      max_body_bytes: mcp.maxBodyBytes,
      allowed_hosts: [...mcp.allowedHosts],
      allowed_origins: [...mcp.allowedOrigins],
    },
    bundle_limits: bundleLimitsView(bundleLimits),
    image: {
      max_corrections: config.image.maxCorrections,
      sandbox_timeout_ms: config.image.sandboxTimeoutMs,
      sandbox_memory_mb: config.image.sandboxMemoryMb,
    },
    ...(config.signingKeyPath === undefined ? {} : { signing_key_path: config.signingKeyPath }),
  };
}

/**
 * Zip-bomb limits as a result object (a verdict's `limits`, the config view's
 * `bundle_limits`).
 *
 * @param limits The limits as `config.bundleLimits` holds them.
 * @returns The same limits with snake_case fields.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bundleLimitsView } from "./config_view.ts";
 * const view = bundleLimitsView({ maxTotalBytes: 10, maxEntries: 2, maxRatio: 5 });
 * assert.deepEqual(view, { max_total_bytes: 10, max_entries: 2, max_ratio: 5 });
 * ```
 */
export function bundleLimitsView(limits: Config["bundleLimits"]): BundleLimits {
  return {
    max_total_bytes: limits.maxTotalBytes,
    max_entries: limits.maxEntries,
    max_ratio: limits.maxRatio,
  };
}
