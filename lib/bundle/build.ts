/**
 * `buildBundle`: a byte-for-byte reproducible OS bundle from a folder, with
 * its MEEP inventory, VERSION_MANIFEST, build receipt (optionally signed)
 * and `.sha256` sidecar, validated before it is reported.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import type { BuildReceipt, BuildResult } from "../../schemas/bundle.ts";
import { UsageError } from "../errors.ts";
import { writeFileAtomic, writeJsonAtomic } from "../fs/atomic_write.ts";
import { ensureDir } from "../fs/ensure_dir.ts";
import { sha256File, sha256Hex } from "../fs/sha256.ts";
import { type LongWorkOptions, throttleProgress } from "../progress.ts";
import { runValidation } from "./_pipeline.ts";
import { GEN_A_BUILD_MANIFEST } from "./build_manifest.ts";
import { detectGeneration, detectionReads } from "./generations/detect.ts";
import { bundleLayout } from "./generations/profile.ts";
import type { BundleLimitOptions } from "./limits.ts";
import { createMeepManifest, MEEP_FILE } from "./meep.ts";
import { formatSidecar } from "./sidecar.ts";
import { loadSigningKey, signReceipt } from "./signing.ts";
import { listSourceFiles } from "./source_tree.ts";
import { ZipWriter } from "./zip/writer.ts";

/** Options of {@linkcode buildBundle}. */
export interface BuildOptions extends LongWorkOptions {
  /** Version, e.g. `v7.5.0` (letters, digits, `.`, `_`, `-`, `+`). */
  version: string;
  /** A folder (created if needed) or a `.zip` file path. @default {Deno.cwd()} */
  output?: string;
  /** Changelog lines for VERSION_MANIFEST.json and the receipt. @default {[]} */
  changelog?: string[];
  /** Ed25519 private JWK file to sign the receipt with. */
  signingKey?: string;
  /** Build date, `YYYY-MM-DD`. @default {the SOURCE_DATE_EPOCH date, else today (UTC)} */
  date?: string;
  /** Timestamp of every entry, in seconds since 1970. @default {SOURCE_DATE_EPOCH, else 1980-01-01} */
  sourceDateEpoch?: number;
  /** Zip-bomb limits for the validation of the result. */
  limits?: Partial<BundleLimitOptions>;
  /** Validate the result strictly. @default {false} */
  strict?: boolean;
}

const GENERATED = ["VERSION_MANIFEST.json", MEEP_FILE];

/**
 * Builds a bundle from a source folder: entries sorted by name, fixed
 * timestamps (1980-01-01 or SOURCE_DATE_EPOCH) and attributes (0644), deflate
 * level 6 (stored when that is smaller), no `__pycache__`/`.git`/`.pytest_cache`;
 * writes `VERSION_MANIFEST.json` and `MEEP_Manifest.json` (MEEP-1.0 over every
 * file) at the OS root inside the zip, then `BUILD_RECEIPT_<version>.json`
 * and `<zip>.sha256` beside it. The same input gives the same bytes.
 *
 * @param sourceDir The OS source tree.
 * @param options Version, output, changelog, signing key, date, progress, signal.
 * @returns Paths, hash and the verdict of the built bundle (not `ok` when it does not validate).
 * @throws {UsageError} For a bad version or date; {@linkcode KitError} `SOURCE_NOT_A_DIRECTORY`,
 * `SOURCE_SYMLINK`, `SIGNING_KEY_INVALID`.
 *
 * @example Build a tiny bundle
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildBundle } from "./build.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/src`);
 * await Deno.writeTextFile(`${dir}/src/README.md`, "# demo\n");
 * const result = await buildBundle(`${dir}/src`, { version: "v0.1.0", output: `${dir}/out`, date: "2026-01-10" });
 * assert(result.bundle_path.endsWith("MetaBlooms_OS_CANONICAL_v0_1_0_2026-01-10.zip"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function buildBundle(sourceDir: string, options: BuildOptions): Promise<BuildResult> {
  const source = resolve(sourceDir);
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/.test(options.version ?? "")) {
    throw new UsageError(
      `Invalid version ${
        JSON.stringify(options.version)
      }: use letters, digits, '.', '_', '-', '+' (e.g. v7.5.0)`,
    );
  }
  const epoch = options.sourceDateEpoch ?? envEpoch();
  const date = options.date ??
    new Date(epoch === undefined ? Date.now() : epoch * 1000).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    throw new UsageError(`Invalid date ${JSON.stringify(date)}: use YYYY-MM-DD`);
  }
  const mtime = new Date(epoch === undefined ? Date.UTC(1980, 0, 1) : epoch * 1000);
  const key = options.signingKey === undefined
    ? undefined
    : await loadSigningKey(resolve(options.signingKey));
  const changelog = options.changelog ?? [];

  const all = await listSourceFiles(source);
  const probeNames = all.map((f) => f.path);
  const reads = new Map<string, unknown>();
  for (const name of detectionReads(bundleLayout(probeNames))) {
    const file = all.find((f) => f.path === name);
    if (file) reads.set(name, await readJsonOrUndefined(file.absolute));
  }
  const info = detectGeneration(probeNames, (name) => reads.get(name));
  const files = all.filter((f) => !GENERATED.some((g) => f.path === info.root + g));
  const total = files.reduce((n, f) => n + f.size, 0);
  const progress = throttleProgress(options.progress);
  let done = 0;

  // Pass 1: hashes for the MEEP inventory (the manifest sorts among the files, so it must come first).
  const inventory: Array<{ path: string; sha256: string }> = [];
  for (const file of files) {
    options.signal?.throwIfAborted();
    const sha256 = await sha256File(file.absolute, options.signal);
    if (file.path.startsWith(info.root)) {
      inventory.push({ path: file.path.slice(info.root.length), sha256 });
    }
    done += file.size;
    progress(done, total * 2, "hashing");
  }
  const versionManifest = jsonBytes({
    version: options.version,
    date,
    parent_version: null,
    breaking_changes: false,
    required_subsystems: GEN_A_BUILD_MANIFEST.boot_validation_rules
      ?.required_subsystems as string[],
    changelog,
    generation: info.generation,
  });
  inventory.push({ path: "VERSION_MANIFEST.json", sha256: sha256Hex(versionManifest) });
  inventory.sort((a, b) => (a.path < b.path ? -1 : 1));
  const meep = jsonBytes(
    createMeepManifest(inventory, date, `MetaBlooms OS ${options.version} source tree`),
  );
  const entries: Array<{ name: string; size: number; file?: string; bytes?: Uint8Array }> = [
    ...files.map((f) => ({ name: f.path, size: f.size, file: f.absolute })),
    { name: info.root + "VERSION_MANIFEST.json", size: 0, bytes: versionManifest },
    { name: info.root + MEEP_FILE, size: 0, bytes: meep },
  ].sort((a, b) => (a.name < b.name ? -1 : 1));

  // Pass 2: the zip, written to a temp file and renamed into place.
  const bundlePath = await outputPath(options.output, options.version, date);
  const tmp = join(dirname(bundlePath), `.${basename(bundlePath)}.${crypto.randomUUID()}.tmp`);
  const zip = await ZipWriter.create(tmp);
  try {
    for (const entry of entries) {
      options.signal?.throwIfAborted();
      const before = done;
      const entryOptions = {
        mtime,
        onInput: (n: number) => progress(before + n, total * 2, entry.name),
        ...(options.signal ? { signal: options.signal } : {}),
      };
      if (entry.file) await zip.addFile(entry.name, entry.file, entryOptions);
      else await zip.addBytes(entry.name, entry.bytes!, entryOptions);
      done = before + entry.size;
    }
    await zip.finish();
    await Deno.rename(tmp, bundlePath);
  } catch (error) {
    zip.abort();
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }

  const sidecarPath = `${bundlePath}.sha256`;
  await Deno.remove(sidecarPath).catch(() => {});
  const { verdict } = await runValidation(bundlePath, {
    findReceipt: false,
    ...(options.strict === undefined ? {} : { strict: options.strict }),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  await writeFileAtomic(sidecarPath, formatSidecar(verdict.identity.sha256, basename(bundlePath)));
  let receipt: BuildReceipt = {
    build_id: `MetaBlooms_OS_${options.version}_${date.replaceAll("-", "")}`,
    timestamp_utc: new Date().toISOString(),
    version: options.version,
    bundle_filename: basename(bundlePath),
    bundle_sha256: verdict.identity.sha256,
    bundle_size_bytes: verdict.identity.size,
    validation_status: verdict.ok ? "PASSED" : "FAILED",
    boot_test_status: "NOT_RUN",
    warnings: verdict.findings.filter((f) => f.severity === "warning").map((f) =>
      `${f.code}: ${f.message}`
    ),
    errors: verdict.findings.filter((f) => f.severity === "error").map((f) =>
      `${f.code}: ${f.message}`
    ),
    ready_for_distribution: verdict.ok,
    changelog,
    generation: verdict.identity.generation,
    meep_sha256: sha256Hex(meep),
    file_count: entries.length,
  };
  if (key) receipt = await signReceipt(receipt, key);
  const receiptPath = join(dirname(bundlePath), `BUILD_RECEIPT_${options.version}.json`);
  await writeJsonAtomic(receiptPath, receipt);
  return {
    bundle_path: bundlePath,
    sha256: verdict.identity.sha256,
    size: verdict.identity.size,
    file_count: entries.length,
    receipt_path: receiptPath,
    sidecar_path: sidecarPath,
    signed: key !== undefined,
    verdict,
  };
}

function envEpoch(): number | undefined {
  let raw: string | undefined;
  try {
    raw = Deno.env.get("SOURCE_DATE_EPOCH");
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`SOURCE_DATE_EPOCH must be a non-negative integer, got "${raw}"`);
  }
  return n;
}

async function outputPath(
  output: string | undefined,
  version: string,
  date: string,
): Promise<string> {
  const target = resolve(output ?? Deno.cwd());
  if (target.toLowerCase().endsWith(".zip")) {
    await ensureDir(dirname(target), "OUTPUT_NOT_A_DIRECTORY");
    return target;
  }
  await ensureDir(target, "OUTPUT_NOT_A_DIRECTORY");
  return join(target, `MetaBlooms_OS_CANONICAL_${version.replaceAll(".", "_")}_${date}.zip`);
}

async function readJsonOrUndefined(path: string): Promise<unknown> {
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch {
    return undefined;
  }
}

function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value, null, 2) + "\n");
}
