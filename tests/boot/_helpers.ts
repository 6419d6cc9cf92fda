/**
 * Shared helpers of the boot tests: temp Gen-A trees and a fixed clock.
 *
 * @module
 */
import { type TreeOptions, writeGenATree } from "../fixtures/os_tree.ts";
import { sha256File } from "../../lib/fs/sha256.ts";
import type { BootReport } from "../../schemas/boot.ts";
import type { Config } from "../../lib/config.ts";
import { buildBundle } from "../../lib/bundle/build.ts";
import { bootImage } from "../../lib/boot/boot_image.ts";

/** A fixed clock: 2026-01-10T12:00:00.100Z. */
export const FIXED_NOW = (): Date => new Date("2026-01-10T12:00:00.100Z");

/** Runs `fn` with a fresh Gen-A tree (and an output folder), removing both afterwards. */
export async function withGenATree<T>(
  options: TreeOptions,
  fn: (root: string, out: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "mb_boot_test_" });
  try {
    await writeGenATree(`${dir}/tree`, options);
    await Deno.mkdir(`${dir}/out`);
    return await fn(`${dir}/tree`, `${dir}/out`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs `fn` with an empty temp folder. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "mb_boot_test_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * A stand-in for a successful boot report of a small file (slots only look at
 * the bundle file, its hash and the receipt).
 */
export async function fakeBootedBundle(
  dir: string,
  name: string,
  content: string,
): Promise<BootReport> {
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(path, content);
  const receipt = `${dir}/${name}.receipt.json`;
  await Deno.writeTextFile(receipt, "{}\n");
  const report: BootReport = {
    schema: "metablooms.boot_report/v1",
    boot_id: `boot_${name}`,
    session_id: "20260110T120000Z",
    started_utc: "2026-01-10T12:00:00.000Z",
    finished_utc: "2026-01-10T12:00:01.000Z",
    bundle: { path, name, sha256: await sha256File(path), generation: "A" },
    ok: true,
    signal: "BOOT_OK",
    reason: "fake",
    lines: ["BOOT_OK"],
    strict: { ok: true, signal: "BOOT_OK", reason: "fake", lines: ["BOOT_OK"] },
    compat: {
      ok: true,
      signal: "BOOT_OK",
      reason: "fake",
      lines: [],
      evaluated: false,
      masked: [],
      differs: false,
    },
    subsystems: [],
    required: { enforced: [], compat_enforced: [], lists: [] },
    findings: [],
    receipt,
    slot: { action: "none", note: "" },
  };
  return report;
}

/** A configuration for tests: a data directory and generous bundle limits. */
export function testConfig(
  dataDir: string,
): { dataDir: string; bundleLimits: Config["bundleLimits"] } {
  return { dataDir, bundleLimits: { maxTotalBytes: 1 << 30, maxEntries: 100_000, maxRatio: 1000 } };
}

/** Builds a Gen-A bundle zip from the fixture tree (deterministic) and returns its path. */
export async function buildGenABundle(
  dir: string,
  name: string,
  options: TreeOptions = {},
): Promise<string> {
  const src = `${dir}/src_${name}`;
  await writeGenATree(src, options);
  const result = await buildBundle(src, {
    version: `v1.0.0-${name}`,
    output: `${dir}/built_${name}`,
    date: "2026-01-10",
  });
  await Deno.remove(src, { recursive: true });
  return result.bundle_path;
}

/**
 * Builds one Gen-A bundle per name (each with a different `docs/NAME.md`) and
 * boots each (not staged) in a scratch data directory; returns the reports.
 */
export async function bootedGenABundles(dir: string, names: string[]): Promise<BootReport[]> {
  const reports: BootReport[] = [];
  for (const name of names) {
    const path = await buildGenABundle(dir, name, {
      overrides: { [`docs/${name}.md`]: `# ${name}\n` },
    });
    const report = await bootImage(testConfig(`${dir}/prep_data`), path, { stage: false });
    if (!report.ok) {
      throw new Error(`fixture bundle ${name} did not boot: ${report.code} ${report.reason}`);
    }
    reports.push(report);
  }
  return reports;
}
