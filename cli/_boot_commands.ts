/**
 * The boot capability's subcommands, in the order `metablooms --help` lists them.
 *
 * @module
 */
import type { Command } from "./_command.ts";
import { command as bootCommand } from "./boot_image.ts";
import { command as statusCommand } from "./boot_status.ts";
import { command as promoteCommand } from "./promote_slot.ts";
import { command as rollbackCommand } from "./rollback_slot.ts";

/** `boot`, `status`, `promote`, `rollback`. */
export const BOOT_COMMANDS: ReadonlyArray<Command<never>> = [
  bootCommand,
  statusCommand,
  promoteCommand,
  rollbackCommand,
] as unknown as ReadonlyArray<Command<never>>;
