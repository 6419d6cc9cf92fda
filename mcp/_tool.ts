/**
 * The MCP door of the operation registry: each operation becomes a tool with
 * the operation's name, title, description, input schema (less the fields it
 * keeps off MCP), output schema and hints; `structuredContent` plus the
 * operation's rendering as text; the kit's error codes as `isError` results;
 * progress notifications and cancellation through the call's context.
 *
 * @module
 */
import { z } from "zod";
import { toKitError } from "../lib/errors.ts";
import type { ProgressFn } from "../lib/progress.ts";
import { callContext, type OpContext } from "../ops/context.ts";
import type { Operation } from "../ops/operation.ts";
import { sendLog } from "./_logging.ts";
import { assertPermitted } from "../ops/read_only.ts";
import { registerAppTool } from "@modelcontextprotocol/ext-apps/server";
import type {
  CallToolResult,
  McpServer,
  RegisteredTool,
  RequestHandlerExtra,
  ServerNotification,
  ServerRequest,
} from "./sdk.ts";

/** Longest text rendering a tool returns; the full result is in `structuredContent`. */
export const MAX_TOOL_TEXT = 20_000;

/**
 * The tool's input schema (the operation's, without the fields MCP does not take): made once
 * per operation and shared by every server, as a stateless server is made per request and
 * `omit` costs about as much as the rest of the server together.
 */
const inputSchemas = new WeakMap<object, z.ZodObject>();

function mcpInputSchema(
  op: object,
  input: z.ZodObject,
  fields: readonly string[],
): z.ZodObject {
  let schema = inputSchemas.get(op);
  if (schema === undefined) {
    const omit = Object.fromEntries(fields.map((field) => [field, true] as const));
    // The mask is typed by the schema's keys; these come from the operation's own spec.
    schema = input.omit(omit as never);
    inputSchemas.set(op, schema);
  }
  return schema;
}

/**
 * Registers an operation as a tool. The SDK validates the arguments against the input schema;
 * the operation runs on them as they are (no second validation).
 *
 * @param server The MCP server.
 * @param ctx The server's context (config, store, root-confined paths).
 * @param op The operation (its `mcp` spec must not be `false`).
 * @returns The registered tool handle.
 * @throws {TypeError} When the operation is not offered over MCP or a schema is not a `z.object`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { McpServer } from "./sdk.ts";
 * import { loadConfig } from "../lib/config.ts";
 * import { createContext } from "../ops/context.ts";
 * import { findOperation } from "../ops/registry.ts";
 * import { registerOperationTool } from "./_tool.ts";
 * await using ctx = createContext(await loadConfig({ env: {} }), { door: "mcp" });
 * const server = new McpServer({ name: "x", version: "1" });
 * const tool = registerOperationTool(server, ctx, findOperation("boot_image")!);
 * assert(tool.enabled);
 * ```
 */
export function registerOperationTool<I, R>(
  server: McpServer,
  ctx: OpContext,
  op: Operation<I, R>,
): RegisteredTool {
  if (op.mcp === false) throw new TypeError(`Operation ${op.name} is not offered over MCP`);
  if (!(op.input instanceof z.ZodObject) || !(op.output instanceof z.ZodObject)) {
    throw new TypeError(`Operation ${op.name}: the input and output schemas must be z.objects`);
  }
  const config = {
    title: op.title,
    description: op.description,
    inputSchema: mcpInputSchema(op, op.input, op.mcp.omit ?? []),
    outputSchema: op.output,
    annotations: { title: op.title, ...op.hints },
  };
  const handler =
    // deno-lint-ignore no-explicit-any
    (async (args: any, extra: RequestHandlerExtra<ServerRequest, ServerNotification>) => {
      const started = performance.now();
      try {
        assertPermitted(op, ctx, args as I);
        const call = callContext(ctx, { signal: extra.signal, progress: progressNotifier(extra) });
        const result = await op.run(args as I, call);
        const ms = Math.round(performance.now() - started);
        sendLog(server, "debug", op.name, { ok: true, ms }, extra);
        return {
          content: [{ type: "text", text: clip(op.render(result)) }],
          structuredContent: result as Record<string, unknown>,
        } satisfies CallToolResult;
      } catch (error) {
        const result = toolError(error);
        sendLog(server, "warning", op.name, result._meta?.["metablooms/error"], extra);
        return result;
      }
      // The SDK's callback type is generic over the schema; the operation's own types are the contract.
      // deno-lint-ignore no-explicit-any
    }) as any;
  if (op.mcp.ui === undefined) return server.registerTool(op.name, config, handler);
  // MCP Apps: ext-apps adds `_meta.ui.resourceUri` (and its legacy key). Its helpers are typed
  // against the v2 SDK; this 1.x server has the same registerTool.
  return registerAppTool(
    server as never,
    op.name,
    { ...config, _meta: { ui: { resourceUri: op.mcp.ui } } } as never,
    handler,
  ) as unknown as RegisteredTool;
}

function clip(text: string): string {
  return text.length > MAX_TOOL_TEXT
    ? `${text.slice(0, MAX_TOOL_TEXT)}\n… (see structuredContent)`
    : text;
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

function progressNotifier(
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
): ProgressFn | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  let last = 0;
  let lastNote: string | undefined;
  return (done, total, note) => {
    const now = performance.now();
    // Throttle repeats of one stage; a new stage (another note) and the end always go out.
    const final = total !== undefined && done >= total;
    if (now - last < 100 && note === lastNote && !final) return;
    last = now;
    lastNote = note;
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
