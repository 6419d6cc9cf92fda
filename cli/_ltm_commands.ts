/**
 * The LTM capability's subcommands, in the order `metablooms --help` lists them.
 *
 * @module
 */
import type { Command } from "./_command.ts";
import { command as indexCommand } from "./reindex_ltm.ts";
import { command as queryCommand } from "./query_mips_index.ts";
import { command as getCommand } from "./get_mips_delta.ts";
import { command as graphCommand } from "./ltm_graph.ts";
import { command as ledgerVerifyCommand } from "./verify_ledger.ts";

/** `index`, `query`, `get`, `graph`, `ledger-verify`. */
export const LTM_COMMANDS: ReadonlyArray<Command<never>> = [
  indexCommand,
  queryCommand,
  getCommand,
  graphCommand,
  ledgerVerifyCommand,
] as unknown as ReadonlyArray<Command<never>>;
