/**
 * First start: fill a new, empty data directory with the samples the kit
 * ships, through the same capability functions the tools call.
 *
 * @module
 */
import { join } from "node:path";
import type { Config } from "../config.ts";
import { toKitError } from "../errors.ts";
import type { LongWorkOptions } from "../progress.ts";
import type { Store } from "../store/store.ts";
import { reindexLtm } from "../ltm/reindex.ts";
import { bootImage } from "../boot/boot_image.ts";
import { validateBundle } from "../bundle/validate.ts";
import { commitPaths } from "../git/repo.ts";
import { git } from "../git/run.ts";
import type { FirstRunReport, FirstRunStep } from "../../schemas/setup.ts";
import { openStore } from "../store/open.ts";
import { Image } from "../image/image.ts";
import { GENESIS_OID, GENESIS_SELECTOR, seedLivingImage } from "../cycle/seed.ts";

/** Options of {@linkcode initDataDir}. */
export interface InitDataDirOptions extends LongWorkOptions {
  /** The samples folder (`bundles/*.zip`, `ltm/`). */
  samplesDir: string;
  /** The open store of the data directory. */
  store: Store;
}

/**
 * Whether a data directory is new: missing, or present with nothing in it.
 *
 * @param dir The data directory.
 * @returns True when there is nothing in it yet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isDataDirEmpty } from "./first_run.ts";
 * const dir = await Deno.makeTempDir();
 * assert(await isDataDirEmpty(dir));
 * await Deno.writeTextFile(`${dir}/x`, "");
 * assert(!(await isDataDirEmpty(dir)));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function isDataDirEmpty(dir: string): Promise<boolean> {
  try {
    for await (const _ of Deno.readDir(dir)) return false;
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
    throw error;
  }
}

/**
 * Loads the samples into a data directory and seeds the living image (its
 * `genesis_obj`, persona codex, data covenants and PSM objects): validates each sample bundle and
 * boots the first valid one into the ACTIVE slot, copies the sample LTM into `config.ltmDir`
 * when that is empty (and makes it a git repository, as ingest commits there),
 * and indexes it. A failing step is recorded and the others still run.
 *
 * @param config The configuration (data directory, LTM folder, limits).
 * @param options Samples folder, store, signal and progress.
 * @returns What each step did.
 * @throws {DOMException} `AbortError` when `signal` aborts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initDataDir } from "./first_run.ts";
 * import { loadConfig } from "../config.ts";
 * import { openStore } from "../store/open.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/samples/ltm/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/samples/ltm/deltas/2026-01/A_v1.mips.json`, '{"delta_id":"A_v1"}');
 * const config = await loadConfig({ env: {}, cwd: dir, flags: { dataDir: `${dir}/data` } });
 * const store = await openStore({ sqlite_path: config.dbPath });
 * const report = await initDataDir(config, { samplesDir: `${dir}/samples`, store });
 * assert.deepEqual(report.steps.map((s) => [s.step, s.ok]).slice(-2), [["reindex_ltm", true], ["seed_image", true]]);
 * await store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function initDataDir(
  config: Config,
  options: InitDataDirOptions,
): Promise<FirstRunReport> {
  const steps: FirstRunStep[] = [];
  const run = async (step: string, target: string, work: () => Promise<Outcome>) => {
    options.signal?.throwIfAborted();
    try {
      const outcome = await work();
      steps.push({ step, target, ...outcome });
      return outcome.ok;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const kit = toKitError(error);
      steps.push({ step, target, ok: false, summary: kit.message, code: kit.code });
      return false;
    }
  };
  let booted = false;
  for (const bundle of await sampleBundles(join(options.samplesDir, "bundles"))) {
    const valid = await run("validate_bundle", bundle, async () => {
      const verdict = await validateBundle(bundle, {
        limits: config.bundleLimits,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const first = verdict.findings.find((f) => f.severity === "error");
      return verdict.ok
        ? {
          ok: true,
          summary:
            `valid, generation ${verdict.identity.generation}, ${verdict.counts.warning} warning(s)`,
        }
        : { ok: false, summary: `invalid: ${first?.code}: ${first?.message}`, code: first?.code };
    });
    if (!valid || booted) continue;
    booted = await run("boot_image", bundle, async () => {
      const report = await bootImage(config, bundle, {
        promote: true,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return report.signal === "BOOT_OK"
        ? { ok: true, summary: `BOOT_OK, now in the ACTIVE slot (boot ${report.boot_id})` }
        : {
          ok: false,
          summary: `${report.signal}: ${report.code}: ${report.reason}`,
          code: report.code,
        };
    });
  }
  const ltmSamples = join(options.samplesDir, "ltm");
  const ltmEmpty = await isDataDirEmpty(config.ltmDir);
  if (ltmEmpty && await isDirectory(ltmSamples)) {
    const copied = await run("copy_ltm", ltmSamples, async () => {
      const files = await copyTree(ltmSamples, config.ltmDir);
      return { ok: true, summary: `copied ${files} files to ${config.ltmDir}` };
    });
    // The LTM is a git repository (ingest commits each file); the copy starts one.
    if (copied) {
      await run("init_ltm_repo", config.ltmDir, async () => {
        await git(config.ltmDir, ["init", "--quiet"]);
        const commit = await commitPaths(config.ltmDir, ["."], "metablooms: sample LTM");
        return { ok: true, summary: `git repository with commit ${commit?.slice(0, 8)}` };
      });
    }
  }
  if (!(await isDataDirEmpty(config.ltmDir))) {
    await run("reindex_ltm", config.ltmDir, async () => {
      const report = await reindexLtm(options.store, config.ltmDir, {
        quarantine: true,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.progress ? { progress: options.progress } : {}),
      });
      const quarantined = report.quarantined.length;
      return {
        ok: true,
        summary: `indexed ${report.modules} modules from ${report.scanned} files${
          quarantined ? ` (${quarantined} quarantined as unparseable)` : ""
        }`,
      };
    });
  }
  await run("seed_image", config.dbPath, async () => {
    await using store = await openStore({
      sqlite_path: config.dbPath,
      database_url: config.databaseUrl,
    });
    const created = await seedLivingImage(await Image.open(store));
    return {
      ok: true,
      summary: `${created.length} objects (${GENESIS_OID}, the persona codex, the data ` +
        `covenants, the PSM states); try: metablooms send ${GENESIS_OID} ${GENESIS_SELECTOR}`,
    };
  });
  return {
    data_dir: config.dataDir,
    samples_dir: options.samplesDir,
    steps,
    ok: steps.every((s) => s.ok),
  };
}

interface Outcome {
  ok: boolean;
  summary: string;
  code?: string | undefined;
}

/** The sample bundles (`*.zip`), sorted by name; none when the folder is missing. */
async function sampleBundles(dir: string): Promise<string[]> {
  try {
    const names = (await Array.fromAsync(Deno.readDir(dir)))
      .filter((e) => e.isFile && e.name.toLowerCase().endsWith(".zip")).map((e) => e.name).sort();
    return names.map((name) => join(dir, name));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return await Deno.stat(path).then((s) => s.isDirectory, () => false);
}

/** Copies a folder tree (files and folders only), returning the number of files. */
async function copyTree(from: string, to: string): Promise<number> {
  await Deno.mkdir(to, { recursive: true });
  let files = 0;
  for await (const entry of Deno.readDir(from)) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory) files += await copyTree(source, target);
    else if (entry.isFile) {
      await Deno.copyFile(source, target);
      files++;
    }
  }
  return files;
}
