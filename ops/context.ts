/**
 * The one context every operation runs with, whichever door called it: the
 * configuration, a lazily opened store, a lazily made LLM client, the clock,
 * the door's path policy, a log, and the call's abort signal and progress.
 *
 * @module
 */
import { resolve } from "node:path";
import type { Config } from "../lib/config.ts";
import { resolveInRoots } from "../lib/fs/roots.ts";
import { OllamaClient } from "../lib/llm/client.ts";
import type { ProgressFn } from "../lib/progress.ts";
import { openStore } from "../lib/store/open.ts";
import type { Store } from "../lib/store/store.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
export type { Clock } from "../lib/clock.ts";

/** Which door a context serves: it decides the path policy. */
export type Door = "cli" | "mcp" | "web";

/** What an operation's `run` receives besides its input. */
export interface OpContext {
  /** The door the call came through. */
  readonly door: Door;
  /** The loaded configuration. */
  readonly config: Config;
  /**
   * The configured store (`config.databaseUrl`'s PostgreSQL, else the SQLite file
   * `config.dbPath`), opened on first use and shared by every call of this context.
   * @throws {KitError} `STORE_UNREADABLE` / `STORE_UNREACHABLE` when it cannot be opened.
   */
  store(): Promise<Store>;
  /** An Ollama client for `config.ollama`, made on first use. */
  llm(): OllamaClient;
  /** The time source. */
  readonly clock: Clock;
  /**
   * Turns a path argument into an absolute path by the door's policy: against the working
   * directory on the CLI, confined to `config.roots` over MCP and the web.
   * @throws {KitError} `PATH_OUTSIDE_ROOTS` (confined doors), `PATH_INVALID`.
   */
  resolvePath(path: string): Promise<string>;
  /** Writes one human line for long-running work (stderr on the CLI; nowhere by default). */
  log(line: string): void;
  /** Aborted when the caller gives up (Ctrl-C, an MCP cancel, a closed web request). */
  readonly signal: AbortSignal;
  /** Told how far long work is, when the caller listens. */
  readonly progress: ProgressFn | undefined;
}

/** A context that owns what it opened; dispose (or `close`) to release it. */
export interface OwnedContext extends OpContext, AsyncDisposable {
  /** Closes the stores this context opened. Idempotent. */
  close(): Promise<void>;
}

/** How {@linkcode createContext} sets a door up. */
export interface ContextOptions {
  /** The door. */
  door: Door;
  /**
   * An already open store to use (and not close); by default the context opens
   * `config.dbPath` on first use and closes it on `close()`.
   */
  store?: Store | undefined;
  /** Overrides the door's path policy (tests, a web door with its own rules). */
  resolvePath?: ((path: string) => Promise<string>) | undefined;
  /** Base of relative paths. @default {Deno.cwd()} */
  cwd?: string | undefined;
  /** Where `log` lines go. @default {nowhere} */
  log?: ((line: string) => void) | undefined;
  /** The abort signal of the calls. @default {a signal that never aborts} */
  signal?: AbortSignal | undefined;
  /** Progress of the calls. */
  progress?: ProgressFn | undefined;
  /** The time source. @default {systemClock} */
  clock?: Clock | undefined;
}

/**
 * Creates the context of a door: the CLI makes one per command, the MCP layer and the web
 * door one per server (and {@linkcode callContext} per request).
 *
 * @param config The loaded configuration.
 * @param options The door and what it brings.
 * @returns The context; `close()` it when the door is done.
 *
 * @example An MCP context confines paths to the roots
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../lib/config.ts";
 * import { createContext } from "./context.ts";
 * const dir = await Deno.realPath(await Deno.makeTempDir());
 * const config = await loadConfig({ env: {}, cwd: dir, flags: { roots: [dir], dbPath: ":memory:" } });
 * await using ctx = createContext(config, { door: "mcp", cwd: dir });
 * assert.equal(await ctx.resolvePath("a.zip"), `${dir}/a.zip`);
 * await assert.rejects(ctx.resolvePath("/etc/passwd"), { code: "PATH_OUTSIDE_ROOTS" });
 * assert.equal((await ctx.store()).dialect, "sqlite");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function createContext(config: Config, options: ContextOptions): OwnedContext {
  const cwd = options.cwd ?? Deno.cwd();
  const given = options.store;
  let opening: Promise<Store> | undefined = given ? Promise.resolve(given) : undefined;
  let client: OllamaClient | undefined;
  const resolvePath = options.resolvePath ??
    (options.door === "cli"
      ? (path: string) => Promise.resolve(resolve(cwd, path))
      : (path: string) => resolveInRoots(path, config.roots, cwd));
  const ctx: OwnedContext = {
    door: options.door,
    config,
    store: () => (opening ??= openStore({
      sqlite_path: config.dbPath,
      database_url: config.databaseUrl,
    })),
    llm: () => (client ??= new OllamaClient(config.ollama)),
    clock: options.clock ?? systemClock,
    resolvePath,
    log: options.log ?? (() => {}),
    signal: options.signal ?? new AbortController().signal,
    progress: options.progress,
    close: async () => {
      if (given || !opening) return;
      const open = opening;
      opening = undefined;
      await (await open.catch(() => undefined))?.close();
    },
    [Symbol.asyncDispose]: () => ctx.close(),
  };
  return ctx;
}

/** What changes from one call to the next. */
export interface CallOptions {
  /** The call's abort signal. */
  signal: AbortSignal;
  /** The call's progress listener. */
  progress?: ProgressFn | undefined;
  /** The door of this call when a server's context serves another door too (the web door). */
  door?: Door | undefined;
}

/**
 * The context of one call: the door's context (same stores, config, path policy) with the
 * call's own signal and progress.
 *
 * @param base The door's context.
 * @param call The call's signal and progress.
 * @returns A context for this call only (it owns nothing).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../lib/config.ts";
 * import { callContext, createContext } from "./context.ts";
 * await using ctx = createContext(await loadConfig({ env: {} }), { door: "web" });
 * const call = callContext(ctx, { signal: AbortSignal.abort() });
 * assert(call.signal.aborted && !ctx.signal.aborted && call.config === ctx.config);
 * ```
 */
export function callContext(base: OpContext, call: CallOptions): OpContext {
  return {
    door: call.door ?? base.door,
    config: base.config,
    store: () => base.store(),
    llm: () => base.llm(),
    clock: base.clock,
    resolvePath: (path) => base.resolvePath(path),
    log: (line) => base.log(line),
    signal: call.signal,
    progress: call.progress,
  };
}

/**
 * Resolves an optional path argument by the context's door policy.
 *
 * @param ctx The context.
 * @param path The path as given, or `undefined`.
 * @returns The resolved path, or `undefined` when none was given.
 * @throws {KitError} As {@linkcode OpContext.resolvePath}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../lib/config.ts";
 * import { createContext, resolveOptionalPath } from "./context.ts";
 * await using ctx = createContext(await loadConfig({ env: {} }), { door: "cli", cwd: "/tmp" });
 * assert.equal(await resolveOptionalPath(ctx, undefined), undefined);
 * assert.equal(await resolveOptionalPath(ctx, "a.zip"), "/tmp/a.zip");
 * ```
 */
export function resolveOptionalPath(
  ctx: OpContext,
  path: string | undefined,
): Promise<string | undefined> {
  return path === undefined ? Promise.resolve(undefined) : ctx.resolvePath(path);
}
