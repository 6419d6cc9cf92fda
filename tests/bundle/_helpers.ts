/**
 * Shared set-up of the bundle tests: temp folders, zipping a tree as-is (for
 * hand-made bundles with stale manifests), building fixture bundles.
 *
 * @module
 */
import { join, relative } from "node:path";
import { buildBundle } from "../../lib/bundle/build.ts";
import { ZipWriter } from "../../lib/bundle/zip/writer.ts";
import type { BuildResult } from "../../schemas/bundle.ts";
import {
  type TreeOptions,
  writeGenATree,
  writeGenBTree,
  writeGenCTree,
} from "../fixtures/os_tree.ts";

/** A temp folder removed on dispose. */
export interface TempDir extends AsyncDisposable {
  /** Its real path. */
  path: string;
}

/**
 * Creates a temp folder.
 *
 * @returns The folder; `await using` removes it.
 */
export async function tempDir(): Promise<TempDir> {
  const path = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_bundle_" }));
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }).catch(() => {}),
  };
}

let fixtureCount = 0;
const WRITERS = { A: writeGenATree, B: writeGenBTree, C: writeGenCTree } as const;

/**
 * Writes a fixture tree and builds it with {@linkcode buildBundle}.
 *
 * @param dir Work folder (`src/` and `out/` are created in it).
 * @param generation Which tree.
 * @param tree Omit/overrides for the tree.
 * @param options Extra build options.
 * @returns The build result.
 */
export async function buildFixture(
  dir: string,
  generation: keyof typeof WRITERS = "A",
  tree: TreeOptions = {},
  options: Partial<Parameters<typeof buildBundle>[1]> = {},
): Promise<BuildResult> {
  const src = join(dir, `src_${generation}_${++fixtureCount}`);
  await WRITERS[generation](src, tree);
  return await buildBundle(src, {
    version: "v7.5.0",
    output: join(dir, "out"),
    date: "2026-01-10",
    ...options,
  });
}

/**
 * Zips a folder as-is (sorted, no generated manifests) plus extra entries: a
 * "hand-made" bundle whose manifests may be stale.
 *
 * @param dir The folder.
 * @param zipPath The zip to write.
 * @param extra Entry name → content added (or replacing a file).
 * @returns The zip path.
 */
export async function zipTree(
  dir: string,
  zipPath: string,
  extra: Record<string, string> = {},
): Promise<string> {
  const files = new Map<string, string | Uint8Array>();
  const walk = async (abs: string) => {
    for await (const e of Deno.readDir(abs)) {
      const child = join(abs, e.name);
      if (e.isDirectory) await walk(child);
      else files.set(relative(dir, child), await Deno.readFile(child));
    }
  };
  await walk(dir);
  for (const [name, content] of Object.entries(extra)) files.set(name, content);
  const zip = await ZipWriter.create(zipPath);
  for (const name of [...files.keys()].sort()) {
    const content = files.get(name)!;
    await zip.addBytes(
      name,
      typeof content === "string" ? new TextEncoder().encode(content) : content,
    );
  }
  await zip.finish();
  return zipPath;
}

/**
 * A MEEP manifest over the files of a folder, optionally with wrong hashes.
 *
 * @param dir The folder.
 * @param options `stale`: paths given a wrong hash; `only`: list just these paths; `self`: list the manifest too.
 * @returns The manifest JSON text.
 */
export async function meepFor(
  dir: string,
  options: { stale?: string[]; only?: string[]; extraMissing?: string[]; self?: boolean } = {},
): Promise<string> {
  const { sha256File } = await import("../../lib/fs/sha256.ts");
  const inventory: Array<{ path: string; sha256: string }> = [];
  const walk = async (abs: string) => {
    for await (const e of Deno.readDir(abs)) {
      const child = join(abs, e.name);
      if (e.isDirectory) await walk(child);
      else {
        const path = relative(dir, child);
        if (options.only && !options.only.includes(path)) continue;
        const real = await sha256File(child);
        inventory.push({ path, sha256: options.stale?.includes(path) ? "0".repeat(64) : real });
      }
    }
  };
  await walk(dir);
  for (const path of options.extraMissing ?? []) inventory.push({ path, sha256: "1".repeat(64) });
  if (options.self) inventory.push({ path: "MEEP_Manifest.json", sha256: "2".repeat(64) });
  return JSON.stringify({
    export_authority: "MetaBlooms",
    export_standard: "MEEP-1.0",
    date: "2026-01-10",
    inventory,
  });
}

/**
 * Codes of a verdict's findings with a given severity.
 *
 * @param verdict The verdict.
 * @param severity The severity.
 * @returns Sorted unique codes.
 */
export function codes(
  verdict: { findings: Array<{ code: string; severity: string }> },
  severity?: "error" | "warning" | "info",
): string[] {
  return [
    ...new Set(
      verdict.findings.filter((f) => !severity || f.severity === severity).map((f) => f.code),
    ),
  ].sort();
}
