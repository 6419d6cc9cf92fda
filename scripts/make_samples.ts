// deno-lint-ignore-file no-console -- a build script that reports on the terminal
/**
 * Writes the sample data (deterministic; `deno task samples`):
 *
 * - `samples/bundles/metablooms_os_sample_v1.zip` (+ `.sha256` sidecar and
 *   `BUILD_RECEIPT_v1.0.0.json`): the complete Gen-A fixture tree, built with
 *   `buildBundle`; boots `BOOT_OK` (kit, original, and `--exec`).
 * - `samples/bundles/broken/`: bundles that must be refused, one per failure:
 *   a missing subsystem anchor, a failure the original masks, a missing boot
 *   file, a corrupted CRC, and a Git LFS pointer named `.zip`.
 * - `samples/README.md`: each sample with its expected verdicts.
 * - `samples/ltm/` via `scripts/make_sample_ltm.ts`.
 *
 * Every sample is booted in a throwaway data directory before the README is
 * written; the script fails when a verdict differs from the expected one.
 *
 * Run: `./bin/deno run -A scripts/make_samples.ts [OUT_DIR]` (default `samples`).
 *
 * @module
 */
import { join, resolve } from "node:path";
import { buildBundle } from "../lib/bundle/build.ts";
import { bootImage } from "../lib/boot/boot_image.ts";
import { sha256File } from "../lib/fs/sha256.ts";
import type { BootReport } from "../schemas/boot.ts";
import { type TreeOptions, writeGenATree } from "../tests/fixtures/os_tree.ts";
import { makeSampleLtm } from "./make_sample_ltm.ts";

/** One sample bundle and the verdicts it must get. */
interface Sample {
  /** Path under `bundles/`. */
  file: string;
  /** What it is. */
  what: string;
  /** Builds it at `path`. */
  make: (path: string, work: string) => Promise<void>;
  /** Expected kit verdict (`BOOT_OK` or the BOOT_FAILED code). */
  kit: string;
  /** Expected original (compat) verdict, or `not evaluated`. */
  compat: string;
  /** Run `--exec` too (and expect this verdict). */
  exec?: string;
  /** The validator accepts it. */
  valid: boolean;
}

const DATE = "2026-01-10";
const FIXED_TIME = "2026-01-10T00:00:00.000Z";

/** Builds a Gen-A bundle from the fixture tree at an exact path, with a deterministic receipt. */
async function genA(
  path: string,
  work: string,
  version: string,
  tree: TreeOptions = {},
): Promise<void> {
  const src = join(work, `src_${version}`);
  await writeGenATree(src, tree);
  const result = await buildBundle(src, { version, output: path, date: DATE });
  // The receipt carries the wall-clock build time; pin it so the samples are byte-stable.
  const receipt = JSON.parse(await Deno.readTextFile(result.receipt_path));
  receipt.timestamp_utc = FIXED_TIME;
  await Deno.writeTextFile(result.receipt_path, JSON.stringify(receipt, null, 2) + "\n");
}

/** Flips the first data byte of a stored (uncompressed) entry, leaving headers and CRC as they were. */
async function corruptStoredEntry(path: string, name: string): Promise<void> {
  const bytes = await Deno.readFile(path);
  const view = new DataView(bytes.buffer);
  const wanted = new TextEncoder().encode(name);
  for (let at = 0; at + 30 < bytes.length; at++) {
    if (view.getUint32(at, true) !== 0x04034b50) continue;
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    const method = view.getUint16(at + 8, true);
    const entryName = bytes.subarray(at + 30, at + 30 + nameLength);
    if (
      method !== 0 || entryName.length !== wanted.length ||
      !entryName.every((b, i) => b === wanted[i])
    ) continue;
    const data = at + 30 + nameLength + extraLength;
    bytes[data] = bytes[data]! ^ 0x20;
    await Deno.writeFile(path, bytes);
    return;
  }
  throw new Error(`no stored entry ${name} in ${path}`);
}

const SAMPLES: Sample[] = [
  {
    file: "metablooms_os_sample_v1.zip",
    what: "Complete Gen-A tree (all 10 subsystem anchors, working Python launcher and runtime)",
    make: (path, work) => genA(path, work, "v1.0.0"),
    valid: true,
    kit: "BOOT_OK",
    compat: "BOOT_OK",
    exec: "BOOT_OK",
  },
  {
    file: "broken/missing_anchor_sandfit.zip",
    what:
      "No microblooms/sandfit_v0/src/sandfit_engine.py (anchor of SANDFIT_V0); validates, does not boot",
    make: (path, work) =>
      genA(path, work, "v1.0.0-missing-anchor", {
        omit: ["microblooms/sandfit_v0/src/sandfit_engine.py"],
      }),
    valid: true,
    kit: "ACTIVATION_GATE_FAILED",
    compat: "ACTIVATION_GATE_FAILED",
    exec: "ACTIVATION_GATE_FAILED",
  },
  {
    file: "broken/masked_chm_contract.zip",
    what:
      "No control_plane/chm_contract.json: CHM is ERROR, which the original masks (it prints BOOT_OK)",
    make: (path, work) =>
      genA(path, work, "v1.0.0-masked-chm", { omit: ["control_plane/chm_contract.json"] }),
    valid: true,
    kit: "ACTIVATION_GATE_FAILED",
    compat: "BOOT_OK",
    exec: "BOOT_OK",
  },
  {
    file: "broken/missing_boot_file.zip",
    what: "No ENTRYPOINT.md (a required boot file of build_manifest.json)",
    make: (path, work) => genA(path, work, "v1.0.0-missing-boot-file", { omit: ["ENTRYPOINT.md"] }),
    valid: false,
    kit: "BUNDLE_INVALID",
    compat: "not evaluated",
  },
  {
    file: "broken/corrupted_crc.zip",
    what:
      "The sample with one data byte of learning/nanoblooms/registry.json flipped (CRC-32 mismatch)",
    make: async (path, work) => {
      const tmp = join(work, "crc", "bundle.zip");
      await genA(tmp, work, "v1.0.0-crc");
      await Deno.copyFile(tmp, path);
      await corruptStoredEntry(path, "learning/nanoblooms/registry.json");
    },
    valid: false,
    kit: "BUNDLE_INVALID",
    compat: "not evaluated",
  },
  {
    file: "broken/lfs_pointer.zip",
    what: "A Git LFS pointer saved under a .zip name (the real bundle was never downloaded)",
    make: (path) =>
      Deno.writeTextFile(
        path,
        "version https://git-lfs.github.com/spec/v1\n" +
          "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n" +
          "size 260122\n",
      ),
    valid: false,
    kit: "BUNDLE_INVALID",
    compat: "not evaluated",
  },
];

const verdict = (v: { ok: boolean; code?: string | undefined }) =>
  v.ok ? "BOOT_OK" : v.code ?? "BOOT_FAILED";

/**
 * Writes every sample into `out` and checks its verdicts.
 *
 * @param out The samples folder.
 * @returns One line per sample for the terminal.
 */
export async function makeSamples(out: string): Promise<string[]> {
  const bundles = join(out, "bundles");
  await Deno.remove(bundles, { recursive: true }).catch(() => {});
  await Deno.mkdir(join(bundles, "broken"), { recursive: true });
  const work = await Deno.makeTempDir({ prefix: "mb_samples_" });
  const rows: string[] = [];
  const lines: string[] = [];
  try {
    for (const sample of SAMPLES) {
      const path = join(bundles, sample.file);
      await sample.make(path, work);
      const dataDir = join(work, `data_${rows.length}`);
      const config = {
        dataDir,
        bundleLimits: { maxTotalBytes: 1 << 30, maxEntries: 200_000, maxRatio: 1000 },
      };
      const report: BootReport = await bootImage(config, path, {
        exec: sample.exec !== undefined,
        stage: false,
      });
      const got = {
        valid: report.validation?.ok ?? false,
        kit: verdict(report.strict),
        compat: report.compat.evaluated ? verdict(report.compat) : "not evaluated",
        exec: report.exec ? verdict(report.exec) : undefined,
      };
      const expected = {
        valid: sample.valid,
        kit: sample.kit,
        compat: sample.compat,
        exec: sample.exec,
      };
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        throw new Error(
          `${sample.file}: expected ${JSON.stringify(expected)}, got ${
            JSON.stringify(got)
          }: ${report.reason}`,
        );
      }
      const sha = (await sha256File(path)).slice(0, 12);
      rows.push(
        `| \`bundles/${sample.file}\` | ${sample.what} | \`${sha}…\` | ${
          sample.valid ? "ok" : "refused"
        } | ` +
          `${
            sample.kit === "BOOT_OK" ? "BOOT_OK" : `BOOT_FAILED: ${sample.kit}`
          } | ${sample.compat} | ${sample.exec ?? "—"} |`,
      );
      lines.push(
        `${sample.file}: kit ${got.kit}, original ${got.compat}${
          got.exec ? `, exec ${got.exec}` : ""
        }`,
      );
    }
  } finally {
    await Deno.remove(work, { recursive: true });
  }
  await Deno.writeTextFile(join(out, "README.md"), readme(rows));
  const ltmFiles = await makeSampleLtm(join(out, "ltm"));
  lines.push(`ltm/: ${ltmFiles} files`);
  return lines;
}

function readme(rows: string[]): string {
  return `# Sample data

Written by \`deno task samples\` (\`scripts/make_samples.ts\`, deterministic: the same
bytes every run). Each bundle is booted by the script before this file is written,
so the verdicts below are checked, not hoped for.

## Bundles

| file | what | sha256 | validator | kit boot | original boot (compat) | \`--exec\` |
|---|---|---|---|---|---|---|
${rows.join("\n")}

- **kit boot** is \`metablooms boot <file>\`: fail closed, all 10 subsystems required.
- **original boot** is what \`BOOT_METABLOOMS.py\` → \`RUN_METABLOOMS.py\` would print; it masks
  some failures (here: a missing CHM contract). "not evaluated" means the kit refused to
  extract the bundle.
- **\`--exec\`** runs the bundle's own Python entry (needs \`python3\`).

Try:

\`\`\`sh
./bin/deno run -A cli/metablooms.ts boot samples/bundles/metablooms_os_sample_v1.zip --exec --no-stage
./bin/deno run -A cli/metablooms.ts boot samples/bundles/broken/masked_chm_contract.zip --no-stage
\`\`\`

## LTM

\`ltm/\` is a sample long-term-memory repository (see \`scripts/make_sample_ltm.ts\`).
`;
}

if (import.meta.main) {
  const out = resolve(Deno.args[0] ?? "samples");
  for (const line of await makeSamples(out)) console.log(line);
}
