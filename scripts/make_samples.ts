// deno-lint-ignore-file no-console -- a build script that reports on the terminal
/**
 * Writes the sample data (deterministic; `deno task samples`):
 *
 * - `samples/bundles/metablooms_os_sample_v1.zip` (+ `.sha256` sidecar and
 *   `BUILD_RECEIPT_v1.0.0.json`): the complete Gen-A fixture tree, built with
 *   `buildBundle`; boots `BOOT_OK` (the kit and its own runtime).
 * - `samples/bundles/broken/`: bundles that must be refused, one per failure:
 *   a missing subsystem anchor, a failure the original masks, a missing boot
 *   file, a corrupted CRC, and a Git LFS pointer named `.zip`.
 * - `samples/bundles/later/`: one small synthetic bundle of each later
 *   generation D, E, F, G (written from generations.md, not copied), with
 *   Python launchers that behave as the spec describes — including the lying
 *   exit codes (`broken/`: D exits 0 on failed gates, E's validation exits 0
 *   on a failed check, G's run.py exits 2 blaming an engine hash).
 * - `samples/bundles/not_bundles/`: one zip of each non-bundle kind.
 * - `samples/README.md`: each sample with its expected verdicts.
 * - `samples/ltm/` via `scripts/make_sample_ltm.ts`.
 *
 * Every sample is booted in a throwaway data directory (its own runtime runs:
 * python3 is needed) before the README is written; the script fails when a
 * verdict differs from the expected one.
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
import { genEComponentPath } from "../tests/fixtures/later/gen_e_tree.ts";
import { writeLaterZip } from "../tests/fixtures/later/samples.ts";
import { makeSampleLtm } from "./make_sample_ltm.ts";

/** One sample bundle and the verdicts it must get. */
interface Sample {
  /** Path under `bundles/`. */
  file: string;
  /** What it is. */
  what: string;
  /** Builds it at `path`. */
  make: (path: string, work: string) => Promise<void>;
  /** Expected generation (`A`–`G`, or the non-bundle kind). */
  generation: string;
  /** Expected kit verdict (`BOOT_OK` or the BOOT_FAILED code). */
  kit: string;
  /** Expected verdict of the bundle's own runtime (compat), or `not evaluated`. */
  compat: string;
  /** Expected exit code of each launch step (`name=code`), "—" when not run. */
  exits: string;
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
    generation: "A",
    kit: "BOOT_OK",
    compat: "BOOT_OK",
    exits: "entry=0",
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
    generation: "A",
    kit: "ACTIVATION_GATE_FAILED",
    compat: "ACTIVATION_GATE_FAILED",
    exits: "entry=1",
  },
  {
    file: "broken/masked_chm_contract.zip",
    what:
      "No control_plane/chm_contract.json: CHM is ERROR, which the original masks (it prints BOOT_OK)",
    make: (path, work) =>
      genA(path, work, "v1.0.0-masked-chm", { omit: ["control_plane/chm_contract.json"] }),
    valid: true,
    generation: "A",
    kit: "ACTIVATION_GATE_FAILED",
    compat: "BOOT_OK",
    exits: "entry=0",
  },
  {
    file: "broken/missing_boot_file.zip",
    what: "No ENTRYPOINT.md (a required boot file of build_manifest.json)",
    make: (path, work) => genA(path, work, "v1.0.0-missing-boot-file", { omit: ["ENTRYPOINT.md"] }),
    valid: false,
    generation: "A",
    kit: "BUNDLE_INVALID",
    compat: "BOOT_OK",
    exits: "entry=0",
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
    generation: "A",
    kit: "BUNDLE_INVALID",
    compat: "not evaluated",
    exits: "—",
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
    generation: "unknown",
    kit: "BUNDLE_INVALID",
    compat: "not evaluated",
    exits: "—",
  },
  {
    file: "later/gen_d_sandbox_package.zip",
    what: "Gen D: MetaBlooms_OS/boot.py, mpp.py, engines, five validation gates",
    make: (path) => later("gen_d", path),
    valid: true,
    generation: "D",
    kit: "BOOT_OK",
    compat: "BOOT_OK",
    exits: "launcher=0",
  },
  {
    file: "later/gen_e_kernel_snapshot.zip",
    what: "Gen E: mb_kernel/ + mb_wired/, loose freeze, kernel_integration_validation.py",
    make: (path) => later("gen_e", path),
    valid: true,
    generation: "E",
    kit: "BOOT_OK",
    compat: "BOOT_OK",
    exits: "integration_validation=0",
  },
  {
    file: "later/gen_f_v10_read_order.zip",
    what: "Gen F: mb_os_v10_full/, BOOT_INDEX.json, run.py (registry unread: kernel DEGRADED)",
    make: (path) => later("gen_f", path),
    valid: true,
    generation: "F",
    kit: "BOOT_OK",
    compat: "BOOT_OK",
    exits: "run_py=0",
  },
  {
    file: "later/gen_g_dl_hardened.zip",
    what:
      "Gen G as shipped: canonical_root /mnt/data/Metablooms_OS (enforce_boot() raises FileNotFoundError), spine names a dropped file, run.py exits 2 blaming an engine hash",
    make: (path) => later("gen_g", path),
    valid: false,
    generation: "G",
    kit: "BUNDLE_INVALID",
    compat: "UNCAUGHT_EXCEPTION",
    exits: "boot_gate=1, run_py=2",
  },
  {
    file: "later/broken/gen_d_gate_fails.zip",
    what: "Gen D without schemas/LESSON_PROMOTION.schema.json: gates FAIL, boot.py still exits 0",
    make: (path) =>
      later("gen_d", path, { omit: ["MetaBlooms_OS/schemas/LESSON_PROMOTION.schema.json"] }),
    valid: false,
    generation: "D",
    kit: "BUNDLE_INVALID",
    compat: "VALIDATION_GATES_FAILED",
    exits: "launcher=0",
  },
  {
    file: "later/broken/gen_e_check_fails.zip",
    what: "Gen E whose commit_system module raises: all_pass false, the validation still exits 0",
    make: (path) =>
      later("gen_e", path, {
        overrides: {
          [genEComponentPath("commit_system")]: "raise RuntimeError('commit system unavailable')\n",
        },
      }),
    valid: true,
    generation: "E",
    kit: "INTEGRATION_CHECKS_FAILED",
    compat: "INTEGRATION_CHECKS_FAILED",
    exits: "integration_validation=0",
  },
  ...["os_delta", "engine_export", "receipt_pack", "tool_pack"].map((kind): Sample => ({
    file: `not_bundles/${kind}.zip`,
    what: `Not an OS bundle: ${kind.toUpperCase()} (generations.md §7)`,
    make: (path) => later(kind, path),
    valid: false,
    generation: kind.toUpperCase(),
    kit: "BUNDLE_INVALID",
    compat: "not evaluated",
    exits: "—",
  })),
];

/** Writes a later-generation or non-bundle fixture zip at `path`. */
async function later(
  name: string,
  path: string,
  options: Parameters<typeof writeLaterZip>[2] = {},
): Promise<void> {
  await writeLaterZip(name, path, options);
}

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
  for (const folder of ["broken", "later/broken", "not_bundles"]) {
    await Deno.mkdir(join(bundles, folder), { recursive: true });
  }
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
      const report: BootReport = await bootImage(config, path, { stage: false });
      const generation = report.bundle.generation === "NOT_A_BUNDLE"
        ? report.bundle.kind
        : report.bundle.generation;
      const got = {
        valid: report.validation?.ok ?? false,
        generation,
        kit: verdict(report.strict),
        compat: report.compat.evaluated ? verdict(report.compat) : "not evaluated",
        exits: report.exec?.steps?.map((s) => `${s.name}=${s.exit_code}`).join(", ") || "—",
      };
      const expected = {
        valid: sample.valid,
        generation: sample.generation,
        kit: sample.kit,
        compat: sample.compat,
        exits: sample.exits,
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
        `| \`bundles/${sample.file}\` | ${sample.generation} | ${sample.what} | \`${sha}…\` | ${
          sample.valid ? "ok" : "refused"
        } | ` +
          `${
            sample.kit === "BOOT_OK" ? "BOOT_OK" : `BOOT_FAILED: ${sample.kit}`
          } | ${sample.compat} | ${sample.exits} |`,
      );
      lines.push(`${sample.file}: ${generation}, kit ${got.kit}, own runtime ${got.compat}`);
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

| file | generation | what | sha256 | validator | kit boot | own runtime (compat) | exit codes |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}

- **generation** is \`identity.generation\` of \`metablooms validate\` (A–G), or the kind of a
  zip that is not an OS bundle (\`identity.kind\`, with \`generation: NOT_A_BUNDLE\`).
- **kit boot** is \`metablooms boot <file>\`: fail closed (Gen A: all 10 subsystems required;
  a bundle its validator faults is BUNDLE_INVALID, with its runtime's verdict beside it).
- **own runtime** is what the bundle's own launcher says when the kit runs it (python3, scratch
  copy, no network), read from the generation's real success signals; it masks some failures
  (here: a missing CHM contract). "not evaluated" means the kit did not unpack the zip.
- **exit codes** are those of each launch step; they lie in several generations (D exits 0 on
  failed gates, E's validation exits 0 on a failed check, G's run.py exits 2 with a message that
  blames an engine hash when the dependency graph is what is missing).

Try:

\`\`\`sh
./bin/deno run -A cli/metablooms.ts boot samples/bundles/metablooms_os_sample_v1.zip --no-stage
./bin/deno run -A cli/metablooms.ts boot samples/bundles/broken/masked_chm_contract.zip --no-stage
./bin/deno run -A cli/metablooms.ts boot samples/bundles/later/gen_g_dl_hardened.zip --no-stage
./bin/deno run -A cli/metablooms.ts validate samples/bundles/not_bundles/receipt_pack.zip
\`\`\`

## LTM

\`ltm/\` is a sample long-term-memory repository (see \`scripts/make_sample_ltm.ts\`).
`;
}

if (import.meta.main) {
  const out = resolve(Deno.args[0] ?? "samples");
  for (const line of await makeSamples(out)) console.log(line);
}
