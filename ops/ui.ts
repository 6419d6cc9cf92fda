/**
 * The MCP App views (the `io.modelcontextprotocol/ui` extension) that
 * operations link to through `McpSpec.ui`: `ui://` HTML resources, registered
 * by the MCP door and drawn by the web door's views, so a client that
 * supports MCP Apps shows the result inline.
 *
 * @module
 */

/** The `ui://` resource of each view. */
export const UI_VIEWS: {
  /** The module graph of an `ltm_graph` result. */
  readonly graph: "ui://metablooms/graph.html";
  /** The slots of a `boot_status` result or one boot of a `boot_image` result. */
  readonly boot: "ui://metablooms/boot.html";
  /** The charts of an `audit_report` result (cycles over time, success rate per persona). */
  readonly audit: "ui://metablooms/audit.html";
} = {
  graph: "ui://metablooms/graph.html",
  boot: "ui://metablooms/boot.html",
  audit: "ui://metablooms/audit.html",
};
