/**
 * Running an operation from raw input: validate with its schema once, then run.
 *
 * @module
 */
import { UsageError } from "../lib/errors.ts";
import type { OpContext } from "./context.ts";
import type { Operation } from "./operation.ts";
import { assertPermitted } from "./read_only.ts";

/** How {@linkcode parseInput} names fields in its messages. */
export interface ParseInputOptions {
  /** The name a user knows a field by (the CLI says `--limit`). @default {the field name} */
  label?: ((field: string) => string) | undefined;
}

/**
 * Validates raw input (parsed JSON, CLI flags, a web form) against an operation's input schema.
 *
 * @param op The operation.
 * @param raw The input as received.
 * @param options How to name fields in the message.
 * @returns The parsed input.
 * @throws {UsageError} `USAGE` (exit 2) naming the first bad field and the problem.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findOperation } from "./registry.ts";
 * import { parseInput } from "./run.ts";
 * const op = findOperation("query_mips_index")!;
 * assert.throws(() => parseInput(op, { limit: 9999 }), { code: "USAGE" });
 * assert.deepEqual(parseInput(op, { text: "widgets" }), { text: "widgets" });
 * ```
 */
export function parseInput<I>(
  op: Operation<I, unknown>,
  raw: unknown,
  options: ParseInputOptions = {},
): I {
  const parsed = op.input.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join(".");
  const label = field === "" ? "input" : (options.label ?? ((f) => f))(field);
  throw new UsageError(`Invalid ${label} for ${op.name}: ${issue.message}`, {
    details: { field },
  });
}

/**
 * Validates raw input and runs the operation: what any door (a web request, a test, a script)
 * calls with input it has not checked yet.
 *
 * @param op The operation.
 * @param raw The input as received.
 * @param ctx The door's (or call's) context.
 * @returns The result object.
 * @throws {UsageError} `USAGE` for input the schema refuses; {@linkcode KitError} `READ_ONLY` for
 * an operation that may change state on a read-only server; the operation's own `KitError`s.
 *
 * @example Verify a ledger through the registry
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../lib/config.ts";
 * import { createContext } from "./context.ts";
 * import { findOperation } from "./registry.ts";
 * import { runOperation } from "./run.ts";
 * const dir = await Deno.realPath(await Deno.makeTempDir());
 * await Deno.writeTextFile(`${dir}/ledger.ndjson`, "");
 * const config = await loadConfig({ env: {}, cwd: dir, flags: { roots: [dir], dbPath: ":memory:" } });
 * await using ctx = createContext(config, { door: "web", cwd: dir });
 * const result = await runOperation(findOperation("verify_ledger")!, { path: "ledger.ndjson" }, ctx);
 * assert.equal(result.ok, true);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function runOperation<I, R>(op: Operation<I, R>, raw: unknown, ctx: OpContext): Promise<R> {
  try {
    const input = parseInput(op, raw);
    assertPermitted(op, ctx, input);
    return op.run(input, ctx);
  } catch (error) {
    return Promise.reject(error);
  }
}
