/**
 * `metablooms migrate-store`: copies the kit's data from one store to another
 * (the embedded SQLite file to a shared PostgreSQL server, or back), verified
 * table by table and resumable after a kill.
 *
 * @example
 * ```sh
 * metablooms migrate-store --from sqlite:.metablooms/metablooms.db --to postgres://kit@db.internal/kit
 * ```
 *
 * @module
 */
import { type Command, numberFlag, runCommand, stringFlag } from "./_command.ts";
import { UsageError } from "../lib/errors.ts";
import { migrateStore } from "../lib/setup/migrate_store.ts";
import { parseStoreLocation } from "../lib/store/url.ts";
import type { StoreCopyReport } from "../schemas/store.ts";

/** `metablooms migrate-store`. */
export const command: Command<StoreCopyReport> = {
  name: "migrate-store",
  script: "migrate_store.ts",
  summary: "Copy the kit's data between SQLite and PostgreSQL, verified and resumable",
  usage: "--to sqlite:PATH|postgres://… [--from sqlite:PATH|postgres://…]",
  description:
    "Copies every component's tables in batches; each batch commits with a progress row in the " +
    "target, so a copy that was stopped resumes when run again. Every table is then verified by " +
    "its row count and an order-independent SHA-256 of its contents on both sides. The target " +
    "must be empty or an interrupted copy of the same source. --from defaults to the configured " +
    "store (MB_DATABASE_URL, else the SQLite file). Stop the kit's servers while it runs.",
  options: {
    from: {
      type: "string",
      valueName: "STORE",
      description: "Source (default: the configured store)",
    },
    to: {
      type: "string",
      valueName: "STORE",
      description: "Target: sqlite:PATH or a postgres:// URL",
    },
    "batch-rows": { type: "string", valueName: "N", description: "Rows per batch (default 1000)" },
  },
  exitCodes: {
    0: "every table copied and verified",
    1: "a table differs after the copy, a component was skipped, or the target is not empty",
    2: "usage error, or a store cannot be opened",
  },
  async run(ctx) {
    const to = stringFlag(ctx, "to");
    if (to === undefined) throw new UsageError("Missing --to (sqlite:PATH or a postgres:// URL)");
    const from = stringFlag(ctx, "from");
    const batch = numberFlag(ctx, "batch-rows");
    if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) {
      throw new UsageError(`--batch-rows must be a positive whole number, got ${batch}`);
    }
    const source = from === undefined
      ? { sqlite_path: ctx.config.dbPath, database_url: ctx.config.databaseUrl }
      : parseStoreLocation(from);
    return await migrateStore(source, parseStoreLocation(to), {
      signal: ctx.signal,
      ...(batch === undefined ? {} : { batch_rows: batch }),
      ...(ctx.progress === undefined ? {} : { progress: ctx.progress }),
    });
  },
  render: renderStoreCopy,
  exitCode: (r) => r.ok ? 0 : 1,
};

/**
 * The human rendering of a store copy: one line per table, skipped components, a verdict.
 *
 * @param report The copy report.
 * @returns Lines of text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderStoreCopy } from "./migrate_store.ts";
 * const text = renderStoreCopy({
 *   source: "a.db", target: "postgres://db/kit", resumed: false, copied_rows: 0, ok: false,
 *   components: [], skipped: [{ component: "x", reason: "no copy spec" }],
 * });
 * assert(text.includes("skipped x") && text.includes("NOT COMPLETE"));
 * ```
 */
export function renderStoreCopy(report: StoreCopyReport): string {
  const lines = [
    `${report.resumed ? "resumed copy" : "copy"} ${report.source} → ${report.target}`,
  ];
  for (const c of report.components) {
    for (const t of c.tables) {
      lines.push(
        `  ${`${c.component}.${t.table}`.padEnd(32)} ${String(t.target_rows).padStart(9)} rows  ${
          t.verified ? "verified" : `DIFFERS (source ${t.source_rows} rows)`
        }`,
      );
    }
  }
  for (const s of report.skipped) lines.push(`  skipped ${s.component}: ${s.reason}`);
  lines.push(
    `${report.ok ? "OK" : "NOT COMPLETE"}: ${report.copied_rows} rows copied by this run`,
  );
  return lines.join("\n");
}

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
