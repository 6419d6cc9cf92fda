/**
 * Picks the SQL of one migration step for a dialect.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import type { Dialect, Migration, Tx } from "./store.ts";

const DIALECT_NAME: Record<Dialect, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

/**
 * The SQL of migration `step` (0-based) of `component` in `dialect`.
 *
 * @param migration The step.
 * @param dialect The store's dialect.
 * @param component The component, for the message.
 * @param step The 0-based step number, for the message.
 * @returns The SQL to run.
 * @throws {KitError} `STORE_UNSUPPORTED` when the step has no form for `dialect`.
 */
export function migrationSql(
  migration: Migration,
  dialect: Dialect,
  component: string,
  step: number,
): string {
  if (typeof migration === "string") return migration;
  const sql = migration[dialect];
  if (sql !== undefined) return sql;
  throw new KitError(
    "STORE_UNSUPPORTED",
    `Component ${component} has no ${DIALECT_NAME[dialect]} form of migration ${step + 1}`,
    { details: { component, step: step + 1, dialect } },
  );
}

/** The statement that records a component's schema version (both dialects). */
export const SET_VERSION_SQL = "INSERT INTO schema_versions (component, version) VALUES (?, ?) " +
  "ON CONFLICT(component) DO UPDATE SET version = excluded.version";

/** The statement that reads a component's schema version (both dialects). */
export const GET_VERSION_SQL = "SELECT version FROM schema_versions WHERE component = ?";

/**
 * Runs a component's pending migrations, each step in its own transaction, reading the
 * version inside it (another process may have migrated meanwhile).
 *
 * @param dialect The store's dialect.
 * @param component The component.
 * @param migrations Its migrations.
 * @param inTransaction Runs one step in a write transaction (after any cross-process lock).
 * @returns The component's version afterwards.
 */
export async function runMigrations(
  dialect: Dialect,
  component: string,
  migrations: readonly Migration[],
  inTransaction: (step: (tx: Tx) => Promise<number>) => Promise<number>,
): Promise<number> {
  let version = 0;
  for (let step = 0; step < migrations.length; step++) {
    const sql = migrationSql(migrations[step]!, dialect, component, step);
    version = await inTransaction(async (tx) => {
      const row = await tx.get<{ version: number }>(GET_VERSION_SQL, [component]);
      const current = Number(row?.version ?? 0);
      if (current > step) return current;
      await tx.exec(sql);
      await tx.run(SET_VERSION_SQL, [component, step + 1]);
      return step + 1;
    });
  }
  return version;
}
