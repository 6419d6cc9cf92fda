// deno-lint-ignore-file no-console -- the CLI entry prints to the terminal
/**
 * `metablooms`: the kit's one CLI entry. Each subcommand is also a
 * single-file script under `cli/` and an MCP tool of the same meaning.
 *
 * @example Run a subcommand
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms validate my_bundle.zip --json
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
export type { Command, CommandContext, OptionSpec } from "./_command.ts";
import { VERSION } from "../lib/version.ts";
import { OPERATIONS } from "../ops/registry.ts";
import { operationCommand } from "./_op_command.ts";
import { command as mcpStdioCommand } from "./mcp_stdio.ts";
import { command as serveCommand } from "./serve.ts";

/**
 * Every subcommand, in the order `--help` lists them: one per operation of the registry that
 * has a CLI spec, then the two MCP servers.
 */
export const COMMANDS: ReadonlyArray<Command<never>> = [
  ...OPERATIONS.filter((op) => op.cli !== false).map(operationCommand),
  serveCommand,
  mcpStdioCommand,
] as unknown as ReadonlyArray<Command<never>>;

/**
 * The top-level help text.
 *
 * @returns The command list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mainHelp } from "./metablooms.ts";
 * assert(mainHelp().startsWith("metablooms"));
 * ```
 */
export function mainHelp(): string {
  const width = Math.max(0, ...COMMANDS.map((c) => c.name.length));
  return [
    `metablooms ${VERSION}: OS bundles, boot, long-term memory and an MCP server for LLM chat sessions`,
    "",
    "Usage: metablooms <command> [options]     (metablooms <command> --help for details)",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
  ].join("\n");
}

/**
 * Runs the CLI.
 *
 * @param argv Arguments (without the program name).
 * @returns The exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./metablooms.ts";
 * assert(await main(["--version"]) === 0);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-V") {
    console.log(VERSION);
    return 0;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(mainHelp());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`USAGE: unknown command "${name}". Run: metablooms --help`);
    return 2;
  }
  return await runCommand(command, rest);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
