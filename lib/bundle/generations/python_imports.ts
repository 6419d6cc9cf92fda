/**
 * The import closure of a bundle's Python launcher, read statically: which
 * modules a file imports (`import a.b`, `from a.b import c`, relative
 * imports), and which of them neither the bundle nor Python's standard
 * library provides (generations.md §4: an orchestrator importing a module only
 * one snapshot ships cannot be imported in the others).
 *
 * @module
 */
import { STDLIB_MODULES } from "./_stdlib_modules.ts";

/** One import statement. */
export interface PythonImport {
  /** The dotted module (`engines.mastery_engine`; relative imports keep their dots: `.util`). */
  module: string;
  /** 1-based line. */
  line: number;
  /** Inside a `try:` block (a missing module is handled by the file itself). */
  guarded: boolean;
}

const IMPORT =
  /^(\s*)import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)\s*(?:#.*)?$/;
const FROM = /^(\s*)from\s+(\.*[\w.]*)\s+import\s+/;

/**
 * The modules a Python source imports (line by line; imports inside strings
 * are not told apart).
 *
 * @param source The file's text.
 * @returns Imports in file order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonImports } from "./python_imports.ts";
 * const src = "import os, json\nfrom engines.a import run\ntry:\n    import fancy\nexcept ImportError:\n    fancy = None\n";
 * assert.deepEqual(pythonImports(src).map((i) => [i.module, i.guarded]), [["os", false], ["json", false], ["engines.a", false], ["fancy", true]]);
 * ```
 */
export function pythonImports(source: string): PythonImport[] {
  const out: PythonImport[] = [];
  const lines = source.split(/\r?\n/);
  const blocks: Array<{ indent: number; isTry: boolean }> = [];
  lines.forEach((text, i) => {
    if (!text.trim() || text.trimStart().startsWith("#")) return;
    const indent = text.length - text.trimStart().length;
    while (blocks.length && blocks.at(-1)!.indent >= indent) blocks.pop();
    const guarded = blocks.some((b) => b.isTry);
    const plain = IMPORT.exec(text);
    const from = FROM.exec(text);
    if (plain) {
      for (const part of plain[2]!.split(",")) {
        const module = part.trim().split(/\s+as\s+/)[0]!.trim();
        if (module) out.push({ module, line: i + 1, guarded });
      }
    } else if (from && from[2]) {
      out.push({ module: from[2], line: i + 1, guarded });
    }
    if (/:\s*(#.*)?$/.test(text)) {
      blocks.push({ indent, isTry: /^\s*try\s*:/.test(text) });
    }
  });
  return out;
}

/**
 * Whether the bundle (or the standard library) provides a module: a
 * `<a>/<b>.py`, `<a>/<b>/__init__.py` or `<a>/<b>/` folder anywhere in the
 * bundle, for relative imports next to the importing file.
 *
 * @param module The dotted module.
 * @param importer The importing entry's name.
 * @param names Every entry name of the bundle (directories end with `/`).
 * @returns True when provided.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { moduleProvided } from "./python_imports.ts";
 * const names = ["OS/run.py", "OS/engines/a.py"];
 * assert(moduleProvided("engines.a", "OS/run.py", names));
 * assert(moduleProvided("json", "OS/run.py", names));
 * assert(!moduleProvided("deterministic_write_repair", "OS/run.py", names));
 * ```
 */
export function moduleProvided(
  module: string,
  importer: string,
  names: readonly string[],
): boolean {
  const dots = module.length - module.replace(/^\.+/, "").length;
  const parts = module.slice(dots).split(".").filter(Boolean);
  if (dots === 0 && STDLIB_MODULES.has(parts[0] ?? "")) return true;
  if (dots > 0) {
    const dir = importer.split("/").slice(0, -dots).join("/");
    const base = dir ? `${dir}/` : "";
    const path = base + parts.join("/");
    if (parts.length === 0) return true;
    return names.some((n) =>
      n === `${path}.py` || n === `${path}/__init__.py` || n.startsWith(`${path}/`)
    );
  }
  const path = parts.join("/");
  const match = (n: string) =>
    n === `${path}.py` || n.endsWith(`/${path}.py`) || n === `${path}/` ||
    n.endsWith(`/${path}/`) || n.startsWith(`${path}/`) || n.includes(`/${path}/`);
  return names.some(match);
}
