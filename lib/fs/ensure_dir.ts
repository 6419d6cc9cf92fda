import { dirname, resolve } from "node:path";
import { ExitCode, KitError } from "../errors.ts";

/**
 * Creates a folder and its missing parents, or finds it already there. When
 * a part of the path is a file, a dangling symbolic link or a link loop, or
 * is too long, fails with a coded error naming that part instead of the
 * operating system's bare `File exists`.
 *
 * @param path The folder.
 * @param code The error code to fail with (the caller's name for "destination
 * unusable", e.g. `OUTPUT_NOT_A_DIRECTORY`).
 * @returns The absolute folder.
 * @throws {KitError} `code` (exit 2) when the folder cannot be there.
 *
 * @example A dangling symlink is no place to write to
 * ```ts
 * import assert from "node:assert/strict";
 * import { ensureDir } from "./ensure_dir.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.symlink(`${dir}/nowhere`, `${dir}/out`);
 * await assert.rejects(ensureDir(`${dir}/out/bundles`, "DEST_NOT_A_DIRECTORY"), {
 *   code: "DEST_NOT_A_DIRECTORY",
 * });
 * assert.equal(await ensureDir(`${dir}/ok/nested`, "X"), `${dir}/ok/nested`);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function ensureDir(path: string, code: string): Promise<string> {
  const target = resolve(path);
  try {
    await Deno.mkdir(target, { recursive: true });
    return target;
  } catch (error) {
    if (error instanceof Deno.errors.PermissionDenied) throw error;
    const blocker = await firstBlocker(target);
    throw new KitError(
      code,
      blocker
        ? `Cannot create the folder ${target}: ${blocker.path} ${blocker.why}`
        : `Cannot create the folder ${target}: ${(error as Error).message}`,
      {
        path: target,
        exitCode: ExitCode.USAGE,
        cause: error,
        ...(blocker ? { details: { blocker: blocker.path } } : {}),
      },
    );
  }
}

/** The first existing part of `target` (from the root down) that is not a folder. */
async function firstBlocker(target: string): Promise<{ path: string; why: string } | undefined> {
  const parts: string[] = [];
  for (let p = target; p !== dirname(p); p = dirname(p)) parts.unshift(p);
  for (const part of parts) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(part);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      const errno = (error as { code?: string }).code;
      if (errno === "ENAMETOOLONG") return { path: part, why: "is too long a name" };
      if (errno === "ENOTDIR") return undefined; // reported at its parent
      return { path: part, why: `cannot be read (${(error as Error).message})` };
    }
    if (info.isDirectory) continue;
    if (info.isSymlink) {
      const to = await Deno.stat(part).catch((e: { code?: string }) => e.code ?? "");
      if (typeof to !== "string" && to.isDirectory) continue;
      const why = typeof to !== "string"
        ? "is a link to a file, not a folder"
        : to === "ELOOP"
        ? "is a symbolic link loop"
        : "is a symbolic link to nothing";
      return { path: part, why };
    }
    return { path: part, why: "is a file, not a folder" };
  }
  return undefined;
}
