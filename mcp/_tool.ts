/**
 * The one wrapper every MCP tool is registered through: zod input and output
 * schemas, `structuredContent` plus a short text rendering, the kit's error
 * codes as `isError` results, progress notifications and cancellation.
 *
 * @module
 */
import { z } from "zod";
import type { Config } from "../lib/config.ts";
import { toKitError } from "../lib/errors.ts";
import { resolveInRoots } from "../lib/fs/roots.ts";
import type { ProgressFn } from "../lib/progress.ts";
import type { Store } from "../lib/store/store.ts";
import { sendLog } from "./_logging.ts";
import type {
  CallToolResult,
  McpServer,
  RegisteredTool,
  RequestHandlerExtra,
  ServerNotification,
  ServerRequest,
} from "./sdk.ts";

/** What every tool may use. */
export interface ServerDeps {
  /** The loaded configuration. */
  config: Config;
  /** The open embedded store. */
  store: Store;
  /**
   * Resolves a path argument inside the configured roots.
   * @throws {KitError} `PATH_OUTSIDE_ROOTS`.
   */
  resolvePath(path: string): Promise<string>;
}

/** What a tool's `run` receives besides its arguments. */
export interface ToolContext {
  /** Aborted when the client cancels the request. */
  signal: AbortSignal;
  /** Sends progress notifications when the client asked for them. */
  progress: ProgressFn | undefined;
  /** The server's dependencies. */
  deps: ServerDeps;
}

/** The four MCP tool annotation hints, all required so none is forgotten. */
export interface ToolHints {
  /** The tool does not modify anything. */
  readOnlyHint: boolean;
  /** The tool may delete or overwrite. */
  destructiveHint: boolean;
  /** Calling twice with the same arguments has no further effect. */
  idempotentHint: boolean;
  /** The tool talks to the outside world (e.g. a git remote, an LLM endpoint). */
  openWorldHint: boolean;
}

/** Everything that defines a tool. */
export interface ToolSpec<I extends z.ZodObject, R extends object> {
  /** snake_case, verb first. */
  name: string;
  /** Human title. */
  title: string;
  /** What it does and when to use it. */
  description: string;
  /** Annotation hints. */
  hints: ToolHints;
  /** Input schema. */
  input: I;
  /**
   * Output schema (of `structuredContent`): must be a `z.object` at run time; typed as
   * `z.ZodType<R>` so that the explicitly typed schemas of `schemas/` fit as they are.
   */
  output: z.ZodType<R>;
  /** Does the work. */
  run(args: z.infer<I>, ctx: ToolContext): Promise<R>;
  /** Short text rendering of the result. */
  render(result: R): string;
}

/**
 * Registers a kit tool on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies.
 * @param spec The tool.
 * @returns The registered tool handle.
 *
 * @example
 * ```ts ignore
 * registerKitTool(server, deps, { name: "validate_bundle", ... });
 * ```
 */
export function registerKitTool<I extends z.ZodObject, R extends object>(
  server: McpServer,
  deps: ServerDeps,
  spec: ToolSpec<I, R>,
): RegisteredTool {
  if (!(spec.output instanceof z.ZodObject)) {
    throw new TypeError(`Tool ${spec.name}: the output schema must be a z.object`);
  }
  return server.registerTool(
    spec.name,
    {
      title: spec.title,
      description: spec.description,
      inputSchema: spec.input,
      outputSchema: spec.output,
      annotations: { title: spec.title, ...spec.hints },
    },
    // deno-lint-ignore no-explicit-any
    (async (args: any, extra: RequestHandlerExtra<ServerRequest, ServerNotification>) => {
      const started = performance.now();
      try {
        const result = await spec.run(args as z.infer<I>, {
          signal: extra.signal,
          progress: progressNotifier(extra),
          deps,
        });
        const ms = Math.round(performance.now() - started);
        sendLog(server, "debug", spec.name, { ok: true, ms }, extra);
        return {
          content: [{ type: "text", text: spec.render(result) }],
          structuredContent: result as Record<string, unknown>,
        } satisfies CallToolResult;
      } catch (error) {
        const result = toolError(error);
        sendLog(server, "warning", spec.name, result._meta?.["metablooms/error"], extra);
        return result;
      }
      // The SDK's callback type is generic over the schema; the spec's own types are the contract.
      // deno-lint-ignore no-explicit-any
    }) as any,
  );
}

/**
 * Turns anything thrown into an MCP tool error: `isError`, the kit's code in
 * text and `_meta`, never a stack trace.
 *
 * @param error What was thrown.
 * @returns The tool result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toolError } from "./_tool.ts";
 * import { KitError } from "../lib/errors.ts";
 * const r = toolError(new KitError("X_Y", "bad"));
 * assert(r.isError && r.content[0]?.type === "text");
 * ```
 */
export function toolError(error: unknown): CallToolResult {
  const kitError = toKitError(error);
  const json = kitError.toJSON();
  return {
    isError: true,
    content: [{ type: "text", text: `${json.code}: ${json.message}` }],
    _meta: { "metablooms/error": json },
  };
}

/**
 * Dependencies for a server over a store and config, with root confinement.
 *
 * @param config The configuration.
 * @param store The open store.
 * @returns Server dependencies.
 *
 * @example
 * ```ts ignore
 * const deps = serverDeps(config, store);
 * ```
 */
export function serverDeps(config: Config, store: Store): ServerDeps {
  return { config, store, resolvePath: (path) => resolveInRoots(path, config.roots) };
}

function progressNotifier(
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
): ProgressFn | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  let last = 0;
  return (done, total, note) => {
    const now = performance.now();
    if (now - last < 100 && !(total !== undefined && done >= total)) return;
    last = now;
    extra.sendNotification({
      method: "notifications/progress",
      params: {
        progressToken: token,
        progress: done,
        ...(total === undefined ? {} : { total }),
        ...(note === undefined ? {} : { message: note }),
      },
    }).catch(() => {/* the client went away; the work's own signal handles that */});
  };
}
