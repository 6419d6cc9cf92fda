/**
 * MCP logging (`logging/setLevel`, `notifications/message`): one level per
 * server instance (there is one instance per stdio process and per HTTP
 * session), and log messages tied to the request that caused them so that
 * over HTTP they travel on that request's SSE stream.
 *
 * @module
 */
import {
  type LoggingLevel,
  type McpServer,
  type RequestHandlerExtra,
  type ServerNotification,
  type ServerRequest,
  SetLevelRequestSchema,
} from "./sdk.ts";

const SEVERITY: Record<LoggingLevel, number> = {
  debug: 0,
  info: 1,
  notice: 2,
  warning: 3,
  error: 4,
  critical: 5,
  alert: 6,
  emergency: 7,
};

/** The level a client gets before it sets one: `debug` chatter stays off by default. */
const DEFAULT_LEVEL: LoggingLevel = "info";

const levels = new WeakMap<McpServer, LoggingLevel>();

/**
 * Answers `logging/setLevel` for a server and remembers the level. The
 * server must declare the `logging` capability.
 *
 * @param server The MCP server.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { McpServer } from "./sdk.ts";
 * import { installLogging, loggingLevel } from "./_logging.ts";
 * const server = new McpServer({ name: "x", version: "1" }, { capabilities: { logging: {} } });
 * installLogging(server);
 * assert(loggingLevel(server) === "info");
 * ```
 */
export function installLogging(server: McpServer): void {
  server.server.setRequestHandler(SetLevelRequestSchema, (request) => {
    levels.set(server, request.params.level);
    return {};
  });
}

/**
 * The level a server currently sends at.
 *
 * @param server The MCP server.
 * @returns The level set by the client, else `info`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { McpServer } from "./sdk.ts";
 * import { loggingLevel } from "./_logging.ts";
 * assert(loggingLevel(new McpServer({ name: "x", version: "1" })) === "info");
 * ```
 */
export function loggingLevel(server: McpServer): LoggingLevel {
  return levels.get(server) ?? DEFAULT_LEVEL;
}

/**
 * Sends a log message to the client when its level lets it through. With
 * `extra`, the message is tied to that request. Never throws: a client that
 * went away simply misses the message.
 *
 * @param server The MCP server.
 * @param level The message's level.
 * @param logger The component speaking (e.g. a tool name).
 * @param data Any JSON-able value.
 * @param extra The request handler context, when the message belongs to a request.
 *
 * @example
 * ```ts
 * import { McpServer } from "./sdk.ts";
 * import { sendLog } from "./_logging.ts";
 * const server = new McpServer({ name: "x", version: "1" }, { capabilities: { logging: {} } });
 * sendLog(server, "warning", "validate_bundle", { code: "BUNDLE_NOT_A_ZIP" }); // not connected: dropped
 * ```
 */
export function sendLog(
  server: McpServer,
  level: LoggingLevel,
  logger: string,
  data: unknown,
  extra?: RequestHandlerExtra<ServerRequest, ServerNotification>,
): void {
  if (SEVERITY[level] < SEVERITY[loggingLevel(server)]) return;
  const notification = {
    method: "notifications/message" as const,
    params: { level, logger, data },
  };
  const sent = extra
    ? extra.sendNotification(notification)
    : server.isConnected()
    ? server.server.notification(notification)
    : Promise.resolve();
  sent.catch(() => {/* the client is gone; nothing to tell */});
}
