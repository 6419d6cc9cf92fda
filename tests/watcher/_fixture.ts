/**
 * Shared set-up of the watcher tests: a temp folder with a REAL bare remote
 * (`remote.git`), the LTM clone (`ltm/`), a downloads folder (`downloads/`), a
 * data directory, the kit config and store; git isolated from the machine's
 * global config (no identity configured, so the kit's fallback author is used).
 *
 * @module
 */
import { join } from "node:path";
import { type Config, loadConfig } from "../../lib/config.ts";
import { openStore } from "../../lib/store/open.ts";
import type { Store } from "../../lib/store/store.ts";
import { git } from "../../lib/git/run.ts";
import { createManualClock, type ManualClock } from "../../lib/clock.ts";

/** A watcher test world; dispose to remove it. */
export interface World extends AsyncDisposable {
  /** The temp folder. */
  base: string;
  /** The bare remote. */
  bare: string;
  /** The LTM clone. */
  ltm: string;
  /** The downloads folder. */
  downloads: string;
  /** Kit config (ltmDir, watchDir, dataDir inside `base`). */
  config: Config;
  /** In-memory store. */
  store: Store;
  /** Environment that isolates git from the machine's config. */
  env: Record<string, string>;
  /** Git options for the kit (the isolated env). */
  gitOptions: { env: Record<string, string> };
  /** Another clone of the remote (a second machine). */
  clone(name: string): Promise<string>;
  /** The remote's `main` commit. */
  remoteHead(): Promise<string>;
  /** Commits on the remote's `main`, newest first (subjects). */
  remoteLog(): Promise<string[]>;
}

/** A fixed UTC instant far after any file's mtime, so nothing is "settling". */
export const T0: number = Date.UTC(2031, 2, 15, 12);

/**
 * A manual clock starting at {@linkcode T0}.
 *
 * @param onSleep Called after each sleep.
 * @returns The clock.
 */
export function clockAt(onSleep?: (now: number) => void | Promise<void>): ManualClock {
  return createManualClock(T0, onSleep);
}

/**
 * Creates a world: bare remote with one seed commit on `main`, the LTM clone,
 * an empty downloads folder.
 *
 * @returns The world.
 */
export async function world(): Promise<World> {
  const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_watch_" }));
  await Deno.writeTextFile(join(base, "gitconfig"), "");
  const env = {
    GIT_CONFIG_GLOBAL: join(base, "gitconfig"),
    GIT_CONFIG_NOSYSTEM: "1",
  };
  const gitOptions = { env };
  const bare = join(base, "remote.git");
  await git(base, ["init", "--quiet", "--bare", "--initial-branch=main", bare], gitOptions);
  const seed = join(base, "seed");
  await git(base, ["clone", "--quiet", bare, seed], gitOptions);
  await Deno.writeTextFile(join(seed, "README.md"), "# metablooms-ltm (test)\n");
  await git(seed, ["checkout", "--quiet", "-b", "main"], gitOptions);
  await git(seed, ["add", "README.md"], gitOptions);
  await git(
    seed,
    ["-c", "user.name=seed", "-c", "user.email=seed@x", "commit", "-qm", "seed"],
    gitOptions,
  );
  await git(seed, ["push", "--quiet", "-u", "origin", "main"], gitOptions);
  const ltm = join(base, "ltm");
  await git(base, ["clone", "--quiet", bare, ltm], gitOptions);
  const downloads = join(base, "downloads");
  await Deno.mkdir(downloads);
  const config = await loadConfig({
    env: {},
    cwd: base,
    flags: { dataDir: join(base, "data"), ltmDir: ltm, watchDir: downloads, roots: [base] },
  });
  const store = await openStore({ sqlite_path: ":memory:" });
  return {
    base,
    bare,
    ltm,
    downloads,
    config,
    store,
    env,
    gitOptions,
    async clone(name) {
      const dir = join(base, name);
      await git(base, ["clone", "--quiet", bare, dir], gitOptions);
      return dir;
    },
    remoteHead: () => git(bare, ["rev-parse", "main"], gitOptions),
    async remoteLog() {
      return (await git(bare, ["log", "--format=%s", "main"], gitOptions)).split("\n");
    },
    async [Symbol.asyncDispose]() {
      await store.close();
      await Deno.remove(base, { recursive: true });
    },
  };
}

/** A J-mips delta whose self-hash verifies with R2 (mips.md §1 example). */
export const BLUE_WIDGETS =
  '{"mips":{"artifact_id":"MB__03_DELTA__BlueWidgets_v1","parent_bundle":"MB__02_OS__Demo_Core.mips.json","version":"v1","timestamp_utc":"2026-01-10T12:00:00Z","content_type":"application/json","councils":["Auditor","Recorder"],"sha256_body":"a4e7fca7b8a580b18e3477eef1d6c0000f172e4fe885fb5ecc7e8e6ce6ae8ad7"},"body":{"kind":"example_rule","rule":"Widgets ship blue by default.","priority":"P2"}}';

/**
 * A small valid J-mips delta with a given id (no self-hash).
 *
 * @param id Its artifact id.
 * @returns JSON text.
 */
export function delta(id: string): string {
  return JSON.stringify({
    mips: { artifact_id: id, version: "v1", timestamp_utc: "2031-03-15T12:00:00Z" },
    body: { rule: `rule of ${id}` },
  });
}

/** A Git LFS pointer, as found instead of real zips in metablooms-os-bundles. */
export const LFS_POINTER = "version https://git-lfs.github.com/spec/v1\noid sha256:" +
  "4d7a".repeat(16) + "\nsize 2040109465\n";

/**
 * Writes a file into the downloads folder with an mtime well in the past.
 *
 * @param w The world.
 * @param name File name.
 * @param content Its content.
 * @returns Its path.
 */
export async function download(
  w: World,
  name: string,
  content: string | Uint8Array,
): Promise<string> {
  const path = join(w.downloads, name);
  if (typeof content === "string") await Deno.writeTextFile(path, content);
  else await Deno.writeFile(path, content);
  const past = new Date(Date.now() - 60_000);
  await Deno.utime(path, past, past);
  return path;
}

/**
 * Whether a path exists.
 *
 * @param path The path.
 * @returns True when it does.
 */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
