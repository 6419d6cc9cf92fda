/**
 * The MCP App views (`io.modelcontextprotocol/ui`): one `ui://` HTML resource
 * per view, registered through ext-apps' `registerAppResource` (MIME type
 * `text/html;profile=mcp-app`), drawn by the same view functions as the web
 * dashboard. Operations link to them through `McpSpec.ui` (`ops/ui.ts`).
 *
 * @module
 */
import { registerAppResource, RESOURCE_MIME_TYPE } from "@modelcontextprotocol/ext-apps/server";
import { MCP_APP_VIEWS, mcpAppHtml, type McpAppView } from "../../web/mcp_app.ts";
import type { OpContext } from "../../ops/context.ts";
import type { McpServer } from "../sdk.ts";

/**
 * Registers every MCP App view resource.
 *
 * @param server The MCP server.
 * @param _ctx The server's context (unused: the views are static documents).
 *
 * @example
 * ```ts
 * import { McpServer } from "../sdk.ts";
 * import { registerAppResources } from "./apps.ts";
 * registerAppResources(new McpServer({ name: "x", version: "1" }), {} as never);
 * ```
 */
export function registerAppResources(server: McpServer, _ctx: OpContext): void {
  for (
    const [view, spec] of Object.entries(MCP_APP_VIEWS) as Array<
      [McpAppView, typeof MCP_APP_VIEWS[McpAppView]]
    >
  ) {
    registerAppResource(
      server as never,
      spec.title,
      spec.uri,
      // Typed against the v2 SDK's ResourceMetadata, which this 1.x server does not install.
      { description: spec.description, _meta: { ui: { prefersBorder: true } } } as never,
      () =>
        Promise.resolve({
          contents: [{ uri: spec.uri, mimeType: RESOURCE_MIME_TYPE, text: mcpAppHtml(view) }],
        }),
    );
  }
}
