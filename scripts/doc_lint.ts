// deno-lint-ignore-file no-console -- a CI script that reports on the terminal
/**
 * `deno doc --lint` over every JSR export of the package (deno.json
 * "exports"), failing on any diagnostic except one known false positive:
 * `private-type-ref` to a type of another package (zod's `ZodType`), which
 * the pinned Deno reports although the type is public in its own package
 * (denoland/deno#27364, fixed upstream by denoland/deno#34339). A referenced
 * type counts as another package's when no source file of this package
 * declares it.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCES = ["lib", "ops", "schemas", "cli", "mcp"];

/**
 * Names of the types, interfaces, classes, functions and constants declared in the package.
 *
 * @returns The declared names.
 */
async function declaredNames(): Promise<Set<string>> {
  const names = new Set<string>();
  const declaration =
    /(?:^|\s)(?:interface|type|class|function|const|let|enum)\s+([A-Za-z_$][\w$]*)/g;
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.name.endsWith(".ts")) {
        for (const m of (await Deno.readTextFile(path)).matchAll(declaration)) names.add(m[1]!);
      }
    }
  };
  for (const dir of SOURCES) await walk(join(ROOT, dir));
  return names;
}

const denoJson = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
const entrypoints = Object.values(denoJson.exports as Record<string, string>);
const output = await new Deno.Command(Deno.execPath(), {
  args: ["doc", "--lint", ...entrypoints],
  cwd: ROOT,
  env: { NO_COLOR: "1" },
  stdout: "null",
  stderr: "piped",
}).output();
const text = new TextDecoder().decode(output.stderr);
const ours = await declaredNames();
const kept: string[] = [];
let ignored = 0;
for (const block of text.split(/\n(?=error\[)/)) {
  if (!block.startsWith("error[")) continue;
  const external = /^error\[private-type-ref\]: .* references private type '([^'.[]+)/.exec(block);
  if (external && !ours.has(external[1]!)) ignored++;
  else kept.push(block.trimEnd());
}
if (kept.length > 0) console.error(kept.join("\n\n"));
console.log(
  `doc lint: ${entrypoints.length} entrypoints, ${kept.length} problem(s)` +
    (ignored ? ` (${ignored} private-type-ref to other packages' types ignored)` : ""),
);
if (kept.length > 0 || (!output.success && ignored === 0)) Deno.exit(1);
