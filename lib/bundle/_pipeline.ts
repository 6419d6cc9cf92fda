/**
 * The validation pipeline shared by validate and extract (private): sniff,
 * central directory, listing checks, one streaming data pass, generation,
 * MEEP, sidecars, receipt; returns the verdict and what extract reuses.
 *
 * @module
 */
import { basename, resolve } from "node:path";
import {
  type BuildManifest,
  BuildManifestSchema,
  type Finding,
  type FindingCategory,
  type Verdict,
} from "../../schemas/bundle.ts";
import { ExitCode, KitError } from "../errors.ts";
import type { LongWorkOptions } from "../progress.ts";
import { GEN_A_BUILD_MANIFEST } from "./build_manifest.ts";
import { checkEntries } from "./entry_checks.ts";
import { CATEGORIES, finding, summarize } from "./findings.ts";
import {
  captureFilter,
  checkDetected,
  type Detection,
  detectProfile,
} from "./generations/detect.ts";
import { bundleLayout, contentReader } from "./generations/profile.ts";
import { isObject } from "./generation.ts";
import { parseJson } from "./layout.ts";
import { type BundleLimitOptions, DEFAULT_BUNDLE_LIMITS } from "./limits.ts";
import { bundleLimitsView } from "../config_view.ts";
import { checkMeep, MEEP_FILE } from "./meep.ts";
import { checkBundleSidecar, checkReceipt, findReceipt } from "./receipt.ts";
import { scanEntries, type ScanResult } from "./scan.ts";
import { checkSidecars } from "./sidecar.ts";
import { describeContent, sniffBundle } from "./sniff.ts";
import { BlockReader } from "./zip/block_reader.ts";
import { readZipDirectory, type ZipDirectory } from "./zip/directory.ts";

/** Options of {@linkcode validateBundle}. */
export interface ValidateOptions extends LongWorkOptions {
  /** Integrity drift (MEEP, contract, sidecars, receipt hash) counts as errors. @default {false} */
  strict?: boolean;
  /** Zip-bomb limits; missing fields use {@linkcode DEFAULT_BUNDLE_LIMITS} (pass `config.bundleLimits`). */
  limits?: Partial<BundleLimitOptions>;
  /** A `build_manifest.json` to check the Gen-A layout against (default: the bundle's own `scripts/build_manifest.json`, else the embedded Gen-A one). */
  buildManifestPath?: string;
  /** The build receipt to verify (default: a `BUILD_RECEIPT_*.json` next to the bundle naming it). */
  receiptPath?: string;
  /** Look for a receipt next to the bundle when `receiptPath` is not given. @default {true} */
  findReceipt?: boolean;
}

/** The verdict plus what extraction reuses. */
export interface PipelineResult {
  /** The verdict. */
  verdict: Verdict;
  /** The central directory (undefined when unreadable). */
  directory?: ZipDirectory;
  /** The data pass (undefined when not run). */
  scan?: ScanResult;
  /** The detected generation. */
  generation?: Detection;
}

const KNOWN = new Set([
  "boot_manifest.json",
  "boot_manifest_v1.json",
  "boot_contract.json",
  MEEP_FILE,
  "VERSION_MANIFEST.json",
  "scripts/build_manifest.json",
  "RUN_METABLOOMS.py",
  "BOOT_METABLOOMS.py",
]);

/**
 * Validates a bundle and returns the verdict with the directory and scan.
 *
 * @param path The bundle.
 * @param options Strictness, limits, manifest, receipt, progress, signal.
 * @returns The verdict and reusable facts.
 * @throws {KitError} `BUNDLE_NOT_FOUND`, `BUNDLE_IS_DIRECTORY`, `BUILD_MANIFEST_INVALID` (exit 2).
 */
export async function runValidation(
  path: string,
  options: ValidateOptions = {},
): Promise<PipelineResult> {
  const absolute = resolve(path);
  const name = basename(absolute);
  const limits: BundleLimitOptions = { ...DEFAULT_BUNDLE_LIMITS, ...options.limits };
  const strict = options.strict ?? false;
  await statBundle(absolute);
  const explicitManifest = options.buildManifestPath === undefined
    ? undefined
    : await loadBuildManifest(resolve(options.buildManifestPath));
  const reader = await BlockReader.open(absolute);
  try {
    const head = (await reader.bytes(0, 1024)).slice();
    const base = { name, path: absolute, size: reader.size, limits, strict };
    const sniffed = sniffBundle(name, reader.size, head);
    if (sniffed) return { verdict: unreadable(base, await reader.digest(), sniffed) };
    let directory: ZipDirectory;
    try {
      directory = await readZipDirectory(reader, { maxEntries: limits.maxEntries, path: name });
    } catch (error) {
      if (!(error instanceof KitError)) throw error;
      const sha256 = await reader.digest();
      if (error.code === "BOMB_ENTRY_COUNT") {
        return {
          verdict: assemble(
            base,
            sha256,
            [finding("BOMB_ENTRY_COUNT", error.message, name, error.details)],
            true,
            {
              generation: "unknown",
              kind: "unknown",
              entryCount: Number(error.details?.entries ?? 0),
              layoutSource: "embedded",
            },
            ["layout", "boot", "integrity", "generation"],
          ),
        };
      }
      return { verdict: unreadable(base, sha256, structureFinding(error, name, head)) };
    }
    const listing = checkEntries(directory, limits);
    const findings: Finding[] = [...listing.findings];
    const layout = bundleLayout(directory.entries.map((e) => e.name));
    const { root } = layout;
    const profileWants = captureFilter(layout);
    const skipped: FindingCategory[] = [];
    let scan: ScanResult = {
      findings: [],
      hashes: new Map(),
      captured: new Map(),
      dataOffsets: new Map(),
      failed: new Set(),
    };
    if (listing.skipAll) {
      findings.push(
        finding(
          "DATA_NOT_CHECKED",
          "Entry data was not read because the archive exceeds the zip-bomb limits",
        ),
      );
      skipped.push("integrity");
    } else {
      // The one pass: every entry is hashed; the small files the checks read are kept.
      scan = await scanEntries(reader, directory, {
        skip: listing.skip,
        capture: (raw) => {
          const n = raw.replaceAll("\\", "/");
          return n.endsWith(".sha256") || (n.startsWith(root) && KNOWN.has(n.slice(root.length))) ||
            profileWants(n);
        },
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.progress ? { progress: options.progress } : {}),
      });
      findings.push(...scan.findings);
    }
    const normal = <T>(m: ReadonlyMap<string, T>) =>
      new Map([...m].map(([n, v]) => [n.replaceAll("\\", "/"), v] as const));
    const hashes = normal(scan.hashes);
    const content = contentReader(normal(scan.captured));
    const info = detectProfile(layout, content);
    const { manifest: buildManifest, source: layoutSource, findings: manifestFindings } =
      explicitManifest
        ? { manifest: explicitManifest, source: resolve(options.buildManifestPath!), findings: [] }
        : info.generation === "A"
        ? bundleBuildManifest(
          content.bytes(`${info.root}scripts/build_manifest.json`),
          `${info.root}scripts/build_manifest.json`,
        )
        : { manifest: GEN_A_BUILD_MANIFEST, source: "embedded", findings: [] };
    const claims: Verdict["claims"] = [];
    let statedVersion: string | undefined;
    if (listing.skipAll) {
      skipped.push("layout", "boot");
      findings.push(
        finding(
          "GENERATION",
          `Generation ${info.generation} by entry names only (${info.reason}); layout not checked`,
          undefined,
          { generation: info.generation, kind: info.kind },
        ),
      );
    } else {
      findings.push(...manifestFindings);
      const checked = await checkDetected(info, {
        layout,
        root: info.root,
        hashes,
        sizes: new Map(
          directory.entries.map((e) => [e.name.replaceAll("\\", "/"), e.uncompressedSize]),
        ),
        content,
        buildManifest,
      });
      findings.push(...checked.findings);
      claims.push(...checked.claims);
      statedVersion = checked.version;
    }
    const files = layout.files;
    const meepPath = info.root + MEEP_FILE;
    const meepExpected = ["A", "B", "C"].includes(info.generation);
    if (!listing.skipAll && (meepExpected || layout.fileSet.has(meepPath))) {
      const meepBytes = content.bytes(meepPath);
      if (meepBytes) {
        findings.push(
          ...checkMeep({ path: meepPath, text: meepBytes, root: info.root, files, hashes })
            .findings,
        );
      } else if (layout.fileSet.has(meepPath)) {
        findings.push(
          finding("MEEP_INVALID", `MEEP manifest ${meepPath} could not be read`, meepPath),
        );
      } else {
        findings.push(finding(
          "MEEP_MISSING",
          `No ${meepPath}: file hashes cannot be checked against an inventory`,
          meepPath,
          undefined,
          info.generation === "A" ? "warning" : "info",
        ));
      }
    }
    if (!listing.skipAll && info.kind !== "unknown") {
      const sidecars = new Map([...normal(scan.captured)].filter(([n]) => n.endsWith(".sha256")));
      const sizes = new Map(directory.entries.map((e) => [e.name, e.uncompressedSize]));
      findings.push(...checkSidecars(sidecars, hashes, sizes));
    }
    const sha256 = await reader.digest();
    findings.push(...await checkBundleSidecar(absolute, sha256, reader.size, info.generation));
    const receiptPath = options.receiptPath !== undefined
      ? resolve(options.receiptPath)
      : options.findReceipt === false
      ? undefined
      : await findReceipt(absolute);
    let receiptVersion: string | undefined;
    if (receiptPath !== undefined) {
      const checked = await checkReceipt(receiptPath, sha256, options.receiptPath !== undefined);
      findings.push(...checked.findings);
      receiptVersion = checked.receipt?.version;
    } else {
      skipped.push("signature");
    }
    const versionJson = content.json(`${info.root}VERSION_MANIFEST.json`);
    const version = isObject(versionJson) && typeof versionJson.version === "string"
      ? versionJson.version
      : statedVersion ?? receiptVersion ?? versionFromName(name);
    const verdict = assemble(base, sha256, findings, true, {
      generation: info.generation,
      kind: info.kind,
      entryCount: directory.entries.length,
      layoutSource,
      ...(info.root ? { root: info.root.slice(0, -1) } : {}),
      ...(version ? { version } : {}),
      claims,
    }, skipped);
    return { verdict, directory, scan, generation: info };
  } finally {
    reader.close();
  }
}

interface Base {
  name: string;
  path: string;
  size: number;
  limits: BundleLimitOptions;
  strict: boolean;
}

function assemble(
  base: Base,
  sha256: string,
  findings: Finding[],
  readable: boolean,
  extra: {
    generation: Verdict["identity"]["generation"];
    kind: Verdict["identity"]["kind"];
    entryCount: number;
    layoutSource: string;
    root?: string;
    version?: string;
    claims?: Verdict["claims"];
  },
  skipped: FindingCategory[],
): Verdict {
  const summary = summarize(findings, base.strict, skipped);
  return {
    ok: summary.counts.error === 0,
    readable,
    strict: base.strict,
    identity: {
      name: base.name,
      path: base.path,
      ...(extra.version ? { version: extra.version } : {}),
      sha256,
      size: base.size,
      generation: extra.generation,
      kind: extra.kind,
      ...(extra.root ? { root: extra.root } : {}),
      entry_count: extra.entryCount,
    },
    ...summary,
    layout_source: extra.layoutSource,
    limits: bundleLimitsView(base.limits),
    claims: extra.claims ?? [],
  };
}

function unreadable(base: Base, sha256: string, problem: Finding): Verdict {
  const version = versionFromName(base.name);
  return assemble(base, sha256, [problem], false, {
    generation: "unknown",
    kind: "unknown",
    entryCount: 0,
    layoutSource: "embedded",
    ...(version ? { version } : {}),
  }, CATEGORIES.filter((c) => c !== "structure"));
}

function structureFinding(error: KitError, name: string, head: Uint8Array): Finding {
  if (error.code === "ZIP_NO_END_RECORD") {
    const looksZip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
    return looksZip
      ? finding(
        "TRUNCATED",
        `Cannot read ${name}: it starts like a zip but has no end-of-central-directory record (truncated or cut off)`,
        name,
      )
      : finding(
        "NOT_A_ZIP",
        `Cannot read ${name} as it is not a zip archive: it holds ${describeContent(head)}`,
        name,
      );
  }
  return finding(error.code, error.message, name, error.details);
}

function bundleBuildManifest(
  bytes: Uint8Array | undefined,
  path: string,
): { manifest: BuildManifest; source: string; findings: Finding[] } {
  if (!bytes) return { manifest: GEN_A_BUILD_MANIFEST, source: "embedded", findings: [] };
  const parsed = parseJson(bytes);
  const manifest = parsed.ok ? BuildManifestSchema.safeParse(parsed.value) : undefined;
  if (!manifest?.success) {
    return {
      manifest: GEN_A_BUILD_MANIFEST,
      source: "embedded",
      findings: [
        finding(
          "BUILD_MANIFEST_INVALID",
          `The bundle's ${path} cannot be used (${
            parsed.ok ? "wrong shape" : parsed.error
          }); the embedded Gen-A layout was checked instead`,
          path,
        ),
      ],
    };
  }
  const findings = [
    finding(
      "BUILD_MANIFEST_FROM_BUNDLE",
      `The Gen-A layout was checked against the bundle's own ${path}`,
      path,
    ),
  ];
  const requiredBy = (m: BuildManifest) =>
    new Set([
      ...[...m.required_boot_files, ...m.required_control_plane_files].filter((f) => f.required)
        .map((f) => f.path),
      ...m.required_directories.filter((d) => typeof d === "string" || d.required !== false).map((
        d,
      ) => (typeof d === "string" ? d : d.path) + "/"),
    ]);
  const ours = requiredBy(manifest.data);
  const dropped = [...requiredBy(GEN_A_BUILD_MANIFEST)].filter((p) => !ours.has(p));
  if (dropped.length) {
    findings.push(finding(
      "BUILD_MANIFEST_WEAKER",
      `The bundle's ${path} no longer requires ${dropped.length} items the canonical Gen-A layout requires: ${
        dropped.join(", ")
      }`,
      path,
      { dropped },
    ));
  }
  return { manifest: manifest.data, source: `bundle:${path}`, findings };
}

async function loadBuildManifest(path: string): Promise<BuildManifest> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new KitError(
      "BUILD_MANIFEST_INVALID",
      `Cannot read build manifest ${path}: ${(error as Error).message}`,
      {
        path,
        exitCode: ExitCode.USAGE,
        cause: error,
      },
    );
  }
  const parsed = parseJson(new TextEncoder().encode(text));
  const manifest = parsed.ok ? BuildManifestSchema.safeParse(parsed.value) : undefined;
  if (!manifest?.success) {
    const why = !parsed.ok
      ? parsed.error
      : `${manifest?.error.issues[0]?.path.join(".")}: ${manifest?.error.issues[0]?.message}`;
    throw new KitError("BUILD_MANIFEST_INVALID", `Build manifest ${path} is invalid: ${why}`, {
      path,
      exitCode: ExitCode.USAGE,
    });
  }
  return manifest.data;
}

async function statBundle(path: string): Promise<void> {
  let stat: Deno.FileInfo;
  try {
    stat = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new KitError("BUNDLE_NOT_FOUND", `Bundle ${path} does not exist`, {
        path,
        exitCode: ExitCode.USAGE,
        cause: error,
      });
    }
    throw error;
  }
  if (stat.isDirectory) {
    throw new KitError(
      "BUNDLE_IS_DIRECTORY",
      `Bundle ${path} is a folder; build it into a zip first (metablooms build)`,
      {
        path,
        exitCode: ExitCode.USAGE,
      },
    );
  }
}

/**
 * A version from a bundle file name (`…_v7_4_1_2025-12-30.zip` → `v7.4.1`).
 *
 * @param name File name.
 * @returns The version, or undefined.
 */
export function versionFromName(name: string): string | undefined {
  const match = /_v(\d+(?:_\d+)*)(?=[_.-])/i.exec(name);
  return match ? `v${match[1]!.replaceAll("_", ".")}` : undefined;
}
