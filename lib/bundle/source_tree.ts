/**
 * Lists the files of a bundle source folder in a stable order, skipping
 * caches and VCS data.
 *
 * @module
 */
import { join } from "node:path";
import { ExitCode, KitError } from "../errors.ts";

/** Folder names never packed into a bundle. */
export const SKIPPED_DIRECTORIES: readonly string[] = ["__pycache__", ".git", ".pytest_cache"];

/** One source file. */
export interface SourceFile {
  /** Path relative to the source folder, with forward slashes. */
  path: string;
  /** Absolute path. */
  absolute: string;
  /** Size in bytes. */
  size: number;
}

/**
 * Lists every regular file below `dir`, sorted by path (UTF-16 code units),
 * without `__pycache__`, `.git` and `.pytest_cache` folders.
 *
 * @param dir The source folder.
 * @returns The files.
 * @throws {KitError} `SOURCE_SYMLINK` for a symbolic link (bundles carry no links),
 * `SOURCE_NOT_A_DIRECTORY` (exit 2).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listSourceFiles } from "./source_tree.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/__pycache__`);
 * await Deno.writeTextFile(`${dir}/__pycache__/x.pyc`, "");
 * await Deno.writeTextFile(`${dir}/b.txt`, "b");
 * assert((await listSourceFiles(dir)).map((f) => f.path).join() === "b.txt");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function listSourceFiles(dir: string): Promise<SourceFile[]> {
  try {
    if (!(await Deno.stat(dir)).isDirectory) throw new Deno.errors.NotADirectory(dir);
  } catch (error) {
    throw new KitError("SOURCE_NOT_A_DIRECTORY", `Cannot build from ${dir}: not a folder`, {
      path: dir,
      exitCode: ExitCode.USAGE,
      cause: error,
    });
  }
  const files: SourceFile[] = [];
  const walk = async (abs: string, rel: string) => {
    for await (const entry of Deno.readDir(abs)) {
      const childAbs = join(abs, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymlink) {
        throw new KitError(
          "SOURCE_SYMLINK",
          `Cannot build from ${dir}: ${childRel} is a symbolic link; bundles carry regular files only`,
          {
            path: childAbs,
          },
        );
      }
      if (entry.isDirectory) {
        if (!SKIPPED_DIRECTORIES.includes(entry.name)) await walk(childAbs, childRel);
      } else if (entry.isFile) {
        files.push({ path: childRel, absolute: childAbs, size: (await Deno.stat(childAbs)).size });
      }
    }
  };
  await walk(dir, "");
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
