import { isAbsolute, relative, resolve, sep } from "node:path";
import { KitError } from "../errors.ts";

/**
 * Resolves a user-given path and checks that it stays inside one of the
 * allowed roots, following symlinks (a link that points outside is refused).
 * A path that does not exist yet is checked through its nearest existing parent.
 *
 * @param path The path as the user gave it (relative paths resolve against `cwd`).
 * @param roots Absolute folders that may be used.
 * @param cwd Base of relative paths. @default {Deno.cwd()}
 * @returns The absolute, symlink-free path.
 * @throws {KitError} `PATH_OUTSIDE_ROOTS` when the path escapes every root.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveInRoots } from "./roots.ts";
 * const dir = await Deno.realPath(await Deno.makeTempDir());
 * assert(await resolveInRoots("a.txt", [dir], dir) === `${dir}/a.txt`);
 * await assert.rejects(resolveInRoots("/etc/passwd", [dir]), { code: "PATH_OUTSIDE_ROOTS" });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function resolveInRoots(
  path: string,
  roots: readonly string[],
  cwd: string = Deno.cwd(),
): Promise<string> {
  if (path.includes("\0")) {
    throw new KitError("PATH_INVALID", `Path contains a NUL byte: ${JSON.stringify(path)}`, {
      path,
      exitCode: 2,
    });
  }
  const absolute = resolve(cwd, path);
  const real = await realPathOfNearest(absolute);
  for (const root of roots) {
    const realRoot = await realPathOfNearest(resolve(root));
    if (isInside(real, realRoot)) return real;
  }
  throw new KitError(
    "PATH_OUTSIDE_ROOTS",
    `Path ${path} resolves to ${real}, outside the allowed roots (${roots.join(", ")})`,
    { path, exitCode: 2 },
  );
}

/**
 * Whether `child` is `parent` or inside it (both absolute, normalised).
 *
 * @param child The candidate path.
 * @param parent The folder.
 * @returns True when inside.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isInside } from "./roots.ts";
 * assert(isInside("/a/b", "/a") && !isInside("/ab", "/a"));
 * ```
 */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith(".." + sep) && rel !== ".." && !isAbsolute(rel));
}

async function realPathOfNearest(absolute: string): Promise<string> {
  const tail: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await Deno.realPath(current);
      return tail.length ? resolve(real, ...tail.reverse()) : real;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      const parent = resolve(current, "..");
      if (parent === current) return absolute;
      tail.push(current.slice(parent.length).replace(/^[/\\]/, ""));
      current = parent;
    }
  }
}
