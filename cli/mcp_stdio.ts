/**
 * `metablooms mcp`: serves every kit tool, resource and prompt over stdio, for
 * an MCP client that starts the kit itself (Claude Desktop, Claude Code,
 * MCP Inspector). Stdout carries only the protocol; messages go to stderr.
 *
 * @example Run it
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms mcp
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { onTermination } from "./_signals.ts";
import { UsageError } from "../lib/errors.ts";
import { createContext } from "../ops/context.ts";
import { serveStdio } from "../mcp/stdio.ts";

/** What `metablooms mcp` returns when the client disconnects. */
export interface McpStdioResult {
  /** The database the server used. */
  db_path: string;
}

/** `metablooms mcp`. */
export const command: Command<McpStdioResult> = {
  name: "mcp",
  script: "mcp_stdio.ts",
  summary: "Serve the MCP tools over stdio (for clients that start the kit)",
  usage: "",
  description:
    "Speaks MCP on stdin/stdout until the client disconnects. Stdout carries only the protocol; logs go to stderr. Path arguments must lie inside the configured roots.",
  exitCodes: { 0: "the client disconnected", 2: "usage error, or the store could not be opened" },
  async run(ctx) {
    if (ctx.json) {
      throw new UsageError("--json does not apply to `mcp`: stdout carries the protocol");
    }
    using stop = onTermination(ctx.signal);
    await using mcp = createContext(ctx.config, { door: "mcp" });
    await mcp.store(); // fail now, with exit code 2, when the store cannot be opened
    await serveStdio(mcp, { signal: stop.signal });
    return { db_path: ctx.config.dbPath };
  },
  render: () => "",
};

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
