/**
 * Copies every component's tables from one store to another (SQLite to
 * PostgreSQL and back), verified by per-table counts and content hashes, and
 * resumable: each batch commits together with a progress row in the target, so
 * a copy killed at any point continues where it stopped when run again.
 *
 * @module
 */
import { ExitCode, KitError } from "../errors.ts";
import type { ProgressFn } from "../progress.ts";
import type {
  ComponentCopy,
  SkippedComponent,
  StoreCopyReport,
  TableCopy,
} from "../../schemas/store.ts";
import {
  decodeKey,
  encodeKey,
  q,
  resetSequences,
  RowHash,
  tableBatches,
  tableColumns,
} from "./_copy_rows.ts";
import type { StoreComponent, TableSpec } from "./component.ts";
import type { SqlValue, Store, Tx } from "./store.ts";

/** Options of {@linkcode copyStore}. */
export interface CopyStoreOptions {
  /**
   * Rows per batch (one target transaction each).
   * @default {1000}
   */
  batch_rows?: number;
  /** Stops between batches; the next run resumes. */
  signal?: AbortSignal;
  /** Rows copied so far, of the source's total. */
  progress?: ProgressFn;
}

/** Components of the store itself that are never copied (leases belong to one deployment). */
const INTERNAL = new Set(["store_copy", "store_leases"]);
const PROGRESS: StoreComponent = {
  name: "store_copy",
  migrations: [
    `CREATE TABLE store_copy_progress (
       component TEXT NOT NULL,
       table_name TEXT NOT NULL,
       source TEXT NOT NULL,
       after_key TEXT,
       copied BIGINT NOT NULL,
       done INTEGER NOT NULL,
       PRIMARY KEY (component, table_name)
     )`,
  ],
  tables: [],
};
const REBUILT = ""; // the progress row of a component's rebuild step

type Progress = {
  after_key: string | null;
  copied: number;
  done: number;
};

/**
 * Copies the tables of every component in `components` that the source has into the target,
 * then verifies each table by count and content hash.
 *
 * @param source The store to copy from (left unchanged but for bringing its schema up to date).
 * @param target The store to copy into: empty, or holding an interrupted copy of this source.
 * @param components Every component the kit knows (`lib/setup/store_components.ts`).
 * @param options Batch size, signal, progress.
 * @returns What was copied and verified; `ok` is false when a table differs or a source
 *   component has no copy spec.
 * @throws {KitError} `STORE_COPY_TARGET_NOT_EMPTY` when the target holds data that is not an
 *   interrupted copy of this source; `STORE_COPY_MISMATCH` when a source column has no place in
 *   the target; `STORE_COPY_SAME` (exit 2) when source and target are one store.
 *
 * @example Copy a component between two stores
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "./sqlite_store.ts";
 * import { copyStore } from "./copy.ts";
 * const notes = {
 *   name: "notes",
 *   migrations: ["CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)"],
 *   tables: [{ name: "notes", key: ["id"] }],
 * };
 * const dir = await Deno.makeTempDir();
 * await using from = await openSqliteStore(`${dir}/a.db`);
 * await using to = await openSqliteStore(`${dir}/b.db`);
 * await from.migrate("notes", notes.migrations);
 * await from.transaction((tx) => tx.run("INSERT INTO notes VALUES (1, 'hello')"));
 * const report = await copyStore(from, to, [notes]);
 * assert(report.ok);
 * assert.equal(report.components[0]!.tables[0]!.target_rows, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function copyStore(
  source: Store,
  target: Store,
  components: readonly StoreComponent[],
  options: CopyStoreOptions = {},
): Promise<StoreCopyReport> {
  if (source === target || source.location === target.location) {
    throw new KitError("STORE_COPY_SAME", `Cannot copy the store ${source.location} onto itself`, {
      exitCode: ExitCode.USAGE,
    });
  }
  const batchRows = options.batch_rows ?? 1000;
  await target.migrate(PROGRESS.name, PROGRESS.migrations);
  const prior = await target.read((tx) =>
    tx.all<Progress & { component: string; table_name: string; source: string }>(
      "SELECT component, table_name, source, after_key, copied, done FROM store_copy_progress",
    )
  );
  const foreign = prior.find((p) => p.source !== source.location);
  if (foreign) {
    throw notEmpty(target, `it holds a copy of ${foreign.source}`);
  }
  const progressOf = (component: string, table: string) =>
    prior.find((p) => p.component === component && p.table_name === table);

  const versions = await source.read((tx) =>
    tx.all<{ component: string; version: number }>(
      "SELECT component, version FROM schema_versions ORDER BY component",
    )
  );
  const present = new Set(versions.map((v) => v.component));
  const skipped: SkippedComponent[] = versions
    .filter((v) => !INTERNAL.has(v.component) && !components.some((c) => c.name === v.component))
    .map((v) => ({ component: v.component, reason: "this kit has no copy spec for it" }));
  const chosen = components.filter((c) => present.has(c.name));

  // Plan: bring both schemas up to date, check every table before writing anything.
  const plans: { component: StoreComponent; version: number; tables: TablePlan[] }[] = [];
  for (const component of chosen) {
    const version = await source.migrate(component.name, component.migrations);
    await target.migrate(component.name, component.migrations);
    const tables: TablePlan[] = [];
    for (const spec of component.tables) {
      tables.push(await planTable(source, target, component.name, spec, progressOf));
    }
    plans.push({ component, version, tables });
  }

  const total = plans.flatMap((p) => p.tables).reduce((n, t) => n + t.source_rows, 0);
  let done = plans.flatMap((p) => p.tables).reduce((n, t) => n + (t.progress?.copied ?? 0), 0);
  let copiedRows = 0;
  const report: ComponentCopy[] = [];
  for (const plan of plans) {
    const tables: TableCopy[] = [];
    for (const table of plan.tables) {
      const copied = await copyTable(source, target, plan.component.name, table, batchRows, (n) => {
        done += n;
        options.progress?.(done, total, `${plan.component.name}.${table.spec.name}`);
      }, options.signal);
      copiedRows += copied;
      tables.push(await verifyTable(source, target, table, copied, batchRows));
    }
    const rebuild = plan.component.rebuild;
    if (rebuild && !progressOf(plan.component.name, REBUILT)?.done) {
      options.signal?.throwIfAborted();
      await target.transaction(async (tx) => {
        await rebuild(tx);
        await saveProgress(tx, plan.component.name, REBUILT, source.location, undefined, 0, true);
      });
    }
    report.push({ component: plan.component.name, version: plan.version, tables });
  }
  const verified = report.every((c) => c.tables.every((t) => t.verified));
  return {
    source: source.location,
    target: target.location,
    resumed: prior.length > 0,
    components: report,
    skipped,
    copied_rows: copiedRows,
    ok: verified && skipped.length === 0,
  };
}

interface TablePlan {
  spec: TableSpec;
  columns: string[];
  source_rows: number;
  progress: Progress | undefined;
}

async function planTable(
  source: Store,
  target: Store,
  component: string,
  spec: TableSpec,
  progressOf: (component: string, table: string) => Progress | undefined,
): Promise<TablePlan> {
  const local = (c: string) => !spec.local_columns?.includes(c);
  const columns = (await source.read((tx) => tableColumns(tx, spec.name))).filter(local);
  const targetColumns = (await target.read((tx) => tableColumns(tx, spec.name))).filter(local);
  const missing = columns.filter((c) => !targetColumns.includes(c));
  if (columns.length === 0 || targetColumns.length === 0 || missing.length > 0) {
    const problem = columns.length === 0
      ? `${source.location} has no table ${spec.name}`
      : targetColumns.length === 0
      ? `the target has no table ${spec.name}`
      : `the target table has no column ${missing.join(", ")}`;
    throw new KitError(
      "STORE_COPY_MISMATCH",
      `Cannot copy ${component}.${spec.name} to ${target.location}: ${problem}`,
      { details: { component, table: spec.name, missing } },
    );
  }
  const source_rows = await source.read(async (tx) =>
    Number((await tx.get(`SELECT count(*) AS n FROM ${q(spec.name)}`))?.n ?? 0)
  );
  const targetHasRows = await target.read(async (tx) =>
    (await tx.get(`SELECT 1 AS one FROM ${q(spec.name)} LIMIT 1`)) !== undefined
  );
  const progress = progressOf(component, spec.name);
  if (targetHasRows && progress === undefined) {
    throw notEmpty(target, `table ${spec.name} already holds rows`);
  }
  return { spec, columns, source_rows, progress };
}

async function copyTable(
  source: Store,
  target: Store,
  component: string,
  table: TablePlan,
  batchRows: number,
  advance: (rows: number) => void,
  signal: AbortSignal | undefined,
): Promise<number> {
  if (table.progress?.done) return 0;
  const { spec, columns } = table;
  // PostgreSQL refuses explicit values for GENERATED ALWAYS identity columns unless told.
  const overriding = target.dialect === "postgres" ? " OVERRIDING SYSTEM VALUE" : "";
  const insert = `INSERT INTO ${q(spec.name)} (${columns.map(q).join(", ")})${overriding} VALUES (${
    columns.map(() => "?").join(", ")
  })`;
  const after = table.progress?.after_key ? decodeKey(table.progress.after_key) : undefined;
  let copied = 0;
  let total = table.progress?.copied ?? 0;
  let last: SqlValue[] | undefined = after;
  const batches = tableBatches(source, spec.name, columns, spec.key, after, batchRows);
  for await (const batch of batches) {
    signal?.throwIfAborted();
    const values = batch.rows.map((row) => columns.map((c) => row[c] ?? null));
    last = batch.last;
    await target.transaction(async (tx) => {
      await tx.runMany(insert, values);
      await saveProgress(
        tx,
        component,
        spec.name,
        source.location,
        last,
        total + values.length,
        false,
      );
    });
    copied += values.length;
    total += values.length;
    advance(values.length);
  }
  await target.transaction(async (tx) => {
    await resetSequences(tx, spec.name);
    await saveProgress(tx, component, spec.name, source.location, last, total, true);
  });
  return copied;
}

async function verifyTable(
  source: Store,
  target: Store,
  table: TablePlan,
  copied: number,
  batchRows: number,
): Promise<TableCopy> {
  const hash = async (store: Store) => {
    const h = new RowHash();
    const batches = tableBatches(
      store,
      table.spec.name,
      table.columns,
      table.spec.key,
      undefined,
      batchRows,
    );
    for await (const batch of batches) {
      for (const row of batch.rows) h.add(table.columns.map((c) => row[c] ?? null));
    }
    return h;
  };
  const [s, t] = [await hash(source), await hash(target)];
  return {
    table: table.spec.name,
    source_rows: s.count,
    target_rows: t.count,
    copied_rows: copied,
    source_sha256: s.hex(),
    target_sha256: t.hex(),
    verified: s.count === t.count && s.hex() === t.hex(),
  };
}

async function saveProgress(
  tx: Tx,
  component: string,
  table: string,
  source: string,
  last: SqlValue[] | undefined,
  copied: number,
  done: boolean,
): Promise<void> {
  await tx.run(
    "INSERT INTO store_copy_progress (component, table_name, source, after_key, copied, done) " +
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (component, table_name) DO UPDATE SET " +
      "after_key = excluded.after_key, copied = excluded.copied, done = excluded.done",
    [component, table, source, last === undefined ? null : encodeKey(last), copied, done ? 1 : 0],
  );
}

function notEmpty(target: Store, why: string): KitError {
  return new KitError(
    "STORE_COPY_TARGET_NOT_EMPTY",
    `Cannot copy into ${target.location}: ${why}, and it is not an interrupted copy of this ` +
      "source; copy into an empty database",
    { path: target.location },
  );
}
