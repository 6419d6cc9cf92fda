/**
 * Where files go: accepted ones into the LTM repo (`deltas/YYYY-MM/` for
 * MIPS files and notes, `bundles/YYYY-MM/` for bundles; a name already taken
 * by different bytes becomes `<stem>__<sha8><ext>`), rejected ones into
 * `<watchDir>/MB_QUARANTINE/` with a `<name>.reason.json`. Every move ends in
 * a rename, so nothing is ever half-written.
 *
 * @module
 */
import { basename, dirname, extname, join } from "node:path";
import { KitError } from "../errors.ts";
import { sha256File } from "../fs/sha256.ts";
import { writeJsonAtomic } from "../fs/atomic_write.ts";
import type { QuarantineReason } from "../../schemas/watcher.ts";
import { QUARANTINE_DIR } from "./scan.ts";

/**
 * Splits a name into stem and extension, keeping `.mips.json|.mips.md|.mips.txt` whole.
 *
 * @param name A base name.
 * @returns `[stem, ext]` (ext may be empty).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitName } from "./filing.ts";
 * assert(splitName("MB__a.mips.json").join("|") === "MB__a|.mips.json");
 * assert(splitName("OS.zip").join("|") === "OS|.zip");
 * ```
 */
export function splitName(name: string): [string, string] {
  const mips = /\.mips\.(json|md|txt)$/.exec(name);
  const ext = mips ? mips[0] : extname(name);
  return [name.slice(0, name.length - ext.length), ext];
}

/**
 * The name a colliding file is stored under: `<stem>__<sha8><ext>`.
 *
 * @param name The original name.
 * @param sha256 The file's hash.
 * @returns The suffixed name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collisionName } from "./filing.ts";
 * assert(collisionName("MB__a.mips.json", "0123456789" + "0".repeat(54)) === "MB__a__01234567.mips.json");
 * ```
 */
export function collisionName(name: string, sha256: string): string {
  const [stem, ext] = splitName(name);
  return `${stem}__${sha256.slice(0, 8)}${ext}`;
}

/** Where {@linkcode placeFile} put a file. */
export interface Placement {
  /** Path relative to the repo, `/`-separated. */
  relPath: string;
  /** Stored under a suffixed name because the name was taken. */
  renamed: boolean;
  /** The same bytes were already there under that name (nothing moved). */
  alreadyPresent: boolean;
}

/** Where {@linkcode placeFile} files a staged copy. */
export interface PlaceTarget {
  /** The LTM repo. */
  repo: string;
  /** Target folder relative to the repo (`deltas/2026-01`). */
  relDir: string;
  /** The original name. */
  name: string;
  /** The staged file's hash. */
  sha256: string;
}

/**
 * Moves a staged file into `<repo>/<relDir>/`, resolving name collisions by
 * content.
 *
 * @param staged The staged file (it is moved away, or removed when the bytes are already there).
 * @param target Repo, folder, original name and hash.
 * @returns Where it went.
 * @throws {KitError} `FILING_COLLISION` when both the name and the suffixed name hold other bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { placeFile } from "./filing.ts";
 * import { sha256Hex } from "../fs/sha256.ts";
 * const repo = await Deno.makeTempDir();
 * await Deno.mkdir(`${repo}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${repo}/deltas/2026-01/a.md`, "old");
 * await Deno.writeTextFile(`${repo}/staged`, "new");
 * const p = await placeFile(`${repo}/staged`, { repo, relDir: "deltas/2026-01", name: "a.md", sha256: sha256Hex("new") });
 * assert(p.renamed && p.relPath.startsWith("deltas/2026-01/a__"));
 * await Deno.remove(repo, { recursive: true });
 * ```
 */
export async function placeFile(staged: string, target: PlaceTarget): Promise<Placement> {
  const { repo, relDir, name, sha256 } = target;
  await Deno.mkdir(join(repo, relDir), { recursive: true });
  for (
    const [candidate, renamed] of [[name, false], [collisionName(name, sha256), true]] as const
  ) {
    const path = join(repo, relDir, candidate);
    const existing = await sha256File(path).catch((error) => {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    });
    if (existing === sha256) {
      await Deno.remove(staged);
      return { relPath: `${relDir}/${candidate}`, renamed, alreadyPresent: true };
    }
    if (existing === null) {
      await moveFile(staged, path);
      return { relPath: `${relDir}/${candidate}`, renamed, alreadyPresent: false };
    }
  }
  throw new KitError(
    "FILING_COLLISION",
    `Cannot file ${name}: ${relDir}/${name} and ${relDir}/${
      collisionName(name, sha256)
    } both exist with other content`,
    { path: join(repo, relDir, name) },
  );
}

/**
 * Copies a file into a fresh folder under `stagingDir` (keeping its name) and
 * fsyncs it, so what gets hashed, checked and filed is one immutable copy
 * even if the source still changes. Remove the copy's folder when done
 * ({@linkcode removeStaged}).
 *
 * @param source The file to copy.
 * @param stagingDir A folder on the repo's file system.
 * @returns The staged copy's path (`<stagingDir>/<pid>-<uuid>/<name>`).
 * @throws {Deno.errors.NotFound} When the source is gone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stageCopy } from "./filing.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a`, "x");
 * const staged = await stageCopy(`${dir}/a`, `${dir}/staging`);
 * assert(await Deno.readTextFile(staged) === "x");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function stageCopy(source: string, stagingDir: string): Promise<string> {
  // A folder per copy keeps the original name, which checks and their messages use; the pid
  // in its name tells the repair whether its owner still runs.
  const folder = join(stagingDir, `${Deno.pid}-${crypto.randomUUID()}`);
  for (let attempt = 0;; attempt++) {
    try {
      await Deno.mkdir(folder, { recursive: true });
      break;
    } catch (error) {
      // Another ingest removed the (then empty) staging folder in between: make it again.
      if (!(error instanceof Deno.errors.NotFound) || attempt >= 3) throw error;
    }
  }
  const staged = join(folder, basename(source));
  await Deno.copyFile(source, staged);
  using file = await Deno.open(staged, { read: true, write: true });
  await file.sync();
  return staged;
}

/**
 * Removes a staged copy's folder, and the staging folder when nothing else is staged.
 *
 * @param staged The path {@linkcode stageCopy} returned.
 * @returns Resolves when removed (failures are ignored: the repair removes leftovers).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { removeStaged, stageCopy } from "./filing.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a`, "x");
 * await removeStaged(await stageCopy(`${dir}/a`, `${dir}/staging`));
 * assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function removeStaged(staged: string): Promise<void> {
  const folder = dirname(staged);
  await Deno.remove(folder, { recursive: true }).catch(() => {});
  await Deno.remove(dirname(folder)).catch(() => {}); // fails while another copy is staged
}

/** Where {@linkcode quarantineFile} put a file. */
export interface QuarantinePlacement {
  /** The quarantined file. */
  path: string;
  /** Its `.reason.json`. */
  reason_path: string;
}

/**
 * Moves a rejected file into `<watchDir>/MB_QUARANTINE/` and writes its
 * `<name>.reason.json` (the reason's `quarantined_path` is filled in).
 *
 * @param watchDir The watch folder.
 * @param source The rejected file (inside the watch folder).
 * @param reason Why, without `quarantined_path`.
 * @returns Where the file and its reason went.
 * @throws {Deno.errors.NotFound} When the source is gone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quarantineFile } from "./filing.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/MB__bad.mips.json`, "{");
 * const q = await quarantineFile(dir, `${dir}/MB__bad.mips.json`, { ts: "t", source: `${dir}/MB__bad.mips.json`, sha256: "0".repeat(64), bytes: 1, kind: "mips", code: "MIPS_UNPARSEABLE", reason: "truncated" });
 * assert(q.path.endsWith("MB_QUARANTINE/MB__bad.mips.json"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function quarantineFile(
  watchDir: string,
  source: string,
  reason: Omit<QuarantineReason, "quarantined_path">,
): Promise<QuarantinePlacement> {
  const dir = join(watchDir, QUARANTINE_DIR);
  await Deno.mkdir(dir, { recursive: true });
  const name = basename(source);
  const names = [name, collisionName(name, reason.sha256)];
  let target = "";
  for (const n of names) {
    try {
      await Deno.lstat(join(dir, n));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      target = join(dir, n);
      break;
    }
  }
  if (target === "") {
    const [stem, ext] = splitName(name);
    target = join(dir, `${stem}__${reason.sha256.slice(0, 8)}_${Date.now()}${ext}`);
  }
  const reasonPath = `${target}.reason.json`;
  await writeJsonAtomic(reasonPath, { ...reason, quarantined_path: target });
  await Deno.rename(source, target);
  return { path: target, reason_path: reasonPath };
}

/** Renames, or copies to a temp name beside the target and renames when across file systems. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await Deno.rename(from, to);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.AlreadyExists) {
      throw error;
    }
    const tmp = `${to}.${crypto.randomUUID()}.tmp`;
    await Deno.copyFile(from, tmp);
    await Deno.rename(tmp, to);
    await Deno.remove(from);
  }
}
