/**
 * What an operation is: defined once, with its input and output schemas (from
 * `schemas/`), `run(input, ctx)`, `render(result)`, the exit code of a result,
 * the MCP annotation hints and how the CLI spells it. The doors derive the rest:
 * the CLI its flags and help, the MCP layer its tool, the web door its forms.
 *
 * @module
 */
import type { z } from "zod";
import type { OpContext } from "./context.ts";

/** The four MCP tool annotation hints, all required so none is forgotten. */
export interface OpHints {
  /** The operation does not modify anything. */
  readOnlyHint: boolean;
  /** It may delete or overwrite. */
  destructiveHint: boolean;
  /** Calling twice with the same input has no further effect. */
  idempotentHint: boolean;
  /** It talks to the outside world (a git remote, an LLM endpoint). */
  openWorldHint: boolean;
}

/** How the CLI spells one input field as a flag (everything is optional: derived by default). */
export interface FlagSpec {
  /** The long flag name. @default {the field name in kebab-case} */
  flag?: string;
  /** One-letter alias. */
  short?: string;
  /** Name of the value in help text (e.g. `FILE`). @default {"N" for numbers, else "VALUE"} */
  valueName?: string;
  /** A boolean whose flag turns it off (`--no-stage` sets `stage: false`). */
  negate?: boolean;
  /**
   * Help text when the field's `.describe()` speaks of another door (e.g. "inside the roots").
   * @default {the field's description}
   */
  description?: string;
  /** An example value for the "missing" message of a required flag. */
  example?: string;
}

/** One positional argument. */
export interface PositionalSpec {
  /** The input field it fills. */
  field: string;
  /** Its name in usage and messages (`<bundle.zip>`). */
  name: string;
  /** Takes every remaining positional, joined by spaces (free text). */
  rest?: boolean;
  /** Takes every remaining positional as one element each of an array field. */
  list?: boolean;
  /** Reads each value as JSON when it parses (`42`, `true`, `[1]`, `"x"`), else as the text given. */
  json?: boolean;
}

/** How an operation appears on the command line. */
export interface CliSpec {
  /** Subcommand name (`validate`). */
  name: string;
  /** The single-file script under `cli/` (`validate_bundle.ts`). */
  script: string;
  /** One line for the command list. */
  summary: string;
  /** Argument synopsis after the command name. */
  usage: string;
  /** A paragraph of help. */
  description?: string;
  /** Positional arguments, in order. */
  positionals?: readonly PositionalSpec[];
  /** Flag spellings by input field name; fields not listed get derived flags. */
  flags?: Readonly<Record<string, FlagSpec>>;
  /** Exit codes and their meaning. @default {0 ok, 1 invalid, 2 usage/unreadable} */
  exitCodes?: Readonly<Record<number, string>>;
  /** Runs until stopped: SIGTERM aborts it like Ctrl-C does. @default {false} */
  untilStopped?: boolean;
}

/** How an operation appears as an MCP tool. */
export interface McpSpec {
  /** Input fields the MCP tool does not offer (CLI-only powers such as choosing an interpreter). */
  omit?: readonly string[];
  /**
   * The MCP App view (`ui://` resource, see `ui.ts`) that draws the result inline in clients
   * that support the `io.modelcontextprotocol/ui` extension; others get the same structured
   * content.
   */
  ui?: string | undefined;
}

/**
 * One operation of the kit.
 *
 * @typeParam I The parsed input.
 * @typeParam R The result object (plain JSON data, snake_case fields).
 */
export interface Operation<I = unknown, R = unknown> {
  /** snake_case, verb first; also the MCP tool name. */
  readonly name: string;
  /** Human title. */
  readonly title: string;
  /** What it does and when to use it (the MCP tool description). */
  readonly description: string;
  /** Input schema (a `z.object` at run time), from `schemas/`. */
  readonly input: z.ZodType<I>;
  /** Output schema (a `z.object` at run time), from `schemas/`. */
  readonly output: z.ZodType<R>;
  /** MCP annotation hints; the web door reads `readOnlyHint` too. */
  readonly hints: OpHints;
  /**
   * Does the work. Paths in `input` go through `ctx.resolvePath`; nothing here depends on the door.
   * @throws {KitError} With a stable code.
   */
  run(input: I, ctx: OpContext): Promise<R>;
  /** The human rendering of a result (CLI output, MCP text content). */
  render(result: R): string;
  /** The CLI exit code for a result. @default {0} */
  exitCode?(result: R): number;
  /**
   * Whether this input may change state, for operations that do only with some input (a graph
   * that writes files only when asked to export). A read-only server refuses it when true.
   * @default {!hints.readOnlyHint}
   */
  changesState?(input: I): boolean;
  /** The CLI spelling; `false` when the operation has no command. */
  readonly cli: CliSpec | false;
  /** The MCP tool; `false` when the operation is not offered as a tool. */
  readonly mcp: McpSpec | false;
}

/** An operation of any input and result, as registries hold them. */
// deno-lint-ignore no-explicit-any
export type AnyOperation = Operation<any, any>;
