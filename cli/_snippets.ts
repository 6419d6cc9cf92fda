/**
 * Client configuration snippets printed by `metablooms serve` (and copied
 * into the README): Claude Desktop (stdio), Claude Code (HTTP) and the MCP
 * Inspector.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** How a client starts the kit over stdio. */
export interface StdioLaunch {
  /** Executable. */
  command: string;
  /** Arguments. */
  args: string[];
}

/** The snippets for one running server. */
export interface ClientSnippets {
  /** `claude_desktop_config.json` content (stdio). */
  claudeDesktop: { mcpServers: { metablooms: StdioLaunch } };
  /** Claude Code command line (HTTP). */
  claudeCode: string;
  /** MCP Inspector command line and the URL to enter. */
  inspector: string;
}

/**
 * How to start `metablooms mcp` from this installation: the `bin/metablooms`
 * wrapper when it is there, else this Deno running the entry script, else
 * this executable (a `deno compile` binary).
 *
 * @param entry URL of the `cli/metablooms.ts` (or bundled) entry module.
 * @returns Command and arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stdioLaunch } from "./_snippets.ts";
 * const launch = await stdioLaunch(new URL("./metablooms.ts", import.meta.url));
 * assert(launch.args.at(-1) === "mcp");
 * ```
 */
export async function stdioLaunch(entry: URL): Promise<StdioLaunch> {
  if (entry.protocol === "file:") {
    const wrapper = fileURLToPath(new URL("../bin/metablooms", entry));
    if (await Deno.stat(wrapper).then((s) => s.isFile, () => false)) {
      return { command: wrapper, args: ["mcp"] };
    }
    return { command: Deno.execPath(), args: ["run", "-A", fileURLToPath(entry), "mcp"] };
  }
  if (entry.protocol === "https:") {
    return { command: "deno", args: ["run", "-A", entry.href, "mcp"] };
  }
  return { command: Deno.execPath(), args: ["mcp"] };
}

/**
 * Builds the snippets for a server URL.
 *
 * @param url The MCP endpoint (`http://127.0.0.1:8787/mcp`).
 * @param launch How to start the stdio server.
 * @param tokenSet Whether a bearer token is configured (adds the header, never the token).
 * @returns The snippets.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clientSnippets } from "./_snippets.ts";
 * const s = clientSnippets("http://127.0.0.1:8787/mcp", { command: "metablooms", args: ["mcp"] }, false);
 * assert(s.claudeCode === "claude mcp add --transport http metablooms http://127.0.0.1:8787/mcp");
 * ```
 */
export function clientSnippets(
  url: string,
  launch: StdioLaunch,
  tokenSet: boolean,
): ClientSnippets {
  const header = tokenSet ? ` --header "Authorization: Bearer $MB_TOKEN"` : "";
  return {
    claudeDesktop: { mcpServers: { metablooms: launch } },
    claudeCode: `claude mcp add --transport http metablooms ${url}${header}`,
    inspector: `npx @modelcontextprotocol/inspector  (Transport: Streamable HTTP, URL: ${url})`,
  };
}

/**
 * The snippets as the lines `serve` prints.
 *
 * @param snippets The snippets.
 * @returns Indented text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clientSnippets, renderSnippets } from "./_snippets.ts";
 * const text = renderSnippets(clientSnippets("http://127.0.0.1:8787/mcp", { command: "metablooms", args: ["mcp"] }, false));
 * assert(text.includes("Claude Desktop"));
 * ```
 */
export function renderSnippets(snippets: ClientSnippets): string {
  return [
    "Connect a client:",
    `  Claude Code:    ${snippets.claudeCode}`,
    `  MCP Inspector:  ${snippets.inspector}`,
    "  Claude Desktop (claude_desktop_config.json, starts the kit over stdio):",
    ...JSON.stringify(snippets.claudeDesktop, null, 2).split("\n").map((l) => `    ${l}`),
  ].join("\n");
}
