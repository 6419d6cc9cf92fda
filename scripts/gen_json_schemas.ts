// deno-lint-ignore-file no-console -- a build script that reports on the terminal
/**
 * Writes `schemas/json/<Name>.schema.json` (JSON Schema 2020-12) for every
 * zod schema exported as `<Name>Schema` by a module in `schemas/`, so that
 * non-TypeScript readers get the same contract. `--check` fails when a file
 * is missing or stale instead of writing.
 *
 * @module
 */
import { z } from "zod";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SCHEMAS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "schemas");

/**
 * Renders every exported zod schema of `schemas/*.ts` as JSON Schema text.
 *
 * @returns File name → JSON text.
 */
export async function renderJsonSchemas(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const modules = [...Deno.readDirSync(SCHEMAS_DIR)]
    .filter((e) => e.isFile && e.name.endsWith(".ts") && !e.name.startsWith("_"))
    .map((e) => e.name)
    .sort();
  for (const name of modules) {
    const mod = await import(join(SCHEMAS_DIR, name));
    for (const [exportName, value] of Object.entries(mod).sort(([a], [b]) => a.localeCompare(b))) {
      if (!exportName.endsWith("Schema") || !(value instanceof z.ZodType)) continue;
      const title = exportName.slice(0, -"Schema".length);
      const schema = z.toJSONSchema(value, { unrepresentable: "any", io: "output" });
      const doc = {
        $id: `https://jsr.io/@metablooms/kit/schemas/${title}.schema.json`,
        title,
        ...schema,
      };
      out.set(`${title}.schema.json`, JSON.stringify(doc, null, 2) + "\n");
    }
  }
  return out;
}

if (import.meta.main) {
  const check = Deno.args.includes("--check");
  const rendered = await renderJsonSchemas();
  const jsonDir = join(SCHEMAS_DIR, "json");
  await Deno.mkdir(jsonDir, { recursive: true });
  const stale: string[] = [];
  for (const [file, text] of rendered) {
    const path = join(jsonDir, file);
    const current = await Deno.readTextFile(path).catch(() => null);
    if (current === text) continue;
    if (check) stale.push(file);
    else await Deno.writeTextFile(path, text);
  }
  for (const entry of Deno.readDirSync(jsonDir)) {
    if (!rendered.has(entry.name)) {
      if (check) stale.push(`${entry.name} (no schema any more)`);
      else await Deno.remove(join(jsonDir, entry.name));
    }
  }
  if (stale.length) {
    console.error(`Stale JSON Schemas (run: deno task schemas): ${stale.join(", ")}`);
    Deno.exit(1);
  }
  console.error(
    `${rendered.size} JSON Schemas ${check ? "up to date" : "written"} in schemas/json/`,
  );
}
