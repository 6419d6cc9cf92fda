/**
 * The one argument-parsing and output helper every CLI script uses: shared
 * flags (`--help`, `--json`, `--config`, `--data-dir`), config loading,
 * progress on a terminal, Ctrl-C as an abort signal, errors as `code: message`
 * with the kit's exit codes.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type Config, loadConfig } from "../lib/config.ts";
import { ExitCode, type KitError, toKitError, UsageError } from "../lib/errors.ts";
import type { ProgressFn } from "../lib/progress.ts";
import { createProgressBar } from "./_progress.ts";

/** One flag of a command. */
export interface OptionSpec {
  /** `string` takes a value, `boolean` does not. */
  type: "string" | "boolean";
  /** One-letter alias. */
  short?: string;
  /** May be given more than once (values collected in an array). */
  multiple?: boolean;
  /** Name of the value in help text (e.g. `FILE`). */
  valueName?: string;
  /** One line of help. */
  description: string;
}

/** What a command's `run` receives. */
export interface CommandContext {
  /** Parsed flags, by long name. */
  values: Record<string, string | boolean | string[] | undefined>;
  /** Positional arguments. */
  positionals: string[];
  /** The loaded configuration (flags `--config`, `--data-dir` applied). */
  config: Config;
  /** Whether `--json` was given. */
  json: boolean;
  /** Progress callback: a bar on a terminal, nothing with `--json` or without a TTY. */
  progress: ProgressFn | undefined;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Writes a human line to stderr (silent with `--json`), for long-running commands. */
  log: (line: string) => void;
}

/** A CLI command: the same spec serves `metablooms <name>` and the single-file script. */
export interface Command<R = unknown> {
  /** Subcommand name (`validate`). */
  name: string;
  /** Single-file script under `cli/` (`validate_bundle.ts`). */
  script: string;
  /** One line for the command list. */
  summary: string;
  /** Argument synopsis after the command name (`<path> [options]`). */
  usage: string;
  /** A paragraph of help. */
  description?: string;
  /** Flags beyond the shared ones. */
  options?: Record<string, OptionSpec>;
  /** Exit codes and their meaning. @default {0 ok, 1 invalid, 2 usage/unreadable} */
  exitCodes?: Record<number, string>;
  /** Does the work; returns a JSON-able result. */
  run(ctx: CommandContext): Promise<R>;
  /** Human rendering of the result. */
  render(result: R): string;
  /** Exit code for a result. @default {0} */
  exitCode?(result: R): number;
}

const SHARED_OPTIONS: Record<string, OptionSpec> = {
  help: { type: "boolean", short: "h", description: "Show this help and exit" },
  json: { type: "boolean", description: "Print the result as JSON on stdout (no progress)" },
  config: {
    type: "string",
    valueName: "FILE",
    description: "Config file (default ./metablooms.json)",
  },
  "data-dir": { type: "string", valueName: "DIR", description: "Data directory (env MB_DATA_DIR)" },
};

const DEFAULT_EXIT_CODES: Record<number, string> = {
  [ExitCode.OK]: "success",
  [ExitCode.INVALID]: "the input was read and is invalid",
  [ExitCode.USAGE]: "usage error, or the input could not be read",
};

/**
 * Help text of a command.
 *
 * @param command The command.
 * @param prefix How it is invoked. @default {"metablooms"}
 * @returns Multi-line help.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { helpText } from "./_command.ts";
 * const text = helpText({ name: "x", script: "x.ts", summary: "Does x", usage: "<path>", run: async () => 0, render: String });
 * assert(text.includes("Usage: metablooms x <path>"));
 * ```
 */
export function helpText<R>(command: Command<R>, prefix = "metablooms"): string {
  const options = { ...command.options, ...SHARED_OPTIONS };
  const flag = (name: string, o: OptionSpec) =>
    `${o.short ? `-${o.short}, ` : "    "}--${name}${
      o.type === "string" ? ` ${o.valueName ?? "VALUE"}` : ""
    }`;
  const width = Math.max(...Object.entries(options).map(([n, o]) => flag(n, o).length));
  const codes = command.exitCodes ?? DEFAULT_EXIT_CODES;
  return [
    `${command.summary}`,
    "",
    `Usage: ${prefix} ${command.name} ${command.usage}`.trimEnd(),
    ...(command.description ? ["", command.description] : []),
    "",
    "Options:",
    ...Object.entries(options).map(([n, o]) =>
      `  ${flag(n, o).padEnd(width)}  ${o.description}${o.multiple ? " (repeatable)" : ""}`
    ),
    "",
    "Exit codes:",
    ...Object.entries(codes).map(([code, meaning]) => `  ${code}  ${meaning}`),
    "",
  ].join("\n");
}

/**
 * Runs a command with the given arguments and returns its exit code.
 *
 * @param command The command.
 * @param argv Arguments after the command name.
 * @param prefix How it is invoked, for help text. @default {"metablooms"}
 * @returns The exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCommand } from "./_command.ts";
 * const code = await runCommand({ name: "x", script: "x.ts", summary: "x", usage: "", run: async () => 1, render: String }, ["--help"]);
 * assert(code === 0);
 * ```
 */
export async function runCommand<R>(
  command: Command<R>,
  argv: string[],
  prefix = "metablooms",
): Promise<number> {
  const json = argv.includes("--json");
  const controller = new AbortController();
  const onInterrupt = () => controller.abort(new DOMException("Interrupted", "AbortError"));
  try {
    Deno.addSignalListener("SIGINT", onInterrupt);
  } catch { /* no signal support (e.g. some Windows consoles): Ctrl-C just kills */ }
  try {
    const options = { ...command.options, ...SHARED_OPTIONS };
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}. Try: ${prefix} ${command.name} --help`);
    }
    const values = parsed.values as CommandContext["values"];
    if (values.help) {
      writeOut(helpText(command, prefix));
      return ExitCode.OK;
    }
    const config = await loadConfig({
      ...(typeof values.config === "string" ? { file: values.config } : {}),
      flags: typeof values["data-dir"] === "string" ? { dataDir: values["data-dir"] } : {},
    });
    const interactive = !json && Deno.stderr.isTerminal();
    const bar = interactive ? createProgressBar(command.name) : undefined;
    const ctx: CommandContext = {
      values,
      positionals: parsed.positionals,
      config,
      json,
      progress: bar?.update,
      signal: controller.signal,
      log: json ? () => {} : (line) => writeErr(line),
    };
    let result: R;
    try {
      result = await command.run(ctx);
    } finally {
      bar?.done();
    }
    const output = json ? JSON.stringify(result, null, 2) : command.render(result);
    // An empty rendering prints nothing: `metablooms mcp` must leave stdout to the protocol.
    if (output !== "") writeOut(output);
    return command.exitCode?.(result) ?? ExitCode.OK;
  } catch (error) {
    const kitError: KitError = toKitError(error);
    if (json) writeOut(JSON.stringify({ error: kitError.toJSON() }, null, 2));
    else writeErr(`${kitError.code}: ${kitError.message}`);
    return kitError.exitCode;
  } finally {
    try {
      Deno.removeSignalListener("SIGINT", onInterrupt);
    } catch { /* see addSignalListener */ }
  }
}

/**
 * Reads a required positional argument.
 *
 * @param ctx The command context.
 * @param index Position (0-based).
 * @param name Name for the error message (`<path>`).
 * @returns The argument.
 * @throws {UsageError} When it is missing.
 *
 * @example
 * ```ts
 * import { requirePositional } from "./_command.ts";
 * // requirePositional(ctx, 0, "<path>")
 * ```
 */
export function requirePositional(ctx: CommandContext, index: number, name: string): string {
  const value = ctx.positionals[index];
  if (value === undefined || value === "") throw new UsageError(`Missing argument ${name}`);
  return value;
}

/**
 * Reads a string flag.
 *
 * @param ctx The command context.
 * @param name Long flag name.
 * @returns Its value, or undefined.
 *
 * @example
 * ```ts
 * import { stringFlag } from "./_command.ts";
 * // const out = stringFlag(ctx, "output");
 * ```
 */
export function stringFlag(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === "string" ? v : undefined;
}

/**
 * Reads a numeric flag.
 *
 * @param ctx The command context.
 * @param name Long flag name.
 * @returns Its value, or undefined when absent.
 * @throws {UsageError} When the value is not a number.
 *
 * @example
 * ```ts
 * import { numberFlag } from "./_command.ts";
 * // const limit = numberFlag(ctx, "limit") ?? 10;
 * ```
 */
export function numberFlag(ctx: CommandContext, name: string): number | undefined {
  const raw = stringFlag(ctx, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  return n;
}

function writeOut(text: string): void {
  Deno.stdout.writeSync(new TextEncoder().encode(text.endsWith("\n") ? text : text + "\n"));
}

function writeErr(text: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(text.endsWith("\n") ? text : text + "\n"));
}
