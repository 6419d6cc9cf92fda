/**
 * The CLI door of the operation registry: a command per operation, its flags
 * and help derived from the input schema, run through the shared context with
 * the CLI's path policy (relative to the working directory).
 *
 * @module
 */
import type { Operation } from "../ops/operation.ts";
import { createContext } from "../ops/context.ts";
import { parseInput } from "../ops/run.ts";
import type { Command } from "./_command.ts";
import { deriveFlags, inputFromArgs } from "./_flags.ts";
import { onTermination } from "./_signals.ts";

/**
 * The command of an operation.
 *
 * @param op An operation with a CLI spec.
 * @returns The command that `metablooms <name>` and `cli/<script>` run.
 * @throws {TypeError} When the operation has no CLI spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findOperation } from "../ops/registry.ts";
 * import { helpText } from "./_command.ts";
 * import { operationCommand } from "./_op_command.ts";
 * const command = operationCommand(findOperation("verify_ledger")!);
 * assert.equal(command.name, "ledger-verify");
 * assert(helpText(command).includes("--check-files"));
 * ```
 */
export function operationCommand<I, R>(op: Operation<I, R>): Command<R> {
  const cli = op.cli;
  if (cli === false) throw new TypeError(`Operation ${op.name} has no command`);
  const flags = deriveFlags(op);
  const labels = new Map<string, string>([
    ...(cli.positionals ?? []).map((p) => [p.field, p.name] as const),
    ...flags.map((f) => [f.field, `--${f.flag}`] as const),
  ]);
  return {
    name: cli.name,
    script: cli.script,
    summary: cli.summary,
    usage: cli.usage,
    ...(cli.description === undefined ? {} : { description: cli.description }),
    options: Object.fromEntries(flags.map((f) => [f.flag, f.option])),
    ...(cli.exitCodes === undefined ? {} : { exitCodes: cli.exitCodes }),
    async run(c) {
      const raw = inputFromArgs(op, flags, c.values, c.positionals);
      const input = parseInput(op, raw, { label: (field) => labels.get(field) ?? field });
      using stop = cli.untilStopped ? onTermination(c.signal) : undefined;
      await using ctx = createContext(c.config, {
        door: "cli",
        log: c.log,
        signal: stop?.signal ?? c.signal,
        progress: c.progress,
      });
      return await op.run(input, ctx);
    },
    render: (result) => op.render(result),
    ...(op.exitCode ? { exitCode: (result: R) => op.exitCode!(result) } : {}),
  };
}
