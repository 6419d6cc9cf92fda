/**
 * Finds a real Python interpreter for `--exec` (private): pyenv shims and
 * wrappers need the caller's environment, so the kit asks each candidate for
 * `sys.executable` once and runs that.
 *
 * @module
 */
import { findOnPath } from "../process/which.ts";

const interpreterCache = new Map<string, Promise<string | undefined>>();

/** Resolves an interpreter name or path to the executable it really is (undefined when none runs). */
export function findInterpreter(name: string): Promise<string | undefined> {
  let cached = interpreterCache.get(name);
  if (!cached) {
    cached = (async () => {
      for (const candidate of await findOnPath(name)) {
        try {
          const out = await new Deno.Command(candidate, {
            args: ["-c", "import sys; print(sys.executable)"],
            stdout: "piped",
            stderr: "null",
          }).output();
          const real = new TextDecoder().decode(out.stdout).trim();
          if (out.success && real) return real;
        } catch { /* not runnable: try the next */ }
      }
      return undefined;
    })();
    interpreterCache.set(name, cached);
  }
  return cached;
}
