/**
 * `migrate_store` (`metablooms migrate-store`): copy the kit's data from one
 * store to another (the SQLite file to a PostgreSQL server, or back), verified
 * and resumable. A CLI command only: an operator moves a deployment's data,
 * not a chat client.
 *
 * @module
 */
import { migrateStore, renderStoreCopy } from "../lib/setup/migrate_store.ts";
import type { StoreLocation } from "../lib/store/open.ts";
import { parseStoreLocation } from "../lib/store/url.ts";
import {
  type MigrateStoreInput,
  MigrateStoreInputSchema,
  type StoreCopyReport,
  StoreCopyReportSchema,
} from "../schemas/store.ts";
import type { OpContext } from "./context.ts";
import type { Operation } from "./operation.ts";

/** A store location from the input: a SQLite path goes through the door's path policy. */
async function locate(text: string, ctx: OpContext): Promise<StoreLocation> {
  const location = parseStoreLocation(text);
  if (location.database_url !== undefined) return location;
  return { sqlite_path: await ctx.resolvePath(location.sqlite_path) };
}

/** `migrate_store`. */
export const migrateStoreOp: Operation<MigrateStoreInput, StoreCopyReport> = {
  name: "migrate_store",
  title: "Copy the kit's data to another store",
  description:
    "Copies every component's tables from one store to another (SQLite ⇄ PostgreSQL) in batches, each committed with a progress row in the target so a stopped copy resumes when run again, then verifies every table by row count and an order-independent SHA-256 of its contents. The target must be empty or an interrupted copy of the same source.",
  input: MigrateStoreInputSchema,
  output: StoreCopyReportSchema,
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(input, ctx) {
    const from: StoreLocation = input.from === undefined
      ? { sqlite_path: ctx.config.dbPath, database_url: ctx.config.databaseUrl }
      : await locate(input.from, ctx);
    return await migrateStore(from, await locate(input.to, ctx), {
      signal: ctx.signal,
      ...(input.batch_rows === undefined ? {} : { batch_rows: input.batch_rows }),
      ...(ctx.progress === undefined ? {} : { progress: ctx.progress }),
    });
  },
  render: renderStoreCopy,
  exitCode: (r) => r.ok ? 0 : 1,
  mcp: false,
  cli: {
    name: "migrate-store",
    script: "migrate_store.ts",
    summary: "Copy the kit's data between SQLite and PostgreSQL, verified and resumable",
    usage: "--to sqlite:PATH|postgres://… [--from sqlite:PATH|postgres://…]",
    description: "Copies every component's tables in batches; each batch commits with a progress " +
      "row in the target, so a copy that was stopped resumes when run again. Every table is then " +
      "verified by its row count and an order-independent SHA-256 of its contents on both sides. " +
      "The target must be empty or an interrupted copy of the same source. --from defaults to the " +
      "configured store (MB_DATABASE_URL, else the SQLite file). Stop the kit's servers while it runs.",
    flags: {
      to: { valueName: "STORE", example: "postgres://kit@db.internal/kit" },
      from: { valueName: "STORE" },
    },
    exitCodes: {
      0: "every table copied and verified",
      1: "a table differs after the copy, a component was skipped, or the target is not empty",
      2: "usage error, or a store cannot be opened",
    },
  },
};
