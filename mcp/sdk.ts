/**
 * The only module that imports the MCP SDK. Its package's wildcard export maps
 * `server/mcp.js` to a missing `mcp.js.d.ts`, so under Deno the types would
 * silently become `any`; each import names its real declaration file.
 *
 * @module
 */

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/mcp"
export { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/mcp"
export type { RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/stdio"
export { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/webStandardStreamableHttp"
export { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/shared/protocol"
export type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/completable"
export { completable } from "@modelcontextprotocol/sdk/server/completable.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export {
  CompleteRequestSchema,
  ErrorCode,
  McpError,
  SetLevelRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export type {
  GetPromptResult,
  LoggingLevel,
  ReadResourceResult,
} from "@modelcontextprotocol/sdk/types.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/shared/uriTemplate"
export type { Variables } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
