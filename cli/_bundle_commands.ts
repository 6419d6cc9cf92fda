/**
 * The bundle capability's subcommands, in help order.
 *
 * @module
 */
import type { Command } from "./_command.ts";
import { command as validateCommand } from "./validate_bundle.ts";
import { command as inspectCommand } from "./inspect_bundle.ts";
import { command as buildCommand } from "./build_bundle.ts";
import { command as extractCommand } from "./extract_bundle.ts";

/** `validate`, `inspect`, `build`, `extract`. */
export const BUNDLE_COMMANDS: ReadonlyArray<Command<never>> = [
  validateCommand,
  inspectCommand,
  buildCommand,
  extractCommand,
] as unknown as ReadonlyArray<Command<never>>;
