import { assertEquals } from "../_assert.ts";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (entry.isFile && entry.name.endsWith(".ts")) yield path;
  }
}

Deno.test("every public lib file is exported by its folder's mod.ts", async () => {
  const missing: string[] = [];
  for await (const file of walk(join(ROOT, "lib"))) {
    const name = file.slice(file.lastIndexOf("/") + 1);
    if (name === "mod.ts" || name.startsWith("_") || name.endsWith("_test.ts")) continue;
    if (relative(join(ROOT, "lib"), dirname(file)) === "") continue; // lib/*.ts are re-exported by mod.ts
    const mod = join(dirname(file), "mod.ts");
    const text = await Deno.readTextFile(mod).catch(() => "");
    if (!text.includes(`"./${name}"`)) missing.push(relative(ROOT, file));
  }
  assertEquals(missing, [], `files missing from their mod.ts: ${missing.join(", ")}`);
});

Deno.test("lib/ never imports from ops/, cli/, mcp/ or web/, and ops/ never from cli/, mcp/ or web/", async () => {
  const offenders: string[] = [];
  for (const [dir, banned] of [["lib", "ops|cli|mcp|web"], ["ops", "cli|mcp|web"]] as const) {
    for await (const file of walk(join(ROOT, dir))) {
      const text = await Deno.readTextFile(file);
      if (new RegExp(`from\\s+["'](\\.\\.\\/)+(${banned})\\/`).test(text)) {
        offenders.push(relative(ROOT, file));
      }
    }
  }
  assertEquals(offenders, []);
});

Deno.test("the views of web/views/ import nothing but each other and types, so they run in a browser", async () => {
  const offenders: string[] = [];
  for await (const file of walk(join(ROOT, "web", "views"))) {
    const text = await Deno.readTextFile(file);
    for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gms)) {
      if (m[1] === undefined && !/^\.\/[a-z_]+\.ts$/.test(m[2]!)) {
        offenders.push(`${relative(ROOT, file)}: ${m[2]}`);
      }
    }
    if (/\bDeno\./.test(text)) offenders.push(`${relative(ROOT, file)}: uses Deno`);
  }
  assertEquals(offenders, []);
});

Deno.test("mod.ts exports the operation registry and every schema file, and keeps the capabilities internal", async () => {
  const modText = await Deno.readTextFile(join(ROOT, "mod.ts"));
  const missing: string[] = [];
  if (!modText.includes(`"./ops/mod.ts"`)) missing.push("ops/mod.ts");
  for await (const entry of Deno.readDir(join(ROOT, "schemas"))) {
    if (!entry.isFile || !entry.name.endsWith(".ts") || entry.name.startsWith("_")) continue;
    if (!modText.includes(`"./schemas/${entry.name}"`)) missing.push(`schemas/${entry.name}`);
  }
  assertEquals(missing, []);
  // The LLM client (OpContext.llm()) and the store seam (OpContext.store()) are public; the
  // capabilities behind the operations are not.
  const exported = [...modText.matchAll(/"\.\/lib\/([a-z_]+)\/mod\.ts"/g)].map((m) => m[1]);
  assertEquals(exported.sort(), ["llm", "store"]);
});

Deno.test("every public file of ops/ is exported by ops/mod.ts", async () => {
  const text = await Deno.readTextFile(join(ROOT, "ops", "mod.ts"));
  const missing: string[] = [];
  for await (const entry of Deno.readDir(join(ROOT, "ops"))) {
    if (entry.name === "mod.ts" || entry.name.startsWith("_")) continue;
    if (!text.includes(`"./${entry.name}"`)) missing.push(entry.name);
  }
  assertEquals(missing, []);
});

Deno.test("no published source file imports from tests/ (not even in a doc example)", async () => {
  const denoJson = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const excluded: string[] = denoJson.publish.exclude;
  for (const dir of ["tests/", "bench/", "scripts/"]) {
    assertEquals(excluded.includes(dir), true, dir);
  }
  const offenders: string[] = [];
  for (const dir of ["lib", "ops", "schemas", "cli", "mcp"]) {
    for await (const file of walk(join(ROOT, dir))) {
      if (/["'](\.\.?\/)+tests\//.test(await Deno.readTextFile(file))) {
        offenders.push(relative(ROOT, file));
      }
    }
  }
  assertEquals(offenders, []);
});

Deno.test("lib/version.ts matches deno.json's version", async () => {
  const { VERSION } = await import("../../lib/version.ts");
  const denoJson = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  assertEquals(VERSION, denoJson.version);
});
