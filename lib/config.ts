/**
 * The kit's configuration, in one place: defaults, then a JSON config file,
 * then environment variables, then flags (later wins), validated with zod.
 *
 * @module
 */
import { z } from "zod";
import { isAbsolute, join, resolve } from "node:path";
import { homedir } from "node:os";
import { ConfigError } from "./errors.ts";
import { dataLayout } from "./layout.ts";
import { setOwn } from "./own.ts";

/** A complete, resolved configuration; every path is absolute. */
export interface Config {
  /** Folder of all state: database, slots, staging, logs. */
  dataDir: string;
  /** SQLite database file (the embedded store, used when `databaseUrl` is not set). */
  dbPath: string;
  /** A `postgres://` URL of a shared PostgreSQL store; when set, it replaces the SQLite file. */
  databaseUrl?: string | undefined;
  /** The LTM git repository (deltas/, manifests/, ledger/). */
  ltmDir: string;
  /** The downloads folder the watcher watches. */
  watchDir: string;
  /** Folders that tools may read and write; every path argument must resolve inside one. */
  roots: string[];
  /** The local Ollama endpoint. */
  ollama: {
    /** Base URL, e.g. `http://127.0.0.1:11434`. */
    host: string;
    /** Default chat/generate model tag. */
    model: string;
    /**
     * Embedding model tag (`MB_EMBED_MODEL`): the knowledge catalog's vector half and semantic
     * chunking use it; `off` turns both off (BM25 only).
     */
    embedModel: string;
    /** Persona name → model tag; personas not listed use `model`. */
    personas: Record<string, string>;
    /** Per-request timeout. */
    timeoutMs: number;
    /** Retries on connection errors. */
    retries: number;
  };
  /** The MCP HTTP server. */
  mcp: {
    /** Listen address. */
    host: string;
    /** Listen port (0 = any free port). */
    port: number;
    /** Bearer token; required when `host` is not loopback. */
    token?: string | undefined;
    /** Largest accepted request body. */
    maxBodyBytes: number;
    /** Extra Host header values to accept (DNS-rebinding protection). */
    allowedHosts: string[];
    /** Extra Origin values to accept. */
    allowedOrigins: string[];
    /** Refuse every action that changes state (promote, rollback, undo, …), on every door. */
    readOnly: boolean;
  };
  /** Largest delta or note `ingest` accepts (bundles have `bundleLimits`); checked before it is read. */
  maxDeltaBytes: number;
  /** Zip-bomb limits for bundle validation and extraction. */
  bundleLimits: {
    /** Largest total uncompressed size. */
    maxTotalBytes: number;
    /** Most entries. */
    maxEntries: number;
    /** Largest compression ratio of one entry. */
    maxRatio: number;
  };
  /** The living image: self-correction and the method sandbox. */
  image: {
    /** Corrective cycles after a validation failure, at most (0 = none). */
    maxCorrections: number;
    /** Wall-clock deadline of one method call in the sandbox. */
    sandboxTimeoutMs: number;
    /** Heap cap of the sandbox process, in MiB. */
    sandboxMemoryMb: number;
  };
  /** Ed25519 private key (JWK JSON) used to sign build receipts. */
  signingKeyPath?: string | undefined;
}

const positiveInt = z.number().int().positive();

/** The schema of a complete, resolved configuration. */
export const ConfigSchema: z.ZodType<Config> = z.object({
  dataDir: z.string().min(1),
  dbPath: z.string().min(1),
  databaseUrl: z.string().regex(
    /^postgres(ql)?:\/\//i,
    "must be a postgres:// or postgresql:// URL",
  )
    .optional(),
  ltmDir: z.string().min(1),
  watchDir: z.string().min(1),
  roots: z.array(z.string().min(1)).min(1),
  ollama: z.object({
    host: z.string().url(),
    model: z.string().min(1),
    embedModel: z.string().min(1),
    personas: z.record(z.string(), z.string().min(1)),
    timeoutMs: positiveInt,
    retries: z.number().int().min(0).max(10),
  }),
  mcp: z.object({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    token: z.string().min(16, "must be at least 16 characters").optional(),
    maxBodyBytes: positiveInt,
    allowedHosts: z.array(z.string()),
    allowedOrigins: z.array(z.string()),
    readOnly: z.boolean(),
  }),
  maxDeltaBytes: positiveInt,
  bundleLimits: z.object({
    maxTotalBytes: positiveInt,
    maxEntries: positiveInt,
    maxRatio: positiveInt,
  }),
  image: z.object({
    maxCorrections: z.number().int().min(0).max(20),
    sandboxTimeoutMs: z.number().int().min(10).max(600_000),
    sandboxMemoryMb: z.number().int().min(16).max(16_384),
  }),
  signingKeyPath: z.string().optional(),
});

/** A partial configuration, as a config file or flags give it. */
export type ConfigInput = {
  [K in keyof Config]?: Config[K] extends Record<string, unknown> ? Partial<Config[K]> : Config[K];
};

/** Where {@linkcode loadConfig} reads from. */
export interface LoadConfigOptions {
  /** Environment variables. @default {Deno.env.toObject()} */
  env?: Record<string, string | undefined>;
  /** Values from command-line flags (highest precedence). */
  flags?: ConfigInput;
  /** A JSON config file; when absent, `MB_CONFIG`, else `./metablooms.json` if it exists. */
  file?: string;
  /** Base for relative paths. @default {Deno.cwd()} */
  cwd?: string;
}

/**
 * Loads and validates the configuration.
 *
 * @param options Environment, flags, config file and working directory.
 * @returns The resolved configuration, every path absolute.
 * @throws {ConfigError} When the config file is not valid JSON or a value is invalid; the
 * message names the setting and where it came from.
 *
 * @example Defaults with a custom data directory
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "./config.ts";
 * const config = await loadConfig({ env: { MB_DATA_DIR: "/tmp/mb" }, cwd: "/tmp" });
 * assert(config.dbPath === "/tmp/mb/metablooms.db");
 * assert(config.ollama.host === "http://127.0.0.1:11434");
 * ```
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<Config> {
  const env = options.env ?? Deno.env.toObject();
  const cwd = options.cwd ?? Deno.cwd();
  const fromFile = await readConfigFile(options.file ?? env.MB_CONFIG, cwd);
  const fromEnv = configFromEnv(env);
  const layers = [fromFile, fromEnv, options.flags ?? {}];
  const pick = <K extends keyof Config>(key: K): unknown => {
    let value: unknown = undefined;
    for (const layer of layers) {
      const v = layer[key];
      if (v === undefined) continue;
      value = isPlainObject(v) && isPlainObject(value) ? { ...value, ...v } : v;
    }
    return value;
  };
  const dataDir = resolve(cwd, (pick("dataDir") as string | undefined) ?? ".metablooms");
  const abs = (p: unknown, fallback: string) => typeof p === "string" ? resolve(cwd, p) : fallback;
  const ollama = { ...DEFAULT_OLLAMA, ...(pick("ollama") as object | undefined) };
  const mcp = { ...DEFAULT_MCP, ...(pick("mcp") as object | undefined) };
  const candidate = {
    dataDir,
    dbPath: abs(pick("dbPath"), dataLayout(dataDir).db),
    ltmDir: abs(pick("ltmDir"), dataLayout(dataDir).ltm),
    watchDir: abs(pick("watchDir"), join(homedir(), "Downloads")),
    roots: ((pick("roots") as string[] | undefined) ?? [cwd, dataDir]).map((r) => resolve(cwd, r)),
    ollama: { ...ollama, host: normalizeOllamaHost(String(ollama.host)) },
    mcp,
    maxDeltaBytes: (pick("maxDeltaBytes") as number | undefined) ?? DEFAULT_MAX_DELTA_BYTES,
    bundleLimits: { ...DEFAULT_LIMITS, ...(pick("bundleLimits") as object | undefined) },
    image: { ...DEFAULT_IMAGE, ...(pick("image") as object | undefined) },
    ...(pick("databaseUrl") === undefined ? {} : { databaseUrl: pick("databaseUrl") }),
    ...(pick("signingKeyPath") === undefined
      ? {}
      : { signingKeyPath: abs(pick("signingKeyPath"), "") }),
  };
  const parsed = ConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".");
    throw new ConfigError(
      `Invalid configuration value for ${field} (${sourceOf(field, env)}): ${issue.message}`,
      { details: { field } },
    );
  }
  return parsed.data;
}

const DEFAULT_OLLAMA = {
  host: "http://127.0.0.1:11434",
  model: "llama3.2",
  embedModel: "nomic-embed-text",
  personas: {} as Record<string, string>,
  timeoutMs: 120_000,
  retries: 3,
};
const DEFAULT_MCP = {
  host: "127.0.0.1",
  port: 8787,
  maxBodyBytes: 4 * 1024 * 1024,
  allowedHosts: [] as string[],
  allowedOrigins: [] as string[],
  readOnly: false,
};
/** 16 MiB: a MIPS delta is text; the largest seen are well under 1 MiB. */
const DEFAULT_MAX_DELTA_BYTES = 16 * 1024 * 1024;
const DEFAULT_IMAGE = { maxCorrections: 5, sandboxTimeoutMs: 2000, sandboxMemoryMb: 128 };
const DEFAULT_LIMITS = {
  maxTotalBytes: 8 * 1024 * 1024 * 1024,
  maxEntries: 200_000,
  maxRatio: 1000,
};

/** Environment variable → config field, for messages and parsing. */
const ENV_FIELDS: Record<string, string> = {
  MB_DATA_DIR: "dataDir",
  MB_DB: "dbPath",
  MB_DATABASE_URL: "databaseUrl",
  MB_LTM_DIR: "ltmDir",
  MB_WATCH_DIR: "watchDir",
  MB_ROOTS: "roots",
  OLLAMA_HOST: "ollama.host",
  MB_MODEL: "ollama.model",
  MB_EMBED_MODEL: "ollama.embedModel",
  MB_PERSONA_MODELS: "ollama.personas",
  MB_OLLAMA_TIMEOUT_MS: "ollama.timeoutMs",
  MB_HOST: "mcp.host",
  MB_PORT: "mcp.port",
  MB_TOKEN: "mcp.token",
  MB_READ_ONLY: "mcp.readOnly",
  MB_SIGNING_KEY: "signingKeyPath",
  MB_MAX_DELTA_BYTES: "maxDeltaBytes",
  MB_MAX_CORRECTIONS: "image.maxCorrections",
  MB_SANDBOX_TIMEOUT_MS: "image.sandboxTimeoutMs",
  MB_SANDBOX_MEMORY_MB: "image.sandboxMemoryMb",
};

function sourceOf(field: string, env: Record<string, string | undefined>): string {
  const name = Object.entries(ENV_FIELDS).find(([, f]) => field.startsWith(f))?.[0];
  return name && env[name] !== undefined ? `from ${name}` : "from config file or flags";
}

function configFromEnv(env: Record<string, string | undefined>): ConfigInput {
  const num = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new ConfigError(`${name} must be a number, got "${raw}"`);
    return n;
  };
  const str = (name: string) => (env[name] === "" ? undefined : env[name]);
  const flag = (name: string): boolean | undefined => {
    const raw = str(name)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (["1", "true", "yes"].includes(raw)) return true;
    if (["0", "false", "no"].includes(raw)) return false;
    throw new ConfigError(`${name} must be true or false (1/0, yes/no), got "${env[name]}"`);
  };
  const ollama: Partial<Config["ollama"]> = {};
  const mcp: Partial<Config["mcp"]> = {};
  const image: Partial<Config["image"]> = {};
  const set = <T extends object>(o: T, k: keyof T, v: unknown) => {
    if (v !== undefined) (o as Record<keyof T, unknown>)[k] = v;
  };
  set(ollama, "host", str("OLLAMA_HOST"));
  set(ollama, "model", str("MB_MODEL"));
  set(ollama, "embedModel", str("MB_EMBED_MODEL"));
  set(ollama, "timeoutMs", num("MB_OLLAMA_TIMEOUT_MS"));
  const personas = str("MB_PERSONA_MODELS");
  if (personas !== undefined) set(ollama, "personas", parsePersonaMap(personas));
  set(mcp, "host", str("MB_HOST"));
  set(mcp, "port", num("MB_PORT"));
  set(mcp, "token", str("MB_TOKEN"));
  set(mcp, "readOnly", flag("MB_READ_ONLY"));
  const out: ConfigInput = { ollama, mcp };
  set(out, "dataDir", str("MB_DATA_DIR"));
  set(out, "dbPath", str("MB_DB"));
  set(out, "databaseUrl", str("MB_DATABASE_URL"));
  set(out, "ltmDir", str("MB_LTM_DIR"));
  set(out, "watchDir", str("MB_WATCH_DIR"));
  set(out, "signingKeyPath", str("MB_SIGNING_KEY"));
  set(out, "maxDeltaBytes", num("MB_MAX_DELTA_BYTES"));
  set(image, "maxCorrections", num("MB_MAX_CORRECTIONS"));
  set(image, "sandboxTimeoutMs", num("MB_SANDBOX_TIMEOUT_MS"));
  set(image, "sandboxMemoryMb", num("MB_SANDBOX_MEMORY_MB"));
  if (Object.keys(image).length) out.image = image;
  const roots = str("MB_ROOTS");
  if (roots !== undefined) {
    set(out, "roots", roots.split(Deno.build.os === "windows" ? ";" : ":").filter(Boolean));
  }
  return out;
}

/** Parses `persona=model,persona=model` into a map. */
function parsePersonaMap(raw: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [persona, model] = pair.split("=").map((s) => s.trim());
    if (!persona || !model) {
      throw new ConfigError(`MB_PERSONA_MODELS: expected persona=model pairs, got "${pair}"`);
    }
    setOwn(map, persona, model);
  }
  return map;
}

/** Ollama accepts `host:port` without a scheme in OLLAMA_HOST; the kit does too. */
function normalizeOllamaHost(host: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(host) ? host : `http://${host}`;
  return withScheme.replace(/\/+$/, "");
}

async function readConfigFile(file: string | undefined, cwd: string): Promise<ConfigInput> {
  const path = file === undefined ? join(cwd, "metablooms.json") : resolve(cwd, file);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound && file === undefined) return {};
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`, {
      path,
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(error as Error).message}`, {
      path,
      cause: error,
    });
  }
  if (!isPlainObject(value)) throw new ConfigError(`Config file ${path} must hold a JSON object`);
  const base = isAbsolute(path) ? path.slice(0, path.lastIndexOf("/")) : cwd;
  // Relative paths in a config file are relative to the file, as users expect.
  for (const key of ["dataDir", "dbPath", "ltmDir", "watchDir", "signingKeyPath"] as const) {
    if (typeof value[key] === "string") value[key] = resolve(base, value[key] as string);
  }
  if (Array.isArray(value.roots)) value.roots = value.roots.map((r) => resolve(base, String(r)));
  return value as ConfigInput;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
