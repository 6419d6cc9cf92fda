/**
 * Picks the SQL of one migration step for a dialect.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import type { Dialect, Migration } from "./store.ts";

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
