/**
 * `metablooms migrate-store`: moves the kit's data from one store to another
 * (the embedded SQLite file to a shared PostgreSQL server, or back).
 *
 * @module
 */
import type { StoreCopyReport } from "../../schemas/store.ts";
import type { ProgressFn } from "../progress.ts";
import type { StoreComponent } from "../store/component.ts";
import { copyStore } from "../store/copy.ts";
import { openStore, type StoreLocation } from "../store/open.ts";
import { STORE_COMPONENTS } from "./store_components.ts";

/** Options of {@linkcode migrateStore}. */
export interface MigrateStoreOptions {
  /**
   * The components to copy.
   * @default {STORE_COMPONENTS}
   */
  components?: readonly StoreComponent[];
  /**
   * Rows per batch.
   * @default {1000}
   */
  batch_rows?: number;
  /** Stops between batches; running the command again resumes. */
  signal?: AbortSignal;
  /** Rows copied so far, of the total. */
  progress?: ProgressFn;
}

/**
 * Copies every component's tables from one store to another, resumably, and verifies them.
 *
 * @param from The source store.
 * @param to The target store: empty, or an interrupted copy of the source.
 * @param options Components, batch size, signal, progress.
 * @returns The copy report; `ok` when every table verified and nothing was skipped.
 * @throws {KitError} `STORE_UNREACHABLE`, `STORE_UNREADABLE` when a store cannot be opened;
 *   `STORE_COPY_TARGET_NOT_EMPTY`, `STORE_COPY_MISMATCH`, `STORE_COPY_SAME` from the copy.
 *
 * @example Copy one SQLite file to another
 * ```ts
 * import assert from "node:assert/strict";
 * import { migrateStore } from "./migrate_store.ts";
 * const dir = await Deno.makeTempDir();
 * const report = await migrateStore({ sqlite_path: `${dir}/a.db` }, { sqlite_path: `${dir}/b.db` });
 * assert(report.ok && report.components.length === 0);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function migrateStore(
  from: StoreLocation,
  to: StoreLocation,
  options: MigrateStoreOptions = {},
): Promise<StoreCopyReport> {
  await using source = await openStore(from);
  await using target = await openStore(to);
  return await copyStore(source, target, options.components ?? STORE_COMPONENTS, {
    ...(options.batch_rows === undefined ? {} : { batch_rows: options.batch_rows }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
}

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
  const lines = [`${report.resumed ? "resumed copy" : "copy"} ${report.source} → ${report.target}`];
  for (const c of report.components) {
    for (const t of c.tables) {
      const name = `${c.component}.${t.table}`.padEnd(32);
      const verdict = t.verified ? "verified" : `DIFFERS (source ${t.source_rows} rows)`;
      lines.push(`  ${name} ${String(t.target_rows).padStart(9)} rows  ${verdict}`);
    }
  }
  for (const s of report.skipped) lines.push(`  skipped ${s.component}: ${s.reason}`);
  lines.push(`${report.ok ? "OK" : "NOT COMPLETE"}: ${report.copied_rows} rows copied by this run`);
  return lines.join("\n");
}
