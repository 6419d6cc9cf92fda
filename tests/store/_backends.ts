/**
 * The two store backends as test factories, so one list of cases runs on both:
 * each case gets a fresh, empty database it may open several stores on.
 *
 * @module
 */
import type { Store } from "../../lib/store/store.ts";
import type { StoreLocation } from "../../lib/store/open.ts";
import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { openPgStore } from "../../lib/store/pg_store.ts";
import type { PgCluster } from "../fixtures/pg_cluster.ts";

/** A fresh, empty database. */
export interface FreshDb extends AsyncDisposable {
  /** Where it is, as `openStore()` takes it (also for child processes). */
  location: StoreLocation;
  /** Opens one more store on it (closed with the database). */
  open(options?: { busy_timeout_ms?: number }): Promise<Store>;
}

/** Makes fresh databases of one backend. */
export interface Backend {
  /** `sqlite` or `postgres`, for test names and backend-specific expectations. */
  name: "sqlite" | "postgres";
  /** A fresh, empty database. */
  fresh(): Promise<FreshDb>;
}

/** One case that runs on any backend. */
export interface StoreCase {
  /** A sentence. */
  name: string;
  /** The test. */
  fn: (backend: Backend) => Promise<void>;
}

function freshDb(
  location: StoreLocation,
  opener: (options: { busy_timeout_ms?: number }) => Promise<Store>,
  cleanup: () => Promise<void>,
): FreshDb {
  const opened: Store[] = [];
  return {
    location,
    async open(options = {}) {
      const store = await opener(options);
      opened.push(store);
      return store;
    },
    async [Symbol.asyncDispose]() {
      for (const store of opened) await store.close();
      await cleanup();
    },
  };
}

/** SQLite files in temp dirs. */
export const sqliteBackend: Backend = {
  name: "sqlite",
  async fresh() {
    const dir = await Deno.makeTempDir({ prefix: "mb_store_" });
    const path = `${dir}/kit.db`;
    return freshDb(
      { sqlite_path: path },
      (options) => openSqliteStore(path, options),
      () => Deno.remove(dir, { recursive: true }),
    );
  },
};

/**
 * Fresh databases in a running throwaway cluster.
 *
 * @param cluster The cluster.
 * @returns The backend.
 */
export function pgBackend(cluster: PgCluster): Backend {
  return {
    name: "postgres",
    async fresh() {
      const url = await cluster.createSchema();
      return freshDb(
        { sqlite_path: ":memory:", database_url: url },
        (options) => openPgStore(url, options),
        async () => {},
      );
    },
  };
}

/**
 * Registers every case as its own test, on one backend.
 *
 * @param backend The backend.
 * @param cases The cases.
 */
export function registerCases(backend: Backend, cases: readonly StoreCase[]): void {
  for (const c of cases) Deno.test(`${backend.name}: ${c.name}`, () => c.fn(backend));
}

/**
 * Runs every case as a step of one test, on one backend (a throwaway cluster lives as long as
 * the test that owns it).
 *
 * @param t The owning test.
 * @param backend The backend.
 * @param cases The cases.
 */
export async function runCasesAsSteps(
  t: Deno.TestContext,
  backend: Backend,
  cases: readonly StoreCase[],
): Promise<void> {
  for (const c of cases) await t.step(c.name, () => c.fn(backend));
}

/** Rows come back without a prototype on SQLite; compare as plain objects. */
export const plain = <R extends object>(rows: R[] | R | undefined) =>
  Array.isArray(rows) ? rows.map((r) => ({ ...r })) : rows === undefined ? undefined : { ...rows };

/**
 * Runs `code` in a child Deno process until it prints its first line, then kills it with
 * SIGKILL (a process dying at that point, with no chance to clean up).
 *
 * @param code Module code for `deno eval`; it prints one line when it reaches the point to die at.
 * @returns The line it printed.
 */
export async function runUntilFirstLineThenKill(code: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    reader.releaseLock();
    return new TextDecoder().decode(value).trim();
  } finally {
    child.kill("SIGKILL");
    await child.status;
    await child.stdout.cancel().catch(() => {});
  }
}

/**
 * An `import` line for a kit module, for code run by {@linkcode runUntilFirstLineThenKill}.
 *
 * @param names What to import.
 * @param path The module, relative to this folder.
 * @returns The line.
 */
export const importLine = (names: string, path: string): string =>
  `import { ${names} } from ${JSON.stringify(new URL(path, import.meta.url).href)};`;

/**
 * Runs `code` in a child Deno process to its end.
 *
 * @param code Module code for `deno eval`.
 * @returns What it printed.
 * @throws {Error} When it exits with a failure (its stderr in the message).
 */
export async function runChild(code: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  if (!out.success) throw new Error(`child failed: ${text.decode(out.stderr)}`);
  return text.decode(out.stdout);
}
