/**
 * Zod schema of the configuration as the kit shows it (`metablooms://config`):
 * the resolved `Config` (lib/config.ts) with snake_case fields, like every other result, and the MCP token redacted.
 * The config file itself keeps the camelCase keys of `Config`.
 *
 * @module
 */
import { z } from "zod";
import { type BundleLimits, BundleLimitsSchema } from "./bundle.ts";

/** The configuration a server runs with, as shown to a client. */
export interface ConfigView {
  /** Folder of all state (`dataDir`). */
  data_dir: string;
  /** SQLite database file (`dbPath`). */
  db_path: string;
  /** The shared PostgreSQL store's URL without its password (`databaseUrl`), when set. */
  database_url?: string | undefined;
  /** The LTM git repository (`ltmDir`). */
  ltm_dir: string;
  /** The downloads folder the watcher watches (`watchDir`). */
  watch_dir: string;
  /** Folders that tools may read and write. */
  roots: string[];
  /** The local Ollama endpoint. */
  ollama: {
    /** Base URL. */
    host: string;
    /** Default chat/generate model tag. */
    model: string;
    /** Embedding model tag (`embedModel`). */
    embed_model: string;
    /** Persona name → model tag. */
    personas: Record<string, string>;
    /** Per-request timeout (`timeoutMs`). */
    timeout_ms: number;
    /** Retries on connection errors. */
    retries: number;
  };
  /** The MCP HTTP server. */
  mcp: {
    /** Listen address. */
    host: string;
    /** Listen port. */
    port: number;
    /** `"[redacted]"` when a bearer token is set. */
    token?: string | undefined;
    /** Largest accepted request body (`maxBodyBytes`). */
    max_body_bytes: number;
    /** Extra Host header values accepted (`allowedHosts`). */
    allowed_hosts: string[];
    /** Extra Origin values accepted (`allowedOrigins`). */
    allowed_origins: string[];
  };
  /** Zip-bomb limits (`bundleLimits`). */
  bundle_limits: BundleLimits;
  /** The living image (`image`). */
  image: {
    /** Corrective cycles after a validation failure, at most (`maxCorrections`). */
    max_corrections: number;
    /** Deadline of one method call in the sandbox (`sandboxTimeoutMs`). */
    sandbox_timeout_ms: number;
    /** Heap cap of the sandbox process, MiB (`sandboxMemoryMb`). */
    sandbox_memory_mb: number;
  };
  /** Ed25519 private key used to sign build receipts (`signingKeyPath`). */
  signing_key_path?: string | undefined;
}

/** Schema of {@linkcode ConfigView}. */
export const ConfigViewSchema: z.ZodType<ConfigView> = z.object({
  data_dir: z.string(),
  db_path: z.string(),
  database_url: z.string().optional(),
  ltm_dir: z.string(),
  watch_dir: z.string(),
  roots: z.array(z.string()),
  ollama: z.object({
    host: z.string(),
    model: z.string(),
    embed_model: z.string(),
    personas: z.record(z.string(), z.string()),
    timeout_ms: z.number(),
    retries: z.number().int(),
  }),
  mcp: z.object({
    host: z.string(),
    port: z.number().int(),
    token: z.string().optional(),
    max_body_bytes: z.number().int(),
    allowed_hosts: z.array(z.string()),
    allowed_origins: z.array(z.string()),
  }),
  bundle_limits: BundleLimitsSchema,
  image: z.object({
    max_corrections: z.number().int(),
    sandbox_timeout_ms: z.number().int(),
    sandbox_memory_mb: z.number().int(),
  }),
  signing_key_path: z.string().optional(),
});
