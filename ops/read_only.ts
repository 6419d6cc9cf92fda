/**
 * The read-only rule of a server (`serve --read-only`, `mcp.readOnly`): its
 * doors (MCP, web) refuse every operation that may change state; the CLI,
 * the operator's own door, is not a server and keeps every operation.
 *
 * @module
 */
import { KitError } from "../lib/errors.ts";
import type { OpContext } from "./context.ts";
import type { Operation } from "./operation.ts";

/**
 * Refuses an operation that may change state when the context serves a read-only server.
 *
 * @param op The operation (`changesState(input)`, else `hints.readOnlyHint`, says whether it may
 * change state).
 * @param ctx The call's context (its door and `config.mcp.readOnly`).
 * @param input The call's input.
 * @throws {KitError} `READ_ONLY` (exit code 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../lib/config.ts";
 * import { createContext } from "./context.ts";
 * import { findOperation } from "./registry.ts";
 * import { assertPermitted } from "./read_only.ts";
 * const config = await loadConfig({ env: { MB_READ_ONLY: "1" } });
 * await using ctx = createContext(config, { door: "web" });
 * assert.throws(() => assertPermitted(findOperation("promote_slot")!, ctx, {}), { code: "READ_ONLY" });
 * assertPermitted(findOperation("boot_status")!, ctx, {});
 * assertPermitted(findOperation("ltm_graph")!, ctx, {}); // writes only with export_path
 * assert.throws(() => assertPermitted(findOperation("ltm_graph")!, ctx, { export_path: "x" }), {
 *   code: "READ_ONLY",
 * });
 * ```
 */
export function assertPermitted<I>(
  op: Pick<Operation<I>, "name" | "hints" | "changesState">,
  ctx: OpContext,
  input: I,
): void {
  if (ctx.door === "cli" || !ctx.config.mcp.readOnly) return;
  if (!(op.changesState ? op.changesState(input) : !op.hints.readOnlyHint)) return;
  throw new KitError(
    "READ_ONLY",
    `This server is read-only (serve --read-only or mcp.readOnly): ${op.name} may change state and is refused`,
    { exitCode: 1, details: { operation: op.name } },
  );
}
