/**
 * The records an audit operation reads: the catalog of the context's store, or
 * the cycle-log file the input names.
 *
 * @module
 */
import { catalogSource, logSource, type RecordSource } from "../lib/audit/source.ts";
import type { RecordFilter } from "../lib/catalog/records.ts";
import type { OpContext } from "./context.ts";

/**
 * The records of `log` (a path argument, resolved by the door's policy), else the catalog's.
 *
 * @param ctx The call's context.
 * @param log The input's `log` field.
 * @param filter Narrows the catalog's records (ignored for a file).
 * @returns The source.
 */
export async function auditRecords(
  ctx: OpContext,
  log: string | undefined,
  filter: RecordFilter = {},
): Promise<RecordSource> {
  if (log !== undefined) return logSource(await ctx.resolvePath(log), ctx.signal);
  const name = ctx.config.databaseUrl ? "postgresql" : ctx.config.dbPath;
  return catalogSource(await ctx.store(), name, filter, ctx.signal);
}
